import * as tf from '@tensorflow/tfjs';

import { MLP, TorchLayer } from '../models/index.js';
import { Batch, TensorBatch, disposeTensorBatch, pointsFromJSON, pointsToJSON, sampleConditionPoints, toColumns, toTensorBatch } from './batch.js';
import { checkProblem } from './domain.js';
import { LBFGS, LBFGSState } from './lbfgs.js';
import { lossParts, residuals, solutionOf } from './loss.js';
import { CheckedTrainOptions, TrainOptions, checkTrainOptions } from './options.js';
import { Rng, RngState } from './rng.js';
import { SobolCursor, concatPoints, countPoints, gridPoints, pickPoints, samplePoints } from './sampling.js';
import { Points, Problem } from './types.js';

/** One row of the loss history. */
export interface StepRecord {
  step: number;
  phase: 'adam' | 'lbfgs';
  loss: number;
  /** The weighted loss parts by name ('residual', 'initial', ...). */
  parts: Record<string, number>;
}

/** A trainer's whole state, JSON-safe: enough to continue on the same loss curve. */
export interface TrainerState {
  format: 'tfjs-pinn-checkpoint';
  version: 1;
  problem: string;
  sizes: number[];
  activation: string;
  step: number;
  /** The checked options of the run, which a resumed run must share. */
  options: CheckedTrainOptions;
  layers: TorchLayer[];
  adam: { iterations: number; moments: number[][] } | null;
  lbfgs: LBFGSState | null;
  rng: RngState;
  cursors: Record<string, SobolCursor>;
  batch: { interior: Record<string, number[]>; conditions: Record<string, number[]>[][] };
  rar: Record<string, number[]> | null;
  /** Resamplings spent on L-BFGS stalls. */
  stallResamples?: number;
  history: StepRecord[];
}

/**
 * Thrown when the loss turns NaN or infinite; training stops, the last good state stays where it was saved.
 *
 * @example
 * try { await trainer.run(); } catch (e) { if (e instanceof NonFiniteLossError) console.log(e.record.step); }
 * // the weights stay as before the bad step
 */
export class NonFiniteLossError extends Error {
  constructor(readonly record: StepRecord) {
    const parts = Object.entries(record.parts).map(([k, v]) => `${k} ${v}`).join(', ');
    super(`Training stopped at step ${record.step} (${record.phase}): the loss is ${record.loss} (${parts}). The last good checkpoint is kept; try a smaller learning rate, other loss weights or a smaller network.`);
    this.name = 'NonFiniteLossError';
  }
}

/** What {@link Trainer.run} returns. */
export interface TrainResult {
  steps: number;
  loss: number;
  /** Why it stopped: 'steps', 'tolerance', 'converged: ...' or 'stopped'. */
  reason: string;
}

/** Called after every step (awaited); call `trainer.stop()` to end the run after this step. */
export type StepCallback = (record: StepRecord, trainer: Trainer) => unknown;

/**
 * Trains a PINN for a {@link Problem}: Adam for `adam.steps` steps, then
 * L-BFGS (strong Wolfe) for `lbfgs.steps` iterations, over sampled points
 * that can be redrawn (with adaptive refinement) during the Adam phase.
 * Browser-safe: no file system; save `await trainer.state()` where you like.
 *
 * @example
 * const trainer = new Trainer(heat(), { adam: { steps: 500 }, lbfgs: { steps: 100 } });
 * await trainer.run({ onStep: (r) => console.log(r.step, r.loss) });
 */
export class Trainer {
  readonly problem: Problem;
  readonly options: CheckedTrainOptions;
  readonly net: MLP;
  /** Steps taken so far (Adam steps plus L-BFGS iterations). */
  stepCount = 0;
  /** One record per step. */
  history: StepRecord[] = [];
  private adam: tf.AdamOptimizer;
  private lbfgs: LBFGS | null = null;
  private rng: Rng;
  private cursors: Record<string, SobolCursor> = {};
  private batch: Batch;
  private tensors: TensorBatch;
  private rar: Points | null = null;
  private stopRequested = false;
  private stallResamples = 0;

