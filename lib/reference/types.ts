/** A complex number as `[re, im]`. */
export type Complex = readonly [number, number];

/**
 * A semilinear evolution equation u_t = L u + N(u) for a real u(x, t),
 * periodic in x, with L diagonal in Fourier space and N(u) = M f(u): a
 * pointwise function f followed by a Fourier multiplier M (M = ∂x/2 with
 * f = -u² gives Burgers' and KdV's -u u_x in conservation form). The
 * symbols take the wavenumber k (radians per unit of x: e^{ikx} is mapped to
 * λ(k) e^{ikx}); for u to stay real they must satisfy λ(-k) = conj(λ(k)).
 *
 * @example
 * // Allen–Cahn u_t = 1e-4 u_xx + 5u - 5u³ on [-1, 1)
 * const allenCahn: SemilinearEquation = {
 *   period: [-1, 1],
 *   linear: (k) => [5 - 1e-4 * k * k, 0],
 *   nonlinear: (u) => -5 * u * u * u,
 *   degree: 3,
 *   initial: (x) => x * x * Math.cos(Math.PI * x),
 * };
 */
export interface SemilinearEquation {
  /** The period [a, b): x = a and x = b are the same point. */
  period: readonly [number, number];
  /** λ(k), the Fourier symbol of L, e.g. `(k) => [-nu * k * k, 0]` for nu u_xx, `(k) => [0, d * k ** 3]` for -d u_xxx. */
  linear: (k: number) => Complex;
  /** f, the pointwise part of N(u) = M f(u). */
  nonlinear: (u: number) => number;
  /** The Fourier symbol of M, e.g. `(k) => [0, k / 2]` for ∂x/2. @default (k) => [1, 0] */
  multiplier?: (k: number) => Complex;
  /**
   * The polynomial degree of f, if f is a polynomial: products of modes up to
   * degree·(modes/2) are then formed on a grid padded far enough that none
   * aliases. Needed for `dealias: true`. @default undefined (f is not a polynomial)
   */
  degree?: number;
  /** u(x, 0). */
  initial: (x: number) => number;
}

/**
 * A solution on a grid: u(x[i], t[j]) is `u[i * t.length + j]` (row-major
 * [x.length, t.length], the layout of Raissi's AC.mat `uu`).
 */
export interface ReferenceSolution {
  /** The points in x at which u is given (`options.x`, else the default grid of the function that made it). */
  x: Float64Array;
  /** The times at which u is given, increasing (`options.t`, else the function's default times). */
  t: Float64Array;
  /** u at every (x, t) of the grid, x.length · t.length values (row-major [x.length, t.length]). */
  u: Float64Array;
}
