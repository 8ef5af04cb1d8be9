import type { Interval, Points } from '../sampling/types.js';

/** Throws unless every input of `inputs` has a column of equal length in `p`; returns N. */
export function pointCount(p: Points, inputs: readonly string[], where: string): number {
  if (p === null || typeof p !== 'object') throw new Error(`Argument 'points' passed to '${where}' must be a record of Float64Arrays keyed by [${inputs.join(', ')}], but got ${String(p)}.`);
  let n = -1;
  for (const v of inputs) {
    const col = p[v];
    if (col === undefined || typeof col.length !== 'number') {
      throw new Error(`Argument 'points' passed to '${where}' needs a column '${v}'; it has [${Object.keys(p).join(', ')}].`);
    }
    if (n >= 0 && col.length !== n) throw new Error(`Argument 'points' passed to '${where}' has columns of different lengths (${n} and ${col.length} for '${v}').`);
    n = col.length;
  }
  return n;
}

/** Throws unless `v` is a finite number (`what` names it as the caller wrote it). */
export function finite(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${what} must be a finite number, but got ${JSON.stringify(v)}.`);
  return v;
}

/** Throws unless `iv` is an interval [lo, hi] with lo < hi. */
export function interval(iv: unknown, what: string): Interval {
  if (!Array.isArray(iv) || iv.length !== 2 || !Number.isFinite(iv[0]) || !Number.isFinite(iv[1]) || !(iv[0] < iv[1])) {
    throw new Error(`${what} must be an interval [lo, hi] with finite lo < hi, but got ${JSON.stringify(iv)}.`);
  }
  return [iv[0], iv[1]];
}

/** Throws unless the names are distinct single characters (they spell partials terms). */
export function inputNames(names: readonly string[], what: string): void {
  if (names.length === 0 || names.some((v) => typeof v !== 'string' || v.length !== 1) || new Set(names).size !== names.length) {
    throw new Error(`${what} must be distinct single-character input names (they spell partials terms like 'u_xy'), but got ${JSON.stringify(names)}.`);
  }
}

/** The absolute tolerance for "on the boundary" in a box: 1e-9 of its diameter. */
export function tolerance(bbox: Readonly<Record<string, Interval>>): number {
  let d2 = 0;
  for (const [lo, hi] of Object.values(bbox)) d2 += (hi - lo) ** 2;
  return 1e-9 * Math.sqrt(d2);
}

/** Distance from v to the interval [lo, hi] (zero inside). */
export function gap(v: number, lo: number, hi: number): number {
  return v < lo ? lo - v : v > hi ? v - hi : 0;
}
