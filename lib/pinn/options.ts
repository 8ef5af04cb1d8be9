import { checkKeys, nearestName } from '../internals/keys.js';
import { CheckedNetworkOptions, NetworkOptions, checkNetworkOptions } from '../models/index.js';
import { conditionName } from './problem/names.js';
import { LossWeights } from './loss/parts.js';
import { CausalOptions, CheckedCausalOptions, checkCausalOptions } from './loss/causal.js';
import { BalanceOptions, CheckedBalanceOptions, checkBalanceOptions } from './weighting/options.js';
import { Decay, Warmup } from './optim/schedule.js';
import { CheckedLBFGSOptions, LBFGSOptions, LBFGS_DEFAULTS, checkLBFGSOptions } from './optim/lbfgs_options.js';
import { SamplingMethod } from '../sampling/points.js';
import { CheckedMarchingOptions, MARCHING_KEYS, MarchingOptions, checkMarchingOptions } from './marching/options.js';
import { Problem } from './types.js';

/** Options of {@link Trainer}; each problem module ships defaults. */
export interface TrainOptions {
  /**
   * The network N(x, t, ...): hidden widths, activation, seed, and the toolbox for hard problems
   * (architecture 'modified' or 'pirate', an input embedding, random weight factorisation); see
   * {@link NetworkOptions}, whose defaults (NETWORK_DEFAULTS) the Trainer takes.
   */
  network?: NetworkOptions;
  /** Where the loss is evaluated. */
  sampling?: {
    /** @default 'sobol' */
    method?: SamplingMethod;
    /** Interior collocation points (0 only with `residualAtData`). @default 2000 */
    domain?: number;
    /**
     * Evaluate the residual also at the points of the problem's data conditions, as
     * Raissi et al.'s identification examples do (with `domain: 0`, there only). @default false
     */
    residualAtData?: boolean;
    /** Points per condition. @default 200 */
    boundary?: number;
    /**
     * Draw new points every this many Adam steps (0: never; 1: a fresh batch every step, as jaxpi trains).
     * Redrawing costs the drawing itself and the transform's terms at the new points (docs/toolbox-training.md). @default 0
     */
    resampleEvery?: number;
    /** Residual-based adaptive refinement at each resampling: keep the `add` worst of `candidates` fresh points. @default null */
    rar?: {
      /** Fresh points drawn at each resampling. */
      candidates: number;
      /** How many of them, the worst by residual, are kept. */
      add: number;
    } | null;
    /** Seed of the sampler. @default 1 */
    seed?: number;
  };
  /** First phase: Adam (tf.train.adam). */
  adam?: {
    /** @default 1000 */
    steps?: number;
    /** @default 1e-3 */
    lr?: number;
    /**
     * Learning rate times `rate` every `every` steps (after the warm-up): at once with `staircase` (the
     * default), else smoothly, rate^(steps / every), as optax's exponential_decay. @default none
     */
    decay?: {
      /** Steps per factor of `rate`: an integer >= 1. */
      every: number;
      /** The factor per `every` steps, in (0, 1]. */
      rate: number;
      /** true: drop at once every `every` steps; false: fall smoothly. @default true */
      staircase?: boolean;
    } | null;
    /**
     * Linear warm-up over the first `steps` Adam steps, from `from` (@default 0) times lr to lr; see
     * learningRate in lib/pinn/optim/schedule.ts. @default none
     */
    warmup?: {
      /** Adam steps of the warm-up: an integer >= 1. */
      steps: number;
      /** The fraction of lr at the first step, in [0, 1). @default 0 */
      from?: number;
    } | null;
  };
  /**
   * Second phase: L-BFGS with strong-Wolfe line search (one iteration per step). Takes every
   * {@link LBFGSOptions} (historySize, restarts, gradientSearch, plateau, ...; their defaults live in
   * LBFGS_DEFAULTS) and these two.
   */
  lbfgs?: LBFGSOptions & {
    /** Iterations. @default 500 */
    steps?: number;
    /**
     * When L-BFGS still stalls, draw new points (with RAR if set) and start it
     * afresh, up to this many times: a new batch is a new objective. @default 0
     */
    resampleOnStall?: number;
  };
  /** Loss weights. @default all 1 */
  weights?: LossWeights;
  /**
   * Adaptive loss weights multiplying `weights`, updated during the Adam phase: gradient-norm balancing
   * or NTK weights (see {@link BalanceOptions}; lib/pinn/weighting). null: off. @default null
   */
  balance?: BalanceOptions | null;
  /**
   * Causal training for a problem with a `time` input: residual chunks ordered in time, weighted by
   * exp(-epsilon · the earlier chunks' losses) (see {@link CausalOptions}; lib/pinn/loss/causal.ts). null: off. @default null
   */
  causal?: CausalOptions | null;
  /** Stop early when the loss falls below this (with `marching`: end the window). @default 0 (never) */
  tolerance?: number;
  /**
   * Time marching: train consecutive time windows, each starting from the previous one's solution
   * (createTrainer or MarchingTrainer; a plain Trainer refuses it). Steps and points are then per window. @default null
   */
  marching?: MarchingOptions | null;
}

