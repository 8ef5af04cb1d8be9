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
}

/** {@link MarchingOptions} with its default applied and checked. */
export interface CheckedMarchingOptions {
  /** How many equal time windows (>= 1). */
  windows: number;
  /** Whether each window starts from the previous window's final weights. */
  warmStart: boolean;
}

/** The keys of the `marching` section. */
export const MARCHING_KEYS = ['windows', 'warmStart'] as const;

/**
 * Applies the default of {@link MarchingOptions} and checks its values (its keys are checked by the caller's
 * section checker); `fail(name, what, got)` throws the caller's message for `options.<name>`.
 *
 * @example
 * checkMarchingOptions({ windows: 4 }, fail); // { windows: 4, warmStart: true }
 * checkMarchingOptions({ windows: 0 }, fail); // fail('marching.windows', 'an integer >= 1', 0)
 */
export function checkMarchingOptions(m: MarchingOptions, fail: (name: string, what: string, got: unknown) => never): CheckedMarchingOptions {
  if (!Number.isInteger(m.windows) || m.windows < 1) fail('marching.windows', 'an integer >= 1 (the number of time windows)', m.windows);
  const warmStart = m.warmStart ?? true;
  if (typeof warmStart !== 'boolean') fail('marching.warmStart', 'true or false', warmStart);
  return { windows: m.windows, warmStart };
}
