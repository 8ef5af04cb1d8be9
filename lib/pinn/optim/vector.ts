/** Plain Float64 vector arithmetic for the optimisers. */

/**
 * The dot product of two vectors of equal length.
 *
 * @example
 * dot(Float64Array.of(1, 2), Float64Array.of(3, 4)); // 11
 * dot(g, d); // the directional derivative along d
 */
export const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/**
 * The largest absolute entry.
 *
 * @example
 * maxAbs(Float64Array.of(1, -3)); // 3
 * maxAbs(new Float64Array(0)); // 0
 */
export const maxAbs = (a: Float64Array): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
};

/**
 * x + t d as a new vector.
 *
 * @example
 * axpy(Float64Array.of(1, 1), 2, Float64Array.of(1, 0)); // [3, 1]
 * axpy(x, 0, d); // a copy of x
 */
export const axpy = (x: Float64Array, t: number, d: Float64Array): Float64Array => {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] + t * d[i];
  return out;
};

/**
 * Whether every entry is finite (no NaN, no ±Infinity).
 *
 * @example
 * allFinite(Float64Array.of(1, 2)); // true
 * allFinite(Float64Array.of(1, NaN)); // false
 */
export const allFinite = (a: Float32Array | Float64Array): boolean => {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
};