  constructor(problem: Problem, options: TrainOptions = {}) {
    this.problem = checkProblem(problem);
    this.options = checkTrainOptions(options);
    const { network } = this.options;
    this.net = new MLP({
      sizes: [problem.inputs.length, ...network.hidden, problem.outputs.length],
      activation: network.activation,
      seed: network.seed,
      inputs: problem.inputs,
    });
    this.adam = tf.train.adam(this.options.adam.lr);
    this.rng = new Rng(this.options.sampling.seed);
    this.batch = this.drawBatch();
    this.tensors = toTensorBatch(this.batch);
  }

  /** Total steps planned: Adam steps plus L-BFGS iterations. */
  get totalSteps(): number {
    return this.options.adam.steps + this.options.lbfgs.steps;
  }

  /** The phase the next step belongs to, or 'done'. */
  get phase(): 'adam' | 'lbfgs' | 'done' {
    if (this.stepCount < this.options.adam.steps) return 'adam';
    if (this.stepCount < this.totalSteps && !this.lbfgs?.state.converged) return 'lbfgs';
    return 'done';
  }

  /** The current interior collocation points (a copy). */
  get collocationPoints(): Points {
    return pickPoints(this.batch.interior, Array.from({ length: countPoints(this.batch.interior) }, (_, i) => i));
  }

  /**
   * Takes one step and returns its record. Throws {@link NonFiniteLossError}
   * when the loss is NaN or infinite (the weights are then left as they were).
   */
  step(): StepRecord {
    const phase = this.phase;
    if (phase === 'done') throw new Error(`'Trainer.step' called after the last step (${this.stepCount} of ${this.totalSteps}); raise adam.steps or lbfgs.steps to train longer.`);
    const { resampleEvery } = this.options.sampling;
    if (phase === 'adam' && resampleEvery > 0 && this.stepCount > 0 && this.stepCount % resampleEvery === 0) this.resample();
    const record = phase === 'adam' ? this.adamStep() : this.lbfgsStep();
    if (!Number.isFinite(record.loss)) throw new NonFiniteLossError(record);
    this.stepCount++;
    this.history.push(record);
    return record;
  }

  /**
   * Steps until the plan is done, the loss is below `tolerance`, L-BFGS
   * converges, {@link Trainer.stop} is called or `signal` aborts. Yields to the event
   * loop every `yieldEvery` steps so a page stays responsive.
   */
  async run(options: { onStep?: StepCallback; signal?: AbortSignal; yieldEvery?: number } = {}): Promise<TrainResult> {
    const yieldEvery = options.yieldEvery ?? 10;
    let reason = 'steps';
    while (this.phase !== 'done') {
      if (options.signal?.aborted) {
        reason = 'stopped';
        break;
      }
      const record = this.step();
      await options.onStep?.(record, this);
      if (this.stopRequested) {
        this.stopRequested = false;
        reason = 'stopped';
        break;
      }
      if (record.loss < this.options.tolerance) {
        reason = 'tolerance';
        break;
      }
      if (this.stepCount % yieldEvery === 0) await new Promise((r) => setTimeout(r, 0));
    }
    if (reason === 'steps' && this.lbfgs?.state.converged) reason = `converged: ${this.lbfgs.state.converged}`;
    return { steps: this.stepCount, loss: this.history.at(-1)?.loss ?? NaN, reason };
  }

  /**
   * Ends a running {@link Trainer.run} after the current step (a page's stop button);
   * `run()` can be called again to go on.
   *
   * @example
   * await trainer.run({ onStep: (r) => { if (r.loss < 1e-4) trainer.stop(); } });
   * await trainer.run(); // continues where it stopped
   */
  stop(): void {
    this.stopRequested = true;
  }

