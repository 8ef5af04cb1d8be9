import { linspace } from './checks.js';
import { checkGridOptions, GridDefaults, GridOptions } from './reference_options.js';
import { integrate } from './semilinear.js';
import { checkEquation } from './semilinear_options.js';
import { ReferenceSolution, SemilinearEquation } from './types.js';

/** Options of {@link kdvReference}. */
export interface KdvReferenceOptions extends GridOptions {
  /**
   * Fourier modes (collocation points on [-1, 1)): a power of two. 256 resolve
   * this solution to 1e-9 (128 only to 2e-4; see docs/reference-solutions.md). @default 256
   */
  modes?: number;
  /** The largest time step. @default 1e-4 */
  dt?: number;
  /** Output points in x (periodic, any values). @default the 512 points -1 + 2i/511 of jaxpi's kdv.mat (x = ±1 both in) */
  x?: ArrayLike<number>;
  /** Output times, strictly increasing from t ≥ 0. @default the 201 times j/200 of jaxpi's kdv.mat */
  t?: ArrayLike<number>;
  /** Form u² on a grid twice as fine (Orszag's 3/2 rule, rounded up to a power of two), so no product of modes aliases. @default true */
  dealias?: boolean;
}

const KDV_DEFAULTS: GridDefaults = { modes: 256, dt: 1e-4, x: () => linspace(-1, 1, 512), t: () => linspace(0, 1, 201), dealias: true };
const FN = 'kdvReference';

/**
 * The Korteweg–de Vries equation u_t + u u_x + δ² u_xxx = 0 on x ∈ [-1, 1)
 * periodic as a {@link SemilinearEquation}: L = -δ² ∂x³ (symbol iδ²k³), and
 * -u u_x = ∂x(-u²/2) in conservation form, which keeps ∫u exact.
 *
 * @param delta δ (the dispersion length). @default 0.022
 * @param initial u(x, 0). @default cos(πx)
 *
 * @example
 * const soliton = (x: number) => 2 / Math.cosh(Math.sqrt(2 / 12) / 0.022 * x) ** 2;
 * const sol = solveSemilinear(kdvEquation(0.022, soliton), { t: [0, 1], dt: 1e-4, modes: 512 });
 */
export function kdvEquation(delta = 0.022, initial: (x: number) => number = (x) => Math.cos(Math.PI * x)): SemilinearEquation {
  if (!Number.isFinite(delta) || delta <= 0) throw new Error(`Argument 'delta' passed to 'kdvEquation' must be a finite number > 0, but got ${delta}.`);
  const d2 = delta * delta;
  return {
    period: [-1, 1],
    linear: (k) => [0, d2 * k * k * k],
    nonlinear: (u) => -0.5 * u * u,
    multiplier: (k) => [0, k],
    degree: 2,
    initial,
  };
}

/**
 * A reference solution of the KdV problem of jaxpi's kdv example (Zabusky &
 * Kruskal's): u_t + u u_x + 0.022² u_xxx = 0, x ∈ [-1, 1] periodic, t ∈ [0, 1],
 * u(x, 0) = cos(πx), by Fourier pseudo-spectral ETDRK4
 * ({@link solveSemilinear}); by default on the grid of jaxpi's kdv.mat, 512 x
 * (both ends in) by 201 t, u[i * 201 + j] = u(x[i], t[j]). See
 * docs/reference-solutions.md for its measured accuracy.
 *
 * @example
 * const ref = kdvReference(); // x [512], t [201], u [512 * 201]
 * const end = kdvReference({ t: [1], x: [0] }).u[0]; // u(0, 1)
 */
export function kdvReference(options?: KdvReferenceOptions): ReferenceSolution {
  return integrate(checkEquation(kdvEquation(), FN), checkGridOptions(options, KDV_DEFAULTS, FN), FN);
}
