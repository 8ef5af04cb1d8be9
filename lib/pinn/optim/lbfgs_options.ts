import { checkKeys } from '../../internals/keys.js';

/** Options of {@link LBFGS}; the Trainer's `lbfgs` section takes the same ones (and `steps`, `resampleOnStall`). */
export interface LBFGSOptions {
  /** Step scale; 1 is right for L-BFGS. @default 1 */
  lr?: number;
  /** Pairs (s, y) kept for the inverse-Hessian estimate. @default 50 */
  historySize?: number;
  /** Stop when max |g| falls to this. @default 1e-9 */
  toleranceGrad?: number;
  /** Stop when the step or the change of f falls under this. @default 1e-12 */
  toleranceChange?: number;
  /** Most evaluations in one line search. @default 25 */
  maxLineSearch?: number;
  /**
   * How many times a stalled run (no descent direction, or a step or change
   * below toleranceChange: in float32 this is often rounding noise, not a
   * minimum) forgets its curvature history and starts again from steepest
   * descent instead of stopping (PyTorch stops: 0). @default 20
   */
  restarts?: number;
  /**
   * When the strong-Wolfe search finds no step, search along the same direction by the gradient
   * alone (see gradient_line_search.ts), letting the loss rise by at most this fraction of itself.
   * A float32 loss near its floor needs it: its values are rounding noise at the scale of the
   * decrease left, its gradient is not. A loss change below toleranceChange is then no stall.
   * 0 turns it off (as PyTorch). @default 0
   */
  gradientSearch?: number;
  /**
   * Stop ('loss plateau') when the loss fell by less than `change` of itself over the last
   * `iterations` iterations (checked every `iterations`). null: never. @default null
   */
  plateau?: {
    /** The window, in iterations. */
    iterations: number;
    /** The least fraction of itself the loss must fall by within a window. */
    change: number;
  } | null;
}

/** {@link LBFGSOptions} with every default applied and checked. */
export type CheckedLBFGSOptions = Required<LBFGSOptions>;

/** The one home of the L-BFGS defaults (the Trainer's lbfgs section takes them from here too). */
export const LBFGS_DEFAULTS: Readonly<CheckedLBFGSOptions> = Object.freeze({
  lr: 1,
  historySize: 50,
  toleranceGrad: 1e-9,
  toleranceChange: 1e-12,
  maxLineSearch: 25,
  restarts: 20,
  gradientSearch: 0,
  plateau: null,
});

/** Where options come from, for messages: `Option '${prefix}key' passed to '${fn}' ...`. */
export interface OptionSite {
  fn: string;
  prefix: string;
  /** Keys the caller accepts beyond the L-BFGS ones (the Trainer's steps, resampleOnStall). */
  extraKeys?: readonly string[];
}

const show = (v: unknown) => (typeof v === 'number' ? String(v) : JSON.stringify(v));

/**
 * Applies the L-BFGS defaults and checks every option: unknown keys (with the nearest valid one), integers,
 * ranges; messages name the option as the caller wrote it.
 *
 * @example
 * checkLBFGSOptions({ historySize: 10 }).restarts; // 20
 * checkLBFGSOptions({ lr: 0 }); // throws: Option 'lr' passed to 'LBFGS' must be a finite number > 0, but got 0.
 */
export function checkLBFGSOptions(options: LBFGSOptions = {}, site: OptionSite = { fn: 'LBFGS', prefix: '' }): CheckedLBFGSOptions {
  const fail = (key: string, what: string, got: unknown): never => {
    throw new Error(`Option '${site.prefix}${key}' passed to '${site.fn}' must be ${what}, but got ${show(got)}.`);
  };
  if (options === null || typeof options !== 'object' || Array.isArray(options)) fail(site.prefix.replace(/\.$/, '') || 'options', 'an object', options);
  checkKeys(options, [...(site.extraKeys ?? []), ...Object.keys(LBFGS_DEFAULTS)], site.prefix === '' ? `options passed to '${site.fn}'` : `${site.prefix.replace(/\.$/, '')} passed to '${site.fn}'`);
  const o = { ...LBFGS_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as CheckedLBFGSOptions;
  for (const key of ['lr', 'toleranceGrad', 'toleranceChange'] as const) {
    if (typeof o[key] !== 'number' || !(o[key] > 0) || !Number.isFinite(o[key])) fail(key, 'a finite number > 0', o[key]);
  }
  for (const [key, min] of [['historySize', 1], ['maxLineSearch', 1], ['restarts', 0]] as const) {
    if (!Number.isInteger(o[key]) || o[key] < min) fail(key, `an integer >= ${min}`, o[key]);
  }
  if (typeof o.gradientSearch !== 'number' || !(o.gradientSearch >= 0) || !Number.isFinite(o.gradientSearch)) fail('gradientSearch', 'a finite number >= 0 (a fraction of the loss)', o.gradientSearch);
  if (o.plateau !== null) {
    const p = o.plateau;
    if (typeof p !== 'object' || Array.isArray(p)) fail('plateau', 'null or { iterations, change }', p);
    checkKeys(p, ['iterations', 'change'], `${site.prefix}plateau passed to '${site.fn}'`);
    if (!Number.isInteger(p.iterations) || p.iterations < 1) fail('plateau.iterations', 'an integer >= 1', p.iterations);
    if (typeof p.change !== 'number' || !(p.change >= 0) || !Number.isFinite(p.change)) fail('plateau.change', 'a finite number >= 0', p.change);
    o.plateau = { iterations: p.iterations, change: p.change };
  }
  return o;
}