  /** u at plain points, one Float64Array per output (evaluated in chunks, no tensors left behind). */
  predict(points: Points, chunk = 8192): Float64Array[] {
    const n = countPoints(points);
    const k = this.problem.outputs.length;
    const out = Array.from({ length: k }, () => new Float64Array(n));
    const u = solutionOf(this.problem, this.net);
    for (let s = 0; s < n; s += chunk) {
      const idx = Array.from({ length: Math.min(chunk, n - s) }, (_, i) => s + i);
      const values = tf.tidy(() => {
        const cols = toColumns(pickPoints(points, idx));
        const y = typeof u === 'function' ? u(cols) : u.forward(cols);
        return y.dataSync();
      });
      idx.forEach((row, i) => {
        for (let j = 0; j < k; j++) out[j][row] = values[i * k + j];
      });
    }
    return out;
  }

  /**
   * The relative L2 error against the problem's exact solution on its grid
   * (all outputs together), with the grid, prediction and exact values.
   */
  evaluate(): { relL2: number; points: Points; predicted: Float64Array[]; exact: Float64Array[] } {
    if (this.problem.exact === undefined) throw new Error(`Problem '${this.problem.name}' has no exact solution to evaluate against.`);
    const points = gridPoints(this.problem.domain, this.problem.grid);
    const predicted = this.predict(points);
    const exact = this.problem.exact(points);
    let num = 0;
    let den = 0;
    exact.forEach((e, j) => e.forEach((v, i) => ((num += (predicted[j][i] - v) ** 2), (den += v * v))));
    return { relL2: Math.sqrt(num / den), points, predicted, exact };
  }

  /** The whole state, JSON-safe: weights, optimizer state, sampler, points and history. */
  async state(): Promise<TrainerState> {
    let adam: TrainerState['adam'] = null;
    const weights = await this.adam.getWeights();
    if (weights.length > 1) {
      adam = { iterations: (await weights[0].tensor.data())[0], moments: await Promise.all(weights.slice(1).map(async (w) => Array.from(await w.tensor.data()))) };
    }
    weights[0]?.tensor.dispose();
    return {
      format: 'tfjs-pinn-checkpoint',
      version: 1,
      problem: this.problem.name,
      sizes: [...this.net.sizes],
      activation: this.net.activation,
      step: this.stepCount,
      options: JSON.parse(JSON.stringify(this.options)),
      layers: this.net.toLayers(),
      adam,
      lbfgs: this.lbfgs?.state ?? null,
      rng: this.rng.state(),
      cursors: JSON.parse(JSON.stringify(this.cursors)),
      batch: { interior: pointsToJSON(this.batch.interior), conditions: this.batch.conditions.map((sets) => sets.map(pointsToJSON)) },
      rar: this.rar && pointsToJSON(this.rar),
      stallResamples: this.stallResamples,
      history: this.history.map((r) => ({ ...r, parts: { ...r.parts } })),
    };
  }