/** {@link TrainOptions} with every default applied and checked. */
export interface CheckedTrainOptions {
  /** The network N(x, t, ...): see {@link TrainOptions.network}. */
  network: CheckedNetworkOptions;
  /** Where the loss is evaluated: see {@link TrainOptions.sampling}. */
  sampling: {
    /** How points are drawn. */
    method: SamplingMethod;
    /** Interior collocation points. */
    domain: number;
    /** Whether the residual is also evaluated at the data conditions' points. */
    residualAtData: boolean;
    /** Points per condition. */
    boundary: number;
    /** Draw new points every this many Adam steps (0: never). */
    resampleEvery: number;
    /** Residual-based adaptive refinement, or null for none. */
    rar: {
      /** Fresh points drawn at each resampling. */
      candidates: number;
      /** How many of them, the worst by residual, are kept. */
      add: number;
    } | null;
    /** Seed of the sampler. */
    seed: number;
  };
  /** First phase: Adam. */
  adam: {
    /** Adam steps. */
    steps: number;
    /** Learning rate. */
    lr: number;
    /** Decay of the learning rate, or null for none. */
    decay: Decay | null;
    /** Linear warm-up, or null for none. */
    warmup: Warmup | null;
  };
  /** Second phase: L-BFGS, every {@link LBFGSOptions} (defaults applied) and the Trainer's own two. */
  lbfgs: CheckedLBFGSOptions & {
    /** L-BFGS iterations. */
    steps: number;
    /** Fresh point sets drawn when L-BFGS still stalls. */
    resampleOnStall: number;
  };
  /** Loss weights. */
  weights: LossWeights;
  /** Adaptive loss balancing, or null for none. */
  balance: CheckedBalanceOptions | null;
  /** Causal weights of the residual in time, or null for none. */
  causal: CheckedCausalOptions | null;
  /** Stop early when the loss falls below this (0: never). */
  tolerance: number;
  /** Time marching in windows, or null for none. */
  marching: CheckedMarchingOptions | null;
}

const SECTIONS = {
  network: ['hidden', 'activation', 'seed', 'architecture', 'embedding', 'factorization', 'normalize'],
  sampling: ['method', 'domain', 'residualAtData', 'boundary', 'resampleEvery', 'rar', 'seed'],
  adam: ['steps', 'lr', 'decay', 'warmup'],
  lbfgs: ['steps', 'resampleOnStall', ...Object.keys(LBFGS_DEFAULTS)],
  weights: ['residual', 'conditions'],
  marching: MARCHING_KEYS,
} as const;
const TOP = [...Object.keys(SECTIONS), 'balance', 'causal', 'tolerance'];

/** The L-BFGS options of the lbfgs section (without the Trainer's own steps and resampleOnStall). */
function lbfgsPart(l: NonNullable<TrainOptions['lbfgs']>): LBFGSOptions {
  const { steps: _steps, resampleOnStall: _resample, ...rest } = l;
  return rest;
}

const fail = (name: string, what: string, got: unknown): never => {
  throw new Error(`Option 'options.${name}' passed to 'Trainer' must be ${what}, but got ${show(got)}.`);
};
const show = (v: unknown) => (typeof v === 'number' ? String(v) : JSON.stringify(v));

function count(v: unknown, name: string, min: number): number {
  if (!Number.isInteger(v) || (v as number) < min) fail(name, `an integer >= ${min}`, v);
  return v as number;
}

