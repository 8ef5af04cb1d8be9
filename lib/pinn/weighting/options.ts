import { checkKeys } from '../../internals/keys.js';

/** The balancing schemes: gradient norms (learning-rate annealing) or NTK traces. */
export type BalanceMethod = 'gradNorm' | 'ntk';

/**
 * Adaptive loss weights (the Trainer's `balance` section): every `every` Adam steps each loss part i gets
 * the weight lambda_i = mean_j m_j / m_i, smoothed lambda <- momentum · lambda + (1 - momentum) · lambda_new,
 * where m_i is the part's gradient norm over all trained tensors (`'gradNorm'`: Wang, Teng & Perdikaris
 * 2021, arXiv 2001.04536) or the mean of its per-point squared gradient norms, the NTK's diagonal (`'ntk'`:
 * Wang, Yu & Perdikaris 2022, arXiv 2007.14527). The adaptive weights multiply the fixed `weights` and are
 * constants of the gradient; m_i is measured on the unweighted part, so after an update the weighted parts'
 * gradient norms (or NTK traces) stand in the ratio of the fixed weights (all equal with the default weights).
 */
export interface BalanceOptions {
  /** How each part's size m_i is measured: its gradient norm ('gradNorm') or its NTK trace ('ntk'). @default 'gradNorm' */
  method?: BalanceMethod;
  /** Adam steps between updates (the first is before the first step). @default 1000 */
  every?: number;
  /** The moving average's memory, in [0, 1) (0: the newest weights alone). @default 0.9 */
  momentum?: number;
  /** With 'ntk': the points per loss part whose gradients are taken (a random subsample at each update). @default 64 */
  ntkPoints?: number;
}

/** {@link BalanceOptions} with their defaults applied and checked (`ntkPoints` only with 'ntk'). */
export interface CheckedBalanceOptions {
  /** How each part's size is measured: 'gradNorm' or 'ntk'. */
  method: BalanceMethod;
  /** Adam steps between updates. */
  every: number;
  /** The moving average's memory, in [0, 1). */
  momentum: number;
  /** With 'ntk' only: the points per loss part whose gradients are taken. */
  ntkPoints?: number;
}

/** The one home of the balancing defaults (jaxpi's: every 1000 steps, momentum 0.9). */
export const BALANCE_DEFAULTS = Object.freeze({ method: 'gradNorm' as BalanceMethod, every: 1000, momentum: 0.9, ntkPoints: 64 });

const show = (v: unknown) => (typeof v === 'number' ? String(v) : JSON.stringify(v));

/**
 * The Trainer's `balance` section with its defaults applied, or null (off); throws, naming the option, on a bad value.
 *
 * @example
 * checkBalanceOptions({ every: 500 }); // { method: 'gradNorm', every: 500, momentum: 0.9 }
 * checkBalanceOptions({ method: 'ntk' }).ntkPoints; // 64
 * checkBalanceOptions({ momentum: 1 }); // throws: Option 'options.balance.momentum' passed to 'Trainer' must be a number in [0, 1), but got 1.
 */
export function checkBalanceOptions(balance: BalanceOptions | null | undefined): CheckedBalanceOptions | null {
  if (balance === undefined || balance === null) return null;
  const fail = (key: string, what: string, got: unknown): never => {
    throw new Error(`Option 'options.balance${key}' passed to 'Trainer' must be ${what}, but got ${show(got)}.`);
  };
  if (typeof balance !== 'object' || Array.isArray(balance)) fail('', 'an object or null', balance);
  checkKeys(balance, Object.keys(BALANCE_DEFAULTS), "options.balance passed to 'Trainer'");
  const method = balance.method ?? BALANCE_DEFAULTS.method;
  if (method !== 'gradNorm' && method !== 'ntk') fail('.method', "'gradNorm' or 'ntk'", method);
  const every = balance.every ?? BALANCE_DEFAULTS.every;
  if (!Number.isInteger(every) || every < 1) fail('.every', 'an integer >= 1', every);
  const momentum = balance.momentum ?? BALANCE_DEFAULTS.momentum;
  if (typeof momentum !== 'number' || !(momentum >= 0 && momentum < 1)) fail('.momentum', 'a number in [0, 1)', momentum);
  if (method !== 'ntk') {
    if (balance.ntkPoints !== undefined) {
      throw new Error(`Option 'options.balance.ntkPoints' passed to 'Trainer' applies only with options.balance.method 'ntk', but the method is '${method}'; remove it or set method: 'ntk'.`);
    }
    return { method, every, momentum };
  }
  const ntkPoints = balance.ntkPoints ?? BALANCE_DEFAULTS.ntkPoints;
  if (!Number.isInteger(ntkPoints) || ntkPoints < 1) fail('.ntkPoints', 'an integer >= 1', ntkPoints);
  return { method, every, momentum, ntkPoints };
}
