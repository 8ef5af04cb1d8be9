import { checkBoolean, checkModes, checkPoints, checkPositive, checkStepCount, checkTimes, optionsObject } from './checks.js';
import { CheckedSemilinearOptions } from './semilinear_options.js';

/** The options every ready-made reference takes (each documents its own defaults). */
export interface GridOptions {
  modes?: number;
  dt?: number;
  x?: ArrayLike<number>;
  t?: ArrayLike<number>;
  dealias?: boolean;
}

/** A ready-made reference's defaults, the one place each lives; grids are built on demand. */
export interface GridDefaults {
  modes: number;
  dt: number;
  x: () => Float64Array;
  t: () => Float64Array;
  dealias: boolean;
}

const KEYS = ['modes', 'dt', 'x', 't', 'dealias'] as const;

/**
 * The checker of a ready-made reference's options: applies `defaults`, rejects unknown keys, checks each value; `fn` names the entry point.
 *
 * @example
 * const defaults = { modes: 256, dt: 1e-4, x: () => linspace(-1, 1, 512), t: () => linspace(0, 1, 201), dealias: true };
 * checkGridOptions({ dt: 1e-3 }, defaults, 'kdvReference'); // modes 256, dt 1e-3, the default grids
 */
export function checkGridOptions(options: GridOptions | undefined, defaults: GridDefaults, fn: string): CheckedSemilinearOptions {
  const o = optionsObject(options, KEYS, fn);
  const t = checkTimes(o.t ?? defaults.t(), 'options.t', fn);
  const dt = checkPositive(o.dt ?? defaults.dt, 'options.dt', fn);
  checkStepCount(t, dt, 'options.dt', fn);
  return {
    t,
    dt,
    modes: checkModes(o.modes ?? defaults.modes, 'options.modes', fn),
    x: checkPoints(o.x ?? defaults.x(), 'options.x', fn),
    dealias: checkBoolean(o.dealias ?? defaults.dealias, 'options.dealias', fn),
    contourPoints: 64,
  };
}