function positive(v: unknown, name: string): number {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) fail(name, 'a finite number > 0', v);
  return v as number;
}

function nonNegative(v: unknown, name: string): number {
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) fail(name, 'a finite number >= 0', v);
  return v as number;
}

/** A section object (or undefined), its keys checked. */
function section<T>(v: T | undefined | null, name: string, allowed: readonly string[], nullable = false): T | undefined {
  if (v === undefined || (nullable && v === null)) return undefined;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(name, nullable ? 'an object or null' : 'an object', v);
  checkKeys(v as object, allowed, `options.${name} passed to 'Trainer'`);
  return v as T;
}

/**
 * Applies the defaults of {@link TrainOptions} (deeply, over `base`) and checks every value:
 * unknown keys at every level (with the nearest valid key), every number's range.
 * Condition names in `weights.conditions` are checked against the problem when the {@link Trainer} is built
 * (they need the problem; checkWeightNames, internal).
 *
 * @example
 * checkTrainOptions({adam: {steps: 100}}).lbfgs.steps; // 500
 * checkTrainOptions({adam: {lr: -1}}); // throws: Option 'options.adam.lr' ... must be a finite number > 0
 */
export function checkTrainOptions(options: TrainOptions = {}, base: TrainOptions = {}): CheckedTrainOptions {
  for (const [o, where] of [[options, 'options'], [base, 'base options']] as const) {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new Error(`Argument '${where}' passed to 'Trainer' must be an object, but got ${show(o)}.`);
    for (const key of Object.keys(o)) {
      if (TOP.includes(key)) continue;
      const owners = Object.entries(SECTIONS).filter(([, keys]) => (keys as readonly string[]).includes(key)).map(([k]) => `options.${k}`);
      if (owners.length > 0) {
        throw new Error(`Unknown key '${key}' in options passed to 'Trainer'; valid keys: ${TOP.join(', ')}. '${key}' is an option of ${owners.join(' and ')}.`);
      }
      checkKeys(o, TOP, "options passed to 'Trainer'");
    }
  }
  const o = mergeOptions(base, options);
  const n = section(o.network, 'network', SECTIONS.network) ?? {};
  const s = section(o.sampling, 'sampling', SECTIONS.sampling) ?? {};
  const a = section(o.adam, 'adam', SECTIONS.adam) ?? {};
  const l = section(o.lbfgs, 'lbfgs', SECTIONS.lbfgs) ?? {};
  const w = section(o.weights, 'weights', SECTIONS.weights) ?? {};
  const m = section(o.marching, 'marching', SECTIONS.marching, true);
  const network = checkNetworkOptions(n, { fn: 'Trainer', prefix: 'options.network.' });
  const method = s.method ?? 'sobol';
  if (!['uniform', 'lhs', 'sobol'].includes(method)) fail('sampling.method', "'uniform', 'lhs' or 'sobol'", method);
  const residualAtData = s.residualAtData ?? false;
  if (typeof residualAtData !== 'boolean') fail('sampling.residualAtData', 'true or false', residualAtData);
  const domain = s.domain ?? 2000;
  // No interior points at all only where the data points carry the residual.
  if (!Number.isInteger(domain) || domain < (residualAtData ? 0 : 1)) {
    fail('sampling.domain', residualAtData ? 'an integer >= 0' : 'an integer >= 1 (0 only with options.sampling.residualAtData)', domain);
  }
  const resampleEvery = count(s.resampleEvery ?? 0, 'sampling.resampleEvery', 0);
  const resampleOnStall = count(l.resampleOnStall ?? 0, 'lbfgs.resampleOnStall', 0);
  const rar = section(s.rar, 'sampling.rar', ['candidates', 'add'], true) ?? null;
  if (rar !== null) {
    const candidates = count(rar.candidates, 'sampling.rar.candidates', 1);
    if (!Number.isInteger(rar.add) || rar.add < 1 || rar.add > candidates) fail('sampling.rar.add', `an integer in [1, ${candidates}] (at most options.sampling.rar.candidates)`, rar.add);
    if (resampleEvery === 0 && resampleOnStall === 0) {
      throw new Error(
        "Option 'options.sampling.rar' passed to 'Trainer' is set, but it only acts when points are redrawn: set options.sampling.resampleEvery or options.lbfgs.resampleOnStall above 0.",
      );
    }
  }
  const decay = section(a.decay, 'adam.decay', ['every', 'rate', 'staircase'], true) ?? null;
  if (decay !== null) {
    count(decay.every, 'adam.decay.every', 1);
    if (typeof decay.rate !== 'number' || !(decay.rate > 0 && decay.rate <= 1)) fail('adam.decay.rate', 'a number in (0, 1]', decay.rate);
    if (decay.staircase !== undefined && typeof decay.staircase !== 'boolean') fail('adam.decay.staircase', 'true or false', decay.staircase);
  }
  const warmup = section(a.warmup, 'adam.warmup', ['steps', 'from'], true) ?? null;
  if (warmup !== null) {
    count(warmup.steps, 'adam.warmup.steps', 1);
    const from = warmup.from ?? 0;
    if (typeof from !== 'number' || !(from >= 0 && from < 1)) fail('adam.warmup.from', 'a number in [0, 1)', from);
  }
  const residual = w.residual ?? 1;
  const weightOk = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  if (!(Array.isArray(residual) ? residual.length > 0 && residual.every(weightOk) : weightOk(residual))) {
    fail('weights.residual', 'a finite number >= 0 or an array of them (one per residual)', residual);
  }
  const conditions = w.conditions ?? {};
  if (conditions === null || typeof conditions !== 'object' || Array.isArray(conditions)) fail('weights.conditions', 'an object {conditionName: weight}', conditions);
  for (const [k, v] of Object.entries(conditions)) nonNegative(v, `weights.conditions.${k}`);
  const weights: LossWeights = {};
  if (w.residual !== undefined) weights.residual = Array.isArray(residual) ? [...residual] : residual;
  if (w.conditions !== undefined) weights.conditions = { ...conditions };
  return {
    network,
    sampling: {
      method,
      domain,
      residualAtData,
      boundary: count(s.boundary ?? 200, 'sampling.boundary', 1),
      resampleEvery,
      rar: rar && { candidates: rar.candidates, add: rar.add },
      seed: count(s.seed ?? 1, 'sampling.seed', 0),
    },
    adam: {
      steps: count(a.steps ?? 1000, 'adam.steps', 0),
      lr: positive(a.lr ?? 1e-3, 'adam.lr'),
      decay: decay && { every: decay.every, rate: decay.rate, staircase: decay.staircase ?? true },
      warmup: warmup && { steps: warmup.steps, from: warmup.from ?? 0 },
    },
    lbfgs: {
      steps: count(l.steps ?? 500, 'lbfgs.steps', 0),
      resampleOnStall,
      ...checkLBFGSOptions(lbfgsPart(l), { fn: 'Trainer', prefix: 'options.lbfgs.' }),
    },
    weights,
    balance: checkBalanceOptions(o.balance),
    causal: checkCausalOptions(o.causal),
    tolerance: nonNegative(o.tolerance ?? 0, 'tolerance'),
    marching: m === undefined ? null : checkMarchingOptions(m, fail),
  };
}

/**
 * Throws unless every name in `weights.conditions` is a condition of `problem` with a loss term
 * (named as in loss histories, see conditionName; imposed conditions have none).
 *
 * @example
 * checkWeightNames(heatProblem(), { conditions: { initial: 10 } }); // fine
 * checkWeightNames(heatProblem(), { conditions: { intial: 10 } }); // throws: Did you mean 'initial'?
 */
export function checkWeightNames(problem: Problem, weights: LossWeights): void {
  const named = problem.conditions.map((c, i) => ({ name: conditionName(problem, c, i), imposed: c.imposed === true }));
  const names = named.map((c) => c.name);
  for (const key of Object.keys(weights.conditions ?? {})) {
    const c = named.find((x) => x.name === key);
    const where = "Option 'options.weights.conditions' passed to 'Trainer'";
    if (c === undefined) {
      const near = nearestName(key, names);
      throw new Error(`${where} names '${key}', which is not a condition of problem '${problem.name}' (its conditions: ${names.join(', ') || 'none'}).${near ? ` Did you mean '${near}'?` : ''}`);
    }
    if (c.imposed) throw new Error(`${where} names '${key}', which is imposed by the transform and has no loss term to weight.`);
  }
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
