import * as tf from '@tensorflow/tfjs';

import { Reads } from '../../internals/reads.js';
import { Rng } from '../../sampling/rng.js';
import { Batch } from '../batch.js';
import { causalChunkMatrix, checkCausalProblem } from '../loss/causal.js';
import { LossAdaptation } from '../loss/parts.js';
import { CheckedTrainOptions } from '../options.js';
import { Points, Problem } from '../types.js';
import { balancedWeights } from './balance.js';
import { gradientNormsReads } from './grad_norm.js';
import { ntkTracesReads } from './ntk.js';
import { LossSetting } from './setting.js';

/** What a checkpoint keeps of the balancing: the adaptive weights by part name ({} before the first update). */
export interface BalanceState {
  /** The adaptive weights by loss part name (they multiply the fixed `weights`). */
  weights: Record<string, number>;
}

/** The fields the weighting adds to a step record (StepRecord's `weights` and `causalMinWeight`). */
export interface WeightingFields {
  weights?: Record<string, number>;
  causalMinWeight?: number;
}

/**
 * The adaptive side of a Trainer's loss (options `balance` and `causal`): it keeps the balancing weights
 * and their update schedule, the causal chunks of the current points, and what goes into records and
 * checkpoints. With both options null it does nothing, and the loss is the plain one.
 *
 * @example
 * const weighting = new LossWeighting(problem, options); // throws for causal without a time input
 * yield* weighting.beforeAdamStep(step, setting); // every balance.every steps: new weights
 * lossAndGradsReads(..., weighting.adaptation(batch)); // the weights in the loss
 */
export class LossWeighting {
  private balance: Record<string, number> = {};
  private chunks: { interior: Points; matrix: tf.Tensor2D } | null = null;
  private last: WeightingFields = {};
  private readonly time: string;

  constructor(
    problem: Problem,
    private readonly options: Pick<CheckedTrainOptions, 'balance' | 'causal' | 'sampling'>,
  ) {
    if (options.causal !== null) checkCausalProblem(problem, options.causal, interiorCount(problem, options.sampling));
    this.time = problem.time ?? '';
  }

  /** Whether balancing or causal weights are on. */
  get active(): boolean {
    return this.options.balance !== null || this.options.causal !== null;
  }

  /** The adaptive weights by part name now ({} before the first update, or without balancing). */
  get weights(): Record<string, number> {
    return { ...this.balance };
  }

  /**
   * What adapts the loss at `batch` (its interior points' causal chunks are made once per point set);
   * undefined when both options are off.
   */
  adaptation(batch: Batch): LossAdaptation | undefined {
    if (!this.active) return undefined;
    return { ...(this.options.balance !== null ? { scale: this.balance } : {}), ...this.causal(batch) };
  }

  /**
   * Before the Adam step taken after `step` steps: every `balance.every` steps (from the first), measures
   * the parts at the current weights and points (`setting`) and updates the balancing weights.
   */
  *beforeAdamStep(step: number, setting: Omit<LossSetting, 'adapt'>): Reads<void> {
    const b = this.options.balance;
    if (b === null || step % b.every !== 0) return;
    const at: LossSetting = { ...setting, ...this.causal(setting.batch) };
    // The NTK subsample is drawn from its own stream, fixed by the seed and the step: it leaves the sampler's alone.
    const measures = b.method === 'ntk' ? yield* ntkTracesReads(at, b.ntkPoints ?? 1, new Rng((Math.imul(this.options.sampling.seed + 1, 0x9e3779b1) ^ step) >>> 0)) : yield* gradientNormsReads(at);
    this.balance = balancedWeights(measures, this.balance, b.momentum);
  }