  /** Continues from a saved state; throws, saying what differs, when it belongs to another problem or network. */
  async setState(state: TrainerState): Promise<void> {
    if (state?.format !== 'tfjs-pinn-checkpoint' || state.version !== 1) {
      throw new Error(`Not a tfjs-pinn checkpoint (format ${JSON.stringify(state?.format)}, version ${JSON.stringify(state?.version)}); expected format 'tfjs-pinn-checkpoint', version 1.`);
    }
    if (state.problem !== this.problem.name) throw new Error(`The checkpoint is for problem '${state.problem}', but this run trains '${this.problem.name}'.`);
    if (state.sizes.join(',') !== this.net.sizes.join(',') || state.activation !== this.net.activation) {
      throw new Error(`The checkpoint's network is [${state.sizes}] ${state.activation}, but this run's is [${this.net.sizes}] ${this.net.activation}; use the same network options or start afresh.`);
    }
    const differ = optionDifferences(state.options, this.options);
    if (differ.length > 0) {
      throw new Error(`The checkpoint was made with other training options (${differ.join('; ')}); resume with the same problem, --steps and --full, or start afresh.`);
    }
    if (!Number.isInteger(state.step) || state.step < 0 || state.step > this.totalSteps) {
      throw new Error(`The checkpoint is at step ${state.step}, outside this run's plan of ${this.totalSteps} steps.`);
    }
    this.net.setLayers(state.layers);
    if (state.adam) {
      const vars = this.net.variables;
      if (state.adam.moments.length !== 2 * vars.length) throw new Error(`The checkpoint's Adam state has ${state.adam.moments.length} moments, expected ${2 * vars.length}.`);
      const named = state.adam.moments.map((m, i) => {
        const v = vars[i % vars.length];
        if (m.length !== v.size) throw new Error(`The checkpoint's Adam moment ${i} has ${m.length} values, expected ${v.size}.`);
        return { name: `${v.name}/${i < vars.length ? 'm' : 'v'}`, tensor: tf.tensor(m, v.shape) };
      });
      this.adam.dispose();
      this.adam = tf.train.adam(this.options.adam.lr);
      const iter = tf.scalar(state.adam.iterations, 'int32');
      await this.adam.setWeights([{ name: 'iter', tensor: iter }, ...named]);
      // setWeights copies the moments into new variables and only reads the step count.
      [iter, ...named.map((w) => w.tensor)].forEach((t) => t.dispose());
    }
    this.lbfgs = null;
    if (state.lbfgs) {
      this.lbfgs = this.newLBFGS();
      this.lbfgs.setState(state.lbfgs);
    }
    this.rng = new Rng(state.rng);
    this.cursors = JSON.parse(JSON.stringify(state.cursors));
    disposeTensorBatch(this.tensors);
    this.batch = { interior: pointsFromJSON(state.batch.interior), conditions: state.batch.conditions.map((sets) => sets.map(pointsFromJSON)) };
    this.tensors = toTensorBatch(this.batch);
    this.rar = state.rar && pointsFromJSON(state.rar);
    this.stallResamples = state.stallResamples ?? 0;
    this.stepCount = state.step;
    this.history = state.history.map((r) => ({ ...r, parts: { ...r.parts } }));
  }

  /** Frees the network, optimizer and point tensors. */
  dispose(): void {
    this.net.dispose();
    this.adam.dispose();
    disposeTensorBatch(this.tensors);
  }

  private drawBatch(): Batch {
    const { method, domain, boundary } = this.options.sampling;
    const cursor = (this.cursors.interior ??= { index: 0, shift: [] });
    let interior = samplePoints(this.problem.domain, domain, method, this.rng, cursor);
    if (this.rar) interior = concatPoints(interior, this.rar);
    return { interior, conditions: sampleConditionPoints(this.problem, boundary, method, this.rng, this.cursors) };
  }

  /** New points; with RAR, first adds the worst of a fresh candidate set to the kept pool. */
  private resample(): void {
    const rar = this.options.sampling.rar;
    if (rar) {
      const cursor = (this.cursors.rar ??= { index: 0, shift: [] });
      const candidates = samplePoints(this.problem.domain, rar.candidates, this.options.sampling.method, this.rng, cursor);
      const size = tf.tidy(() => {
        const rs = residuals(this.problem, this.net, toColumns(candidates));
        return tf.addN(rs.map((r) => tf.abs(r))).dataSync();
      });
      const worst = Array.from(size.keys()).sort((a, b) => size[b] - size[a]).slice(0, rar.add);
      const picked = pickPoints(candidates, worst);
      this.rar = this.rar ? concatPoints(this.rar, picked) : picked;
    }
    disposeTensorBatch(this.tensors);
    this.batch = this.drawBatch();
    this.tensors = toTensorBatch(this.batch);
    this.lbfgs?.reset();
  }

