import { checkKeys } from '../internals/index.js';
import { checkBoolean, checkInteger, checkModes, checkPoints, checkPositive, checkStepCount, checkTimes, optionsObject } from './checks.js';
import { Complex, SemilinearEquation } from './types.js';

/** Options of {@link solveSemilinear}. */
export interface SemilinearOptions {
  /** The output times: strictly increasing, from t ≥ 0 (the solve starts from u(x, 0) at t = 0). */
  t: ArrayLike<number>;
  /** The largest time step; each interval between output times is cut into equal steps no longer than this. */
  dt: number;
  /** Fourier modes, also the number of collocation points: a power of two. @default 256 */
  modes?: number;
  /**
   * The output points, anywhere (u is periodic); the trigonometric interpolant
   * is evaluated at them. @default the collocation points a + i (b - a)/modes
   */
  x?: ArrayLike<number>;
  /**
   * Form the nonlinear term on a grid padded so that no product of modes
   * aliases (needs `equation.degree`). @default true
   */
  dealias?: boolean;
  /** Points on the circle that evaluates the φ-functions. @default 64 */
  contourPoints?: number;
}

/** {@link SemilinearOptions} with defaults applied and every value checked. */
export interface CheckedSemilinearOptions {
  t: Float64Array;
  dt: number;
  modes: number;
  /** undefined: the collocation points. */
  x: Float64Array | undefined;
  dealias: boolean;
  contourPoints: number;
}

/** {@link SemilinearEquation} checked, with its multiplier filled in. */
export interface CheckedEquation extends SemilinearEquation {
  multiplier: (k: number) => Complex;
}

const KEYS = ['t', 'dt', 'modes', 'x', 'dealias', 'contourPoints'] as const;
const EQUATION_KEYS = ['period', 'linear', 'nonlinear', 'multiplier', 'degree', 'initial'] as const;
/** The highest polynomial degree dealiasing pads for (a grid (degree + 1)/2 times finer, rounded up to a power of two). */
const MAX_DEGREE = 7;

/**
 * Fills in the defaults of {@link SemilinearOptions} and checks every value; `fn` names the entry point.
 *
 * @example
 * checkSemilinearOptions({ t: [1], dt: 1e-3 }, checkEquation(allenCahnEquation(), 'solveSemilinear'), 'solveSemilinear');
 * // { t: Float64Array [1], dt: 1e-3, modes: 256, x: undefined, dealias: true, contourPoints: 64 }
 */
export function checkSemilinearOptions(options: SemilinearOptions, equation: CheckedEquation, fn: string): CheckedSemilinearOptions {
  if (options === undefined) throw new Error(`Argument 'options' passed to '${fn}' is required: it needs at least the output times 't' and the time step 'dt'.`);
  const o = optionsObject(options, KEYS, fn);
  if (o.t === undefined) throw new Error(`Option 'options.t' passed to '${fn}' is required: the output times.`);
  if (o.dt === undefined) throw new Error(`Option 'options.dt' passed to '${fn}' is required: the largest time step.`);
  const t = checkTimes(o.t, 'options.t', fn);
  const dt = checkPositive(o.dt, 'options.dt', fn);
  checkStepCount(t, dt, 'options.dt', fn);
  const dealias = checkBoolean(o.dealias ?? true, 'options.dealias', fn);
  if (dealias && equation.degree === undefined) {
    throw new Error(`Option 'options.dealias' passed to '${fn}' is true, which needs 'equation.degree' (the polynomial degree of equation.nonlinear); give it, or pass dealias: false for a nonlinearity that is not a polynomial.`);
  }
  return {
    t,
    dt,
    modes: checkModes(o.modes ?? 256, 'options.modes', fn),
    x: o.x === undefined ? undefined : checkPoints(o.x, 'options.x', fn),
    dealias,
    contourPoints: checkInteger(o.contourPoints ?? 64, 8, 1024, 'options.contourPoints', fn),
  };
}

/**
 * Checks a {@link SemilinearEquation}'s fields (not yet its symbols' values: see the solver).
 *
 * @example
 * checkEquation(kdvEquation(), 'solveSemilinear').multiplier(2); // [0, 2]
 * checkEquation({ ...kdvEquation(), period: [1, 0] }, 'solveSemilinear'); // throws: ... must be an interval [a, b] ...
 */
export function checkEquation(equation: SemilinearEquation, fn: string): CheckedEquation {
  const bad = (what: string, expected: string, got: unknown): never => {
    throw new Error(`Argument '${what}' passed to '${fn}' must be ${expected}, but got ${typeof got === 'function' ? 'a function' : JSON.stringify(got) ?? String(got)}.`);
  };
  if (equation === null || typeof equation !== 'object' || Array.isArray(equation)) bad('equation', 'an object { period, linear, nonlinear, initial, multiplier?, degree? }', equation);
  checkKeys(equation, EQUATION_KEYS, `argument 'equation' passed to '${fn}'`);
  const p = equation.period;
  if (!Array.isArray(p) || p.length !== 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1]) || !(p[0] < p[1])) bad('equation.period', 'an interval [a, b] with finite a < b', p);
  for (const name of ['linear', 'nonlinear', 'initial'] as const) if (typeof equation[name] !== 'function') bad(`equation.${name}`, 'a function', equation[name]);
  if (equation.multiplier !== undefined && typeof equation.multiplier !== 'function') bad('equation.multiplier', 'a function or undefined', equation.multiplier);
  const d = equation.degree;
  if (d !== undefined && (!Number.isInteger(d) || d < 1 || d > MAX_DEGREE)) bad('equation.degree', `an integer from 1 to ${MAX_DEGREE} or undefined`, d);
  return { ...equation, multiplier: equation.multiplier ?? (() => [1, 0]) };
}
