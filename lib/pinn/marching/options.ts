/**
 * Time marching (see docs/marching.md): the problem's time interval cut into `windows` equal windows,
 * trained one after the other, each window's initial condition taken from the previous window's solution.
 * With it, `adam.steps`, `lbfgs.steps`, `sampling.domain` and `sampling.boundary` are per window.
 */
export interface MarchingOptions {
  /** How many equal time windows (an integer >= 1; 1 trains the whole interval as one window). */
  windows: number;
  /**
   * Start each window from the previous window's final weights; false starts every window from the
   * initial weights of `network.seed`. @default true
   */
  warmStart?: boolean;
  /**
   * How each window starts from its initial value. `'loss'`: the initial condition is a loss term (the
   * problem's own in the first window, the previous window's u at its start in the later ones), so each
   * window start adds the fit's error. `'imposed'`: the window's output transform u = u_start(x) + s N,
   * s = (t - t_k) / (t_{k+1} - t_k), holds it exactly: u_start is the problem's initial value in the first
   * window (or the problem's own transform, if that imposes the initial value and nothing else) and the
   * previous window's u at t_k after it. 'imposed' refuses problems with an `initialVelocity` (u_t is not
   * handed over) and an initial value the other imposed conditions do not allow (u0 of Allen-Cahn is not
   * periodic in u_x, which its periodic embedding imposes). `'imposed-later'`: the first window fits the
   * problem's initial value as a loss term (as 'loss'), every later window starts imposed (as 'imposed'),
   * for an initial value the network cannot take exactly; a weight for the initial condition then applies
   * to the first window alone. Both imposed kinds cost one evaluation of the earlier windows per point set
   * while training, and per prediction. @default 'loss'
   */
  handoff?: Handoff;
}

/** How a time window takes over from the previous one: see {@link MarchingOptions.handoff}. */
export type Handoff = 'loss' | 'imposed' | 'imposed-later';

/** The values of {@link Handoff}. */
export const HANDOFFS: readonly Handoff[] = ['loss', 'imposed', 'imposed-later'];

/**
 * Whether window k (0 first) starts imposed under `handoff`: every window with 'imposed', every window
 * but the first with 'imposed-later', none with 'loss'.
 *
 * @example
 * windowImposed('imposed-later', 0); // false: the first window fits u0 as a loss term
 * windowImposed('imposed-later', 1); // true
 */
export function windowImposed(handoff: Handoff, k: number): boolean {
  return handoff === 'imposed' || (handoff === 'imposed-later' && k > 0);
}

/** {@link MarchingOptions} with its default applied and checked. */
export interface CheckedMarchingOptions {
  /** How many equal time windows (>= 1). */
  windows: number;
  /** Whether each window starts from the previous window's final weights. */
  warmStart: boolean;
  /** How a window takes over from the previous one. */
  handoff: Handoff;
}

/** The keys of the `marching` section. */
export const MARCHING_KEYS = ['windows', 'warmStart', 'handoff'] as const;

/**
 * Applies the default of {@link MarchingOptions} and checks its values (its keys are checked by the caller's
 * section checker); `fail(name, what, got)` throws the caller's message for `options.<name>`.
 *
 * @example
 * checkMarchingOptions({ windows: 4 }, fail); // { windows: 4, warmStart: true, handoff: 'loss' }
 * checkMarchingOptions({ windows: 0 }, fail); // fail('marching.windows', 'an integer >= 1', 0)
 */
export function checkMarchingOptions(m: MarchingOptions, fail: (name: string, what: string, got: unknown) => never): CheckedMarchingOptions {
  if (!Number.isInteger(m.windows) || m.windows < 1) fail('marching.windows', 'an integer >= 1 (the number of time windows)', m.windows);
  const warmStart = m.warmStart ?? true;
  if (typeof warmStart !== 'boolean') fail('marching.warmStart', 'true or false', warmStart);
  const handoff = m.handoff ?? 'loss';
  if (!HANDOFFS.includes(handoff)) fail('marching.handoff', "'loss', 'imposed' or 'imposed-later'", handoff);
  return { windows: m.windows, warmStart, handoff };
}
