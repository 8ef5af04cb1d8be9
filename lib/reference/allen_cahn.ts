import { linspace } from './checks.js';
import { checkGridOptions, GridDefaults, GridOptions } from './reference_options.js';
import { integrate } from './semilinear.js';
import { checkEquation } from './semilinear_options.js';
import { ReferenceSolution, SemilinearEquation } from './types.js';

/** Options of {@link allenCahnReference}. */
export interface AllenCahnReferenceOptions extends GridOptions {
  /** Fourier modes (collocation points on [-1, 1)): a power of two. @default 512 */
  modes?: number;
  /** The largest time step. @default 1e-3 */
  dt?: number;
  /** Output points in x (periodic, any values). @default the 512 points -1 + 2i/512 of AC.mat */
  x?: ArrayLike<number>;
  /** Output times, strictly increasing from t ≥ 0. @default the 201 times j/200 of AC.mat */
  t?: ArrayLike<number>;
  /**
   * Form 5u³ on a grid twice as fine, so no product of modes aliases. Off by
   * default, as AC.mat was computed (chebfun's spin does not dealias): at 512
   * modes aliasing moves u by 5e-6 at most, far less than the modes' own
   * truncation error (see docs/reference-solutions.md). @default false
   */
  dealias?: boolean;
}

const ALLEN_CAHN_DEFAULTS: GridDefaults = { modes: 512, dt: 1e-3, x: () => linspace(-1, 1, 513).subarray(0, 512), t: () => linspace(0, 1, 201), dealias: false };
const FN = 'allenCahnReference';

/**
 * The Allen–Cahn equation of Raissi et al.'s AC.mat as a
 * {@link SemilinearEquation}: u_t = 1e-4 u_xx + 5u - 5u³ on x ∈ [-1, 1)
 * periodic, u(x, 0) = x² cos(πx).
 *
 * @example
 * const sol = solveSemilinear(allenCahnEquation(), { t: [0, 0.5], dt: 1e-4, modes: 512 });
 */
export function allenCahnEquation(): SemilinearEquation {
  return {
    period: [-1, 1],
    linear: (k) => [5 - 1e-4 * k * k, 0],
    nonlinear: (u) => -5 * u * u * u,
    degree: 3,
    initial: (x) => x * x * Math.cos(Math.PI * x),
  };
}

/**
 * A reference solution of Allen–Cahn u_t - 1e-4 u_xx + 5u³ - 5u = 0, x ∈ [-1, 1]
 * periodic, t ∈ [0, 1], u(x, 0) = x² cos(πx), by Fourier pseudo-spectral
 * ETDRK4 ({@link solveSemilinear}); by default on the grid of AC.mat
 * (u[i * 201 + j] = u(x[i], t[j])). See docs/reference-solutions.md for its
 * measured distance from AC.mat.
 *
 * @example
 * const ref = allenCahnReference(); // x [512], t [201], u [512 * 201]
 * const coarse = allenCahnReference({ modes: 256, t: [0, 1] });
 */
export function allenCahnReference(options?: AllenCahnReferenceOptions): ReferenceSolution {
  return integrate(checkEquation(allenCahnEquation(), FN), checkGridOptions(options, ALLEN_CAHN_DEFAULTS, FN), FN);
}
