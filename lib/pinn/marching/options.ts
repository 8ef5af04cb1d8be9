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
   * How a window takes over from the previous one. `'loss'`: its initial condition is a loss term whose
   * value is the previous window's u at the window's start (fitted, so each hand-over adds the fit's error).
   * `'imposed'`: from the second window on, u = u_prev(x, t_k) + ((t - t_k) / (t_{k+1} - t_k)) N, so the
   * window starts exactly where the previous one ended; the first window keeps the problem's own initial
   * condition (a loss term, or imposed by the problem's transform if that imposes the initial value and
   * nothing else). 'imposed' refuses problems with an `initialVelocity` (u_t is not handed over). Costs one
   * evaluation of the earlier windows per point set while training, and per prediction. @default 'loss'
   */
  handoff?: Handoff;
}

/** How a time window takes over from the previous one: see {@link MarchingOptions.handoff}. */
export type Handoff = 'loss' | 'imposed';

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
  if (handoff !== 'loss' && handoff !== 'imposed') fail('marching.handoff', "'loss' or 'imposed'", handoff);
  return { windows: m.windows, warmStart, handoff };
}
