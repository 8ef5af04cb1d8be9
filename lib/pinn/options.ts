import { ActivationName } from '../models/index.js';
import { LossWeights } from './loss.js';
import { SamplingMethod } from './sampling.js';

/** Options of {@link Trainer}; each problem module ships defaults. */
export interface TrainOptions {
  /** The network N(x, t, ...). */
  network?: {
    /** Hidden layer widths. @default [20, 20, 20] */
    hidden?: number[];
    /** @default 'tanh' */
    activation?: ActivationName;
    /** Seed of the initial weights. @default 1 */
    seed?: number;
  };
  /** Where the loss is evaluated. */
  sampling?: {
    /** @default 'sobol' */
    method?: SamplingMethod;
    /** Interior collocation points. @default 2000 */
    domain?: number;
    /** Points per condition. @default 200 */
    boundary?: number;
    /** Draw new points every this many Adam steps (0: never). @default 0 */
    resampleEvery?: number;
    /** Residual-based adaptive refinement at each resampling: keep the `add` worst of `candidates` fresh points. */
    rar?: { candidates: number; add: number } | null;
    /** Seed of the sampler. @default 1 */
    seed?: number;
  };
  /** First phase: Adam (tf.train.adam). */
  adam?: {
    /** @default 1000 */
    steps?: number;
    /** @default 1e-3 */
    lr?: number;
    /** Learning rate times `rate` every `every` steps. @default none */
    decay?: { every: number; rate: number } | null;
  };
  /** Second phase: L-BFGS with strong-Wolfe line search (one iteration per step). */
  lbfgs?: {
    /** @default 500 */
    steps?: number;
    /** @default 50 */
    historySize?: number;
    /** Restarts from steepest descent when float32 noise stalls the line search (see LBFGSOptions). @default 20 */
    restarts?: number;
    /**
     * When L-BFGS still stalls, draw new points (with RAR if set) and start it
     * afresh, up to this many times: a new batch is a new objective. @default 0
     */
    resampleOnStall?: number;
  };
  /** Loss weights. @default all 1 */
  weights?: LossWeights;
  /** Stop early when the loss falls below this. @default 0 (never) */
  tolerance?: number;
}

/** {@link TrainOptions} with every default applied and checked. */
export interface CheckedTrainOptions {
  network: { hidden: number[]; activation: ActivationName; seed: number };
  sampling: { method: SamplingMethod; domain: number; boundary: number; resampleEvery: number; rar: { candidates: number; add: number } | null; seed: number };
  adam: { steps: number; lr: number; decay: { every: number; rate: number } | null };
  lbfgs: { steps: number; historySize: number; restarts: number; resampleOnStall: number };
  weights: LossWeights;
  tolerance: number;
}

function count(v: unknown, name: string, min: number): number {
  if (!Number.isInteger(v) || (v as number) < min) throw new Error(`Option '${name}' passed to 'Trainer' must be an integer >= ${min}, but got ${JSON.stringify(v)}.`);
  return v as number;
}

function positive(v: unknown, name: string): number {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new Error(`Option '${name}' passed to 'Trainer' must be a positive number, but got ${JSON.stringify(v)}.`);
  return v;
}

/**
 * Applies the defaults of {@link TrainOptions} (deeply, over `base`) and checks every value.
 *
 * @example
 * checkTrainOptions({adam: {steps: 100}}).lbfgs.steps; // 500
 * checkTrainOptions({adam: {lr: -1}}); // throws: Option 'adam.lr' ... must be a positive number
 */
export function checkTrainOptions(options: TrainOptions = {}, base: TrainOptions = {}): CheckedTrainOptions {
  const o = mergeOptions(base, options);
  const n = o.network ?? {};
  const s = o.sampling ?? {};
  const a = o.adam ?? {};
  const l = o.lbfgs ?? {};
  const hidden = n.hidden ?? [20, 20, 20];
  if (!Array.isArray(hidden) || hidden.length === 0 || hidden.some((h) => !Number.isInteger(h) || h < 1)) {
    throw new Error(`Option 'network.hidden' passed to 'Trainer' must be a non-empty array of positive integers, but got ${JSON.stringify(hidden)}.`);
  }
  const method = s.method ?? 'sobol';
  if (!['uniform', 'lhs', 'sobol'].includes(method)) {
    throw new Error(`Option 'sampling.method' passed to 'Trainer' must be 'uniform', 'lhs' or 'sobol', but got ${JSON.stringify(method)}.`);
  }
  const rar = s.rar ?? null;
  if (rar !== null) {
    count(rar.candidates, 'sampling.rar.candidates', 1);
    count(rar.add, 'sampling.rar.add', 1);
  }
  const decay = a.decay ?? null;
  if (decay !== null) {
    count(decay.every, 'adam.decay.every', 1);
    positive(decay.rate, 'adam.decay.rate');
  }
  const tolerance = o.tolerance ?? 0;
  if (typeof tolerance !== 'number' || !(tolerance >= 0)) throw new Error(`Option 'tolerance' passed to 'Trainer' must be a number >= 0, but got ${JSON.stringify(tolerance)}.`);
  return {
    network: { hidden: [...hidden], activation: n.activation ?? 'tanh', seed: n.seed ?? 1 },
    sampling: {
      method,
      domain: count(s.domain ?? 2000, 'sampling.domain', 1),
      boundary: count(s.boundary ?? 200, 'sampling.boundary', 1),
      resampleEvery: count(s.resampleEvery ?? 0, 'sampling.resampleEvery', 0),
      rar,
      seed: s.seed ?? 1,
    },
    adam: { steps: count(a.steps ?? 1000, 'adam.steps', 0), lr: positive(a.lr ?? 1e-3, 'adam.lr'), decay },
    lbfgs: {
      steps: count(l.steps ?? 500, 'lbfgs.steps', 0),
      historySize: count(l.historySize ?? 50, 'lbfgs.historySize', 1),
      restarts: count(l.restarts ?? 20, 'lbfgs.restarts', 0),
      resampleOnStall: count(l.resampleOnStall ?? 0, 'lbfgs.resampleOnStall', 0),
    },
    weights: o.weights ?? {},
    tolerance,
  };
}

/**
 * `over` merged into `base` one level deep per section (options given win).
 *
 * @example
 * mergeOptions(heat.defaults, { adam: { steps: 50 } }).adam; // {steps: 50, lr: 2e-3}
 * mergeOptions({}, { tolerance: 1e-6 }).tolerance; // 1e-6
 */
export function mergeOptions(base: TrainOptions, over: TrainOptions): TrainOptions {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = (base as Record<string, unknown>)[k];
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) && b !== null && typeof b === 'object' ? { ...b, ...v } : v;
  }
  return out as TrainOptions;
}
