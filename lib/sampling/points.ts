import { Rng } from './rng.js';
import { sobolPoint } from './sobol.js';
import { Interval, Points } from '../sampling/types.js';

/** How points are drawn: independent uniform, Latin hypercube, or (digitally shifted) Sobol. */
export type SamplingMethod = 'uniform' | 'lhs' | 'sobol';

/** Where the next Sobol point comes from: the sequence index and the shift, per stream. */
export interface SobolCursor {
  /** Index of the next point in the Sobol sequence. */
  index: number;
  /** The digital shift: one random 32-bit word per dimension, drawn on first use (empty before). */
  shift: number[];
}

/**
 * Draws n points in a box, one Float64Array per named input, from [0,1)^d
 * samples scaled to each interval. `fixed` pins inputs to a value (a face of the box).
 *
 * @example
 * const p = samplePoints({x: [-1, 1], t: [0, 1]}, 1000, 'sobol', rng, cursor);
 * p.x.length; // 1000
 */
export function samplePoints(
  box: Record<string, Interval>,
  n: number,
  method: SamplingMethod,
  rng: Rng,
  cursor: SobolCursor,
  fixed: Record<string, number> = {},
): Points {
  const names = Object.keys(box);
  const free = names.filter((name) => !(name in fixed));
  const unit = unitSamples(free.length, n, method, rng, cursor);
  const out: Points = {};
  for (const name of names) {
    const column = new Float64Array(n);
    if (name in fixed) column.fill(fixed[name]);
    else {
      const [lo, hi] = box[name];
      const u = unit[free.indexOf(name)];
      for (let i = 0; i < n; i++) column[i] = lo + (hi - lo) * u[i];
    }
    out[name] = column;
  }
  return out;
}

/**
 * n samples in [0,1)^d, one Float64Array per dimension.
 *
 * @example
 * const [u, v] = unitSamples(2, 256, 'sobol', new Rng(1), { index: 0, shift: [] });
 * u.length; // 256, in [0, 1)
 */
export function unitSamples(d: number, n: number, method: SamplingMethod, rng: Rng, cursor: SobolCursor): Float64Array[] {
  const cols = Array.from({ length: d }, () => new Float64Array(n));
  // A face of a one-dimensional box is a point: nothing to draw.
  if (d === 0) return cols;
  if (method === 'uniform') {
    for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) cols[k][i] = rng.next();
  } else if (method === 'lhs') {
    // One point per stratum in each dimension, strata paired by random permutations.
    for (let k = 0; k < d; k++) {
      const perm = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        [perm[i], perm[j]] = [perm[j], perm[i]];
      }
      for (let i = 0; i < n; i++) cols[k][i] = (perm[i] + rng.next()) / n;
    }
  } else if (method === 'sobol') {
    if (cursor.shift.length < d) {
      for (let k = cursor.shift.length; k < d; k++) cursor.shift.push(rng.uint32());
    }
    for (let i = 0; i < n; i++) {
      const p = sobolPoint(cursor.index++, d, cursor.shift);
      for (let k = 0; k < d; k++) cols[k][i] = p[k];
    }
  } else {
    throw new Error(`Sampling method must be 'uniform', 'lhs' or 'sobol', but got ${JSON.stringify(method)}.`);
  }
  return cols;
}

/**
 * Concatenates point sets with the same inputs.
 *
 * @example
 * const all = concatPoints(fresh, refined);
 * countPoints(all); // countPoints(fresh) + countPoints(refined)
 */
export function concatPoints(a: Points, b: Points): Points {
  const out: Points = {};
  for (const name of Object.keys(a)) {
    const c = new Float64Array(a[name].length + b[name].length);
    c.set(a[name]);
    c.set(b[name], a[name].length);
    out[name] = c;
  }
  return out;
}

/**
 * The rows `idx` of a point set.
 *
 * @example
 * const worst = pickPoints(candidates, [3, 17]);
 * countPoints(worst); // 2
 */
export function pickPoints(p: Points, idx: ArrayLike<number>): Points {
  const out: Points = {};
  for (const name of Object.keys(p)) out[name] = Float64Array.from(idx as ArrayLike<number>, (i) => p[name][i]);
  return out;
}

/**
 * Number of points in a point set.
 *
 * @example
 * countPoints({ x: new Float64Array(5), t: new Float64Array(5) }); // 5
 * countPoints({}); // 0
 */
export function countPoints(p: Points): number {
  const first = Object.keys(p)[0];
  return first === undefined ? 0 : p[first].length;
}

/**
 * A regular grid over the box with `counts[name]` points per input (ends included), first input fastest.
 *
 * @example
 * gridPoints({ x: [0, 1], t: [0, 2] }, { x: 3, t: 2 }).x; // [0, 0.5, 1, 0, 0.5, 1]
 * gridPoints(problem.domain, problem.grid); // the error grid
 */
export function gridPoints(box: Record<string, Interval>, counts: Record<string, number>): Points {
  const names = Object.keys(box);
  const total = names.reduce((s, name) => s * counts[name], 1);
  const out: Points = {};
  let stride = 1;
  for (const name of names) {
    const [lo, hi] = box[name];
    const m = counts[name];
    const col = new Float64Array(total);
    for (let i = 0; i < total; i++) {
      const j = Math.floor(i / stride) % m;
      col[i] = m === 1 ? lo : lo + ((hi - lo) * j) / (m - 1);
    }
    out[name] = col;
    stride *= m;
  }
  return out;
}

/**
 * Throws unless `points` gives each of `inputs` as a Float64Array of finite values, all of one length: a
 * shorter column would read past its end (NaN, or a silent 0 in a piecewise solution) and a non-finite
 * coordinate gives a non-finite u. The message names `fn`, the input, what was expected and what came.
 *
 * @example
 * checkPointColumns({ x: Float64Array.of(0.5), t: Float64Array.of(0.1) }, ['x', 't'], 'Solution.predict'); // passes
 * checkPointColumns({ x: [0.5], t: [0.1] }, ['x', 't'], 'Solution.predict'); // throws: x is an array, not a Float64Array
 */
export function checkPointColumns(points: unknown, inputs: readonly string[], fn: string): asserts points is Points {
  if (points === null || typeof points !== 'object') {
    throw new Error(`Argument 'points' passed to '${fn}' must be an object with one Float64Array per input (${inputs.join(', ')}), but got ${points === null ? 'null' : typeof points}.`);
  }
  const cols = points as Record<string, unknown>;
  const n = (cols[inputs[0]] as { length?: unknown } | undefined)?.length;
  for (const v of inputs) {
    const c = cols[v];
    if (!(c instanceof Float64Array)) throw new Error(`Argument 'points' passed to '${fn}' must give input '${v}' as a Float64Array, but got ${describeColumn(c)}.`);
    if (c.length !== n) {
      throw new Error(`Argument 'points' passed to '${fn}' must give every input the same number of points, but '${inputs[0]}' has ${n} and '${v}' has ${c.length}.`);
    }
    const bad = c.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new Error(`Argument 'points' passed to '${fn}' must hold finite coordinates, but '${v}'[${bad}] is ${c[bad]}.`);
  }
}

/** What came instead of a Float64Array column, for the error message (a plain array gets the conversion). */
function describeColumn(c: unknown): string {
  if (c === undefined) return 'nothing';
  if (c === null) return 'null';
  if (Array.isArray(c)) return `an array of length ${c.length} (Float64Array.from(array) converts it)`;
  return typeof c === 'object' ? (c.constructor?.name ?? 'an object') : typeof c;
}
