import { checkKeys } from '../internals/index.js';

// Checks shared by the reference solvers' option checkers; each names the
// option and the entry point as the caller wrote them.

/** The fewest and most Fourier modes a solve takes. */
export const MODES_RANGE = [8, 262_144] as const;
/** The most time steps one solve takes in all: a bound on its run time (about 10 minutes at 512 modes). */
export const MAX_STEPS = 10_000_000;

const show = (v: unknown): string => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : typeof v === 'function' ? 'a function' : v === undefined ? 'undefined' : Array.isArray(v) ? `an array of ${v.length}` : JSON.stringify(v) ?? String(v));

/**
 * Throws unless `options` is undefined or an object with only `keys`; returns it or `{}`.
 *
 * @example
 * optionsObject({ modes: 512 }, ['modes', 'dt'], 'kdvReference'); // { modes: 512 }
 * optionsObject({ mode: 512 }, ['modes'], 'kdvReference'); // throws: Unknown key 'mode' ... Did you mean 'modes'?
 */
export function optionsObject<T extends object>(options: T | undefined, keys: readonly string[], fn: string): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new Error(`Argument 'options' passed to '${fn}' must be an object of options, but got ${show(options)}.`);
  }
  checkKeys(options, keys, `options passed to '${fn}'`);
  return options;
}

/**
 * Throws unless `v` is a power of two in {@link MODES_RANGE}.
 *
 * @example
 * checkModes(512, 'options.modes', 'kdvReference'); // 512
 * checkModes(500, 'options.modes', 'kdvReference'); // throws: ... must be a power of two ...
 */
export function checkModes(v: unknown, what: string, fn: string): number {
  const [lo, hi] = MODES_RANGE;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi || (v & (v - 1)) !== 0) {
    throw new Error(`Option '${what}' passed to '${fn}' must be a power of two from ${lo} to ${hi} (the FFT's size), but got ${show(v)}.`);
  }
  return v;
}

/**
 * Throws unless `v` is a finite number > 0.
 *
 * @example
 * checkPositive(1e-4, 'options.dt', 'kdvReference'); // 1e-4
 */
export function checkPositive(v: unknown, what: string, fn: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new Error(`Option '${what}' passed to '${fn}' must be a finite number > 0, but got ${show(v)}.`);
  return v;
}

/**
 * Throws unless `v` is an integer in [lo, hi].
 *
 * @example
 * checkInteger(64, 8, 1024, 'options.contourPoints', 'solveSemilinear'); // 64
 */
export function checkInteger(v: unknown, lo: number, hi: number, what: string, fn: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new Error(`Option '${what}' passed to '${fn}' must be an integer from ${lo} to ${hi}, but got ${show(v)}.`);
  return v;
}

/**
 * Throws unless `v` is a boolean.
 *
 * @example
 * checkBoolean(true, 'options.dealias', 'kdvReference'); // true
 */
export function checkBoolean(v: unknown, what: string, fn: string): boolean {
  if (typeof v !== 'boolean') throw new Error(`Option '${what}' passed to '${fn}' must be true or false, but got ${show(v)}.`);
  return v;
}

function numbers(v: unknown, what: string, fn: string, expected: string): Float64Array {
  const bad = (why: string): never => {
    throw new Error(`Option '${what}' passed to '${fn}' must be ${expected}, but ${why}.`);
  };
  if (v === null || typeof v !== 'object' || typeof (v as ArrayLike<number>).length !== 'number') bad(`got ${show(v)}`);
  const values = Float64Array.from(v as ArrayLike<number>);
  if (values.length === 0) bad('it is empty');
  const at = values.findIndex((value, i) => typeof (v as ArrayLike<unknown>)[i] !== 'number' || !Number.isFinite(value));
  if (at >= 0) bad(`${what}[${at}] is ${show((v as ArrayLike<unknown>)[at])}`);
  return values;
}

/**
 * Throws unless `v` is a non-empty array of finite numbers; returns a copy.
 *
 * @example
 * checkPoints([0, 0.5], 'options.x', 'kdvReference'); // Float64Array [0, 0.5]
 */
export function checkPoints(v: unknown, what: string, fn: string): Float64Array {
  return numbers(v, what, fn, 'a non-empty array of finite numbers');
}

/**
 * Throws unless `v` is a non-empty, strictly increasing array of finite times ≥ 0; returns a copy.
 *
 * @example
 * checkTimes([0, 0.5, 1], 'options.t', 'kdvReference'); // Float64Array [0, 0.5, 1]
 * checkTimes([0, 1, 1], 'options.t', 'kdvReference'); // throws: ... options.t[2] = 1 follows 1.
 */
export function checkTimes(v: unknown, what: string, fn: string): Float64Array {
  const expected = 'a non-empty, strictly increasing array of finite times >= 0 (the solve starts at t = 0)';
  const t = numbers(v, what, fn, expected);
  if (t[0] < 0) throw new Error(`Option '${what}' passed to '${fn}' must be ${expected}, but ${what}[0] is ${t[0]}.`);
  for (let j = 1; j < t.length; j++) {
    if (!(t[j] > t[j - 1])) throw new Error(`Option '${what}' passed to '${fn}' must be ${expected}, but ${what}[${j}] = ${t[j]} follows ${t[j - 1]}.`);
  }
  return t;
}

/**
 * The number of equal steps no longer than `dt` that cover `span` (a hair of slack so 0.1/0.01 is 10, not 11).
 *
 * @example
 * stepsFor(0.1, 0.01); // 10
 * stepsFor(0.1, 0.03); // 4
 */
export function stepsFor(span: number, dt: number): number {
  return Math.max(1, Math.ceil(span / dt - 1e-9));
}

/**
 * Throws when the steps from 0 to the last time exceed {@link MAX_STEPS}; returns their count.
 *
 * @example
 * checkStepCount(Float64Array.of(0, 1), 1e-4, 'options.dt', 'kdvReference'); // 10000
 */
export function checkStepCount(t: Float64Array, dt: number, what: string, fn: string): number {
  let steps = 0;
  for (let j = 0, from = 0; j < t.length; from = t[j], j++) if (t[j] > from) steps += stepsFor(t[j] - from, dt);
  if (steps > MAX_STEPS) {
    throw new Error(`Option '${what}' passed to '${fn}' must leave at most ${MAX_STEPS} time steps up to t = ${t[t.length - 1]}, but ${dt} needs ${steps}; take a larger dt (ETDRK4 is fourth order).`);
  }
  return steps;
}

/**
 * `n` equally spaced values from `lo` to `hi`, both in (numpy's and MATLAB's linspace, exact at the ends).
 *
 * @example
 * linspace(0, 1, 5); // Float64Array [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(lo: number, hi: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + ((hi - lo) * i) / (n - 1)));
}