  /** Loss and gradients at the current weights, parts read back. */
  private lossAndGrads(): { loss: number; parts: Record<string, number>; grads: tf.Tensor[] } {
    const vars = this.net.variables;
    let kept: Record<string, tf.Scalar> = {};
    const { value, grads } = tf.variableGrads(() => {
      const { total, parts } = lossParts(this.problem, this.net, this.tensors, this.options.weights);
      kept = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, tf.keep(v)]));
      return total;
    }, vars);
    const loss = value.dataSync()[0];
    value.dispose();
    const parts = Object.fromEntries(Object.entries(kept).map(([k, v]) => [k, v.dataSync()[0]]));
    Object.values(kept).forEach((v) => v.dispose());
    return { loss, parts, grads: vars.map((v) => grads[v.name]) };
  }

  private adamStep(): StepRecord {
    const { lr, decay } = this.options.adam;
    (this.adam as unknown as { learningRate: number }).learningRate = decay ? lr * decay.rate ** Math.floor(this.stepCount / decay.every) : lr;
    const { loss, parts, grads } = this.lossAndGrads();
    if (Number.isFinite(loss)) {
      this.adam.applyGradients(this.net.variables.map((v, i) => ({ name: v.name, tensor: grads[i] })));
    }
    grads.forEach((g) => g.dispose());
    return { step: this.stepCount + 1, phase: 'adam', loss, parts };
  }

  private newLBFGS(): LBFGS {
    return new LBFGS(this.flatWeights(), { historySize: this.options.lbfgs.historySize, restarts: this.options.lbfgs.restarts });
  }

  private flatWeights(): Float64Array {
    return Float64Array.from(tf.tidy(() => tf.concat(this.net.variables.map((v) => v.reshape([-1]))).dataSync()));
  }

  private setFlatWeights(x: Float64Array): void {
    let at = 0;
    tf.tidy(() => {
      for (const v of this.net.variables) {
        v.assign(tf.tensor(Float32Array.from(x.subarray(at, at + v.size)), v.shape, 'float32'));
        at += v.size;
      }
    });
  }

  private lbfgsStep(): StepRecord {
    this.lbfgs ??= this.newLBFGS();
    const seen: { f: number; parts: Record<string, number> }[] = [];
    const objective = (x: Float64Array) => {
      this.setFlatWeights(x);
      const { loss, parts, grads } = this.lossAndGrads();
      const g = Float64Array.from(tf.tidy(() => tf.concat(grads.map((t) => t.reshape([-1]))).dataSync()));
      grads.forEach((t) => t.dispose());
      seen.push({ f: loss, parts });
      // A NaN loss must not steer the line search: report it as +Infinity (too far).
      return { f: Number.isFinite(loss) ? loss : Infinity, g };
    };
    const f = this.lbfgs.step(objective);
    this.setFlatWeights(this.lbfgs.x);
    const stalled = this.lbfgs.state.converged;
    if (stalled !== null && (stalled.includes('toleranceChange') || stalled === 'no descent direction left')) {
      if (this.stallResamples < this.options.lbfgs.resampleOnStall) {
        this.stallResamples++;
        this.resample();
      }
    }
    const parts = seen.find((s) => s.f === f)?.parts ?? seen.at(-1)?.parts ?? {};
    return { step: this.stepCount + 1, phase: 'lbfgs', loss: f, parts };
  }
}

/** 'path: saved vs now' for every option that differs between two option sets. */
function optionDifferences(saved: unknown, now: unknown, path = ''): string[] {
  if (JSON.stringify(saved) === JSON.stringify(now)) return [];
  if (saved !== null && now !== null && typeof saved === 'object' && typeof now === 'object' && !Array.isArray(saved) && !Array.isArray(now)) {
    const keys = [...new Set([...Object.keys(saved), ...Object.keys(now)])];
    return keys.flatMap((k) => optionDifferences((saved as Record<string, unknown>)[k], (now as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  return [`${path || 'options'}: checkpoint ${JSON.stringify(saved)}, now ${JSON.stringify(now)}`];
}