  /** Adds the weights in effect and the smallest causal weight of `read` (else the last ones seen) to `record`. */
  annotate<R extends WeightingFields>(record: R, read?: WeightingFields): R {
    if (read?.weights !== undefined) this.last.weights = read.weights;
    if (read?.causalMinWeight !== undefined) this.last.causalMinWeight = read.causalMinWeight;
    if (this.options.balance !== null && this.last.weights !== undefined) record.weights = { ...this.last.weights };
    if (this.options.causal !== null && this.last.causalMinWeight !== undefined) record.causalMinWeight = this.last.causalMinWeight;
    return record;
  }

  /** The checkpoint's fields: `balance` when balancing is on. */
  state(): { balance?: BalanceState } {
    return this.options.balance === null ? {} : { balance: { weights: { ...this.balance } } };
  }

  /** Continues from a checked state (see {@link checkBalanceState}) whose last record is `last`. */
  setState(balance: BalanceState | undefined, last: WeightingFields | undefined): void {
    this.balance = { ...(balance?.weights ?? {}) };
    this.last = { ...(last?.weights ? { weights: { ...last.weights } } : {}), ...(last?.causalMinWeight !== undefined ? { causalMinWeight: last.causalMinWeight } : {}) };
  }

  /** Frees the chunk matrix. */
  dispose(): void {
    this.chunks?.matrix.dispose();
    this.chunks = null;
  }

  private causal(batch: Batch): Pick<LossAdaptation, 'causal'> {
    const c = this.options.causal;
    if (c === null) return {};
    if (this.chunks?.interior !== batch.interior) {
      this.chunks?.matrix.dispose();
      this.chunks = { interior: batch.interior, matrix: tf.keep(causalChunkMatrix(batch.interior[this.time], c.chunks)) };
    }
    return { causal: { chunks: this.chunks.matrix, epsilon: c.epsilon } };
  }
}

/** The residual points of a plan: the sampled ones and, with residualAtData, the data points. */
function interiorCount(problem: Problem, sampling: CheckedTrainOptions['sampling']): number {
  const data = sampling.residualAtData ? problem.conditions.reduce((n, c) => n + (c.kind === 'data' ? c.values.length : 0), 0) : 0;
  return sampling.domain + data;
}

/**
 * Throws, naming the field, unless a checkpoint's `balance` fits the run: absent without balancing; with it,
 * adaptive weights that are finite numbers > 0, one per loss part of the history's records (none before the first step).
 *
 * @example
 * checkBalanceState(state.balance, options.balance, state.history); // fine for a state the run wrote
 * checkBalanceState({ weights: { residual: -1 } }, options.balance, history); // throws, naming balance.weights.residual
 */
export function checkBalanceState(balance: unknown, options: CheckedTrainOptions['balance'], history: { phase: string; parts: Record<string, number> }[]): void {
  if (options === null) {
    if (balance !== undefined && balance !== null) throw new Error(`The checkpoint keeps balancing weights (balance), but this run's options.balance is null, so it has none.`);
    return;
  }
  const weights = (balance as BalanceState | undefined)?.weights;
  if (weights === null || typeof weights !== 'object' || Array.isArray(weights)) {
    throw new Error(`The checkpoint's balancing weights (balance.weights) must map loss parts to numbers > 0, but got ${JSON.stringify(balance)?.slice(0, 80)}.`);
  }
  for (const [name, v] of Object.entries(weights)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new Error(`The checkpoint's balance.weights.${name} is ${JSON.stringify(v)}; expected a finite number > 0.`);
  }
  const parts = history.length === 0 ? [] : Object.keys(history[history.length - 1].parts);
  const have = Object.keys(weights);
  if (have.length > 0 && have.slice().sort().join(',') !== parts.slice().sort().join(',')) {
    throw new Error(`The checkpoint's balancing weights are for the parts [${have.join(', ')}], but its loss has the parts [${parts.join(', ')}].`);
  }
  const adam = history.filter((r) => r.phase === 'adam').length;
  if (have.length === 0 && adam > 0) throw new Error(`The checkpoint has taken ${adam} Adam steps with balancing, but keeps no balancing weights (balance.weights is {}).`);
}
