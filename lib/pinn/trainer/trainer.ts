import * as tf from '@tensorflow/tfjs';

import { syncReadsBroken } from '../../backend/sync_reads.js';
import { assertFiniteReads } from '../../derivatives/checks.js';
import { Reads, read, readAsync, readSync } from '../../internals/reads.js';
import { yieldToEventLoop } from '../../internals/yield.js';
import { MLP, Network, PinnNet, createNetwork, isPlainMLP, networkSizes } from '../../models/index.js';
import { Batch, TensorBatch, disposeTensorBatch, pointsFromJSON, pointsToJSON, toTensorBatch } from '../batch.js';
import { checkProblem } from '../problem/check.js';
import { problemGeometry } from '../problem/geometry.js';
import { imposedByNetwork } from '../problem/imposed_by_network.js';
import { problemConstants } from '../problem/constants.js';
import { CheckNetwork, verifyImposed, verifyImposedReads } from '../loss/imposed.js';
import { GradientOptimizer } from '../optim/adam.js';
import { FlatAdam, createAdam } from '../optim/flat_adam.js';
import { learningRate } from '../optim/schedule.js';
import { LossSetting, LossWeighting } from '../weighting/index.js';
import { ParameterSet } from '../parameters.js';
import { Solution } from '../solution.js';
import { LBFGS, LBFGSOptions } from '../optim/lbfgs.js';
import { Evaluation, Evaluations, NonFiniteEvaluation } from '../optim/line_search.js';
import { allFinite } from '../optim/vector.js';
import { CheckedTrainOptions, TrainOptions, checkTrainOptions, checkWeightNames } from '../options.js';
import { Rng } from '../../sampling/rng.js';
import { SobolCursor, checkPointColumns, countPoints, pickPoints } from '../../sampling/points.js';
import { Points, Problem } from '../types.js';
import { Evaluated, evaluate, predict, predictReads } from './evaluation.js';
import { TransformTermsCache } from '../loss/transform_cache.js';
import { GradientRead, LossAndGradsRead, LossEvaluator, flatValuesReads, lossAndGradsReads, setFlatValues } from './objective.js';
import { dataPoints, drawBatch, refinePointsReads } from './points.js';
import { NonFiniteLossError, StepRecord, TrainResult } from './records.js';
import { TrainerState, checkState, dataFingerprint } from './state.js';

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
  /** The problem, checked by {@link checkProblem}. */
  readonly problem: Problem;
  /** The options with every default applied and checked. */
  readonly options: CheckedTrainOptions;
  /** The raw network N (apply the problem's output transform to get u): the plain {@link MLP}, or a {@link Network} when the plan asks for an architecture, embedding or factorisation. */
  readonly net: PinnNet;
  /** The problem's trainable parameters (none when it states no `parameters`). */
  readonly parameters: ParameterSet;
  /** Steps taken so far (Adam steps plus L-BFGS iterations). */
  stepCount = 0;
  /** One record per step. */
  history: StepRecord[] = [];
  private adam: GradientOptimizer;
  private lbfgs: LBFGS | null = null;
  private rng: Rng;
  private cursors: Record<string, SobolCursor> = {};
  private batch: Batch;
  private tensors: TensorBatch;
  private rar: Points | null = null;
  /** The output transform's terms at the current point sets: constants of the loss, computed once per set. */
  private readonly transformTerms = new TransformTermsCache();
  private stopRequested = false;
  private stallResamples = 0;
  private imposedUnchecked = false;
  private evaluator: LossEvaluator | null = null;
  /** Balancing and causal weights (options.balance, options.causal). */
  private readonly weighting: LossWeighting;

  constructor(problem: Problem, options: TrainOptions = {}) {
    const checked = checkProblem(problem);
    this.options = checkTrainOptions(options);
    if (this.options.marching !== null) {
      throw new Error("Option 'options.marching' passed to 'Trainer' trains time windows one after another, which a Trainer does not do: use createTrainer(problem, options) or new MarchingTrainer(problem, options).");
    }
    // A periodic condition the network's embedding satisfies exactly leaves the loss (verified below like any imposed one).
    this.problem = imposedByNetwork(checked, this.options.network);
    checkWeightNames(this.problem, this.options.weights);
    // Before any tensor exists: a problem without data is refused without leaving weights behind.
    if (this.options.sampling.residualAtData) dataPoints(this.problem);
    this.weighting = new LossWeighting(this.problem, this.options);
    // Where synchronous reads give wrong values, the check runs (asynchronously) before the first step instead.
    if (syncReadsBroken() === undefined) verifyImposed(this.problem, this.checkNetwork());
    else this.imposedUnchecked = true;
    this.net = createNetwork(this.options.network, problem.inputs, problem.outputs.length, problemGeometry(this.problem).bbox);
    this.parameters = new ParameterSet(problem.parameters);
    this.adam = createAdam(this.options.adam.lr);
    this.rng = new Rng(this.options.sampling.seed);
    this.batch = drawBatch(this.problem, this.options.sampling, this.rng, this.cursors, this.rar);
    this.tensors = toTensorBatch(this.batch);
  }

  /**
   * The tensors training changes, in a fixed order (the order of optimiser
   * moments, flat L-BFGS vectors and gradients): the network's weights, then
   * the problem's trainable parameters (raw scalars) in their stated order.
   */
  trainables(): tf.Variable[] {
    return [...this.net.variables, ...this.parameters.variables];
  }

  /** The trainable parameters' current values by name, transform applied ({} when there are none). */
  parameterValues(): Record<string, number> {
    return this.parameters.values();
  }

  /** Total steps planned: Adam steps plus L-BFGS iterations. */
  get totalSteps(): number {
    return this.options.adam.steps + this.options.lbfgs.steps;
  }

  /** The phase the next step belongs to, or 'done'. */
  get phase(): 'adam' | 'lbfgs' | 'done' {
    if (this.stepCount < this.options.adam.steps) return 'adam';
    if (this.stepCount < this.totalSteps && !this.lbfgs?.converged) return 'lbfgs';
    return 'done';
  }

  /** The current interior collocation points (a copy). */
  get collocationPoints(): Points {
    return pickPoints(this.batch.interior, Array.from({ length: countPoints(this.batch.interior) }, (_, i) => i));
  }

  /**
   * Takes one step and returns its record. Throws {@link NonFiniteLossError}
   * when the loss or its gradient is NaN or infinite (weights and optimiser state are then left as they were).
   * Reads back synchronously (Node, cpu, wasm, webgl); where that gives wrong values (WebGPU on
   * SwiftShader's fallback adapter, see {@link syncReadsWork}) it throws: use `await trainer.run()` or {@link Trainer.stepAsync}.
   */
  step(): StepRecord {
    this.assertSyncReads('Trainer.step', "'await trainer.run()' or 'await trainer.stepAsync()'");
    return readSync(this.stepReads());
  }

  /**
   * {@link Trainer.step} reading back only asynchronously (`await t.data()`): works on every
   * backend, WebGPU included; the same step, so the same numbers as step() on one backend.
   *
   * @example
   * const record = await trainer.stepAsync();
   * record.loss; // as trainer.step() would give
   */
  async stepAsync(): Promise<StepRecord> {
    return readAsync(this.stepReads());
  }

  /** One step, written once for both kinds of read-back (see {@link Reads}). */
  private *stepReads(): Reads<StepRecord> {
    const phase = this.phase;
    if (phase === 'done') throw new Error(`'Trainer.step' called after the last step (${this.stepCount} of ${this.totalSteps}); raise options.adam.steps or options.lbfgs.steps to train longer.`);
    if (this.imposedUnchecked) {
      yield* verifyImposedReads(this.problem, this.checkNetwork());
      this.imposedUnchecked = false;
    }
    const { resampleEvery } = this.options.sampling;
    if (phase === 'adam' && resampleEvery > 0 && this.stepCount > 0 && this.stepCount % resampleEvery === 0) yield* this.resample();
    // The points are checked here (once per tensor), so partials in the loss does not read them back synchronously.
    yield* assertFiniteReads(this.pointColumns(), 'partials');
    const record = phase === 'adam' ? yield* this.adamStep() : yield* this.lbfgsStep();
    if (this.parameters.names.length > 0) record.parameters = this.parameters.valuesOf(yield* this.rawParameters());
    if (!Number.isFinite(record.loss)) throw new NonFiniteLossError(record);
    this.stepCount++;
    this.history.push(record);
    return record;
  }

  /**
   * Steps until the plan is done, the loss is below `tolerance`, L-BFGS
   * converges, {@link Trainer.stop} is called or `signal` aborts. Yields to the event
   * loop every `yieldEvery` steps so a page stays responsive. Reads back only
   * asynchronously ({@link Trainer.stepAsync}), so it trains on every backend, WebGPU included.
   */
  async run(options: { onStep?: StepCallback; signal?: AbortSignal; yieldEvery?: number } = {}): Promise<TrainResult> {
    const yieldEvery = options.yieldEvery ?? 10;
    let reason = 'steps';
    while (this.phase !== 'done') {
      if (options.signal?.aborted) {
        reason = 'stopped';
        break;
      }
      const record = await this.stepAsync();
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
      if (this.stepCount % yieldEvery === 0) await yieldToEventLoop();
    }
    if (reason === 'steps' && this.lbfgs?.converged) reason = `converged: ${this.lbfgs.converged}`;
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

  /**
   * u at plain points, one Float64Array per output (evaluated in chunks, no tensors left behind).
   * Reads back synchronously: where that gives wrong values (WebGPU on SwiftShader) it throws; use {@link Trainer.predictAsync}.
   */
  predict(points: Points, chunk = 8192): Float64Array[] {
    this.assertSyncReads('Trainer.predict', "'await trainer.predictAsync(points)'");
    checkPointColumns(points, this.problem.inputs, 'Trainer.predict');
    return predict(this.problem, this.net, points, chunk);
  }

  /**
   * {@link Trainer.predict} reading back only asynchronously: works on every backend, WebGPU included.
   *
   * @example
   * const [u] = await trainer.predictAsync({ x: Float64Array.of(0.5), t: Float64Array.of(0.1) });
   * u[0]; // u(0.5, 0.1)
   */
  async predictAsync(points: Points, chunk = 8192): Promise<Float64Array[]> {
    checkPointColumns(points, this.problem.inputs, 'Trainer.predictAsync');
    return readAsync(predictReads(this.problem, this.net, points, chunk));
  }

  /**
   * The relative L2 error against the problem's exact solution on its grid
   * (all outputs together), with the grid, prediction and exact values. Reads back synchronously (see {@link Trainer.step}).
   */
  evaluate(): Evaluated {
    this.assertSyncReads('Trainer.evaluate', "'await trainer.predictAsync(points)' and compare with problem.exact(points)");
    return evaluate(this.problem, this.net);
  }

  /**
   * The trained solution as an object of its own (a copy of the weights and the
   * learned parameters): evaluates u and its partials at new points, saves to JSON.
   * Reads back synchronously (see {@link Trainer.step}).
   *
   * @example
   * const s = trainer.solution(); s.predict({ x, t });
   * JSON.stringify(s); // the raw network N, the parameters, how u is formed
   */
  solution(): Solution {
    this.assertSyncReads('Trainer.solution', "'await trainer.state()' (its layers and parameters)");
    const net = this.net instanceof MLP ? MLP.fromLayers(this.net.toLayers(), this.net.activation, { inputs: this.problem.inputs }) : Network.fromJSON(this.net.toJSON());
    return new Solution(this.problem, net, this.parameters.values());
  }

  /** The whole state, JSON-safe: weights, optimizer state, sampler, points and history. Reads back only asynchronously. */
  async state(): Promise<TrainerState> {
    const layers = this.net instanceof MLP ? await this.net.toLayersAsync() : [];
    const weights = this.net instanceof Network ? await this.net.stateDictAsync() : undefined;
    const parameters = await readAsync(this.rawParameters());
    return {
      format: 'tfjs-pinn-checkpoint',
      version: 1,
      problem: this.problem.name,
      params: { ...problemConstants(this.problem) },
      sizes: networkSizes(this.net),
      activation: this.options.network.activation,
      step: this.stepCount,
      options: JSON.parse(JSON.stringify(this.options)),
      layers,
      ...(weights !== undefined ? { weights } : {}),
      adam: await this.adam.state(),
      lbfgs: this.lbfgs?.state ?? null,
      rng: this.rng.state(),
      cursors: JSON.parse(JSON.stringify(this.cursors)),
      batch: { interior: pointsToJSON(this.batch.interior), conditions: this.batch.conditions.map((sets) => sets.map(pointsToJSON)) },
      rar: this.rar && pointsToJSON(this.rar),
      stallResamples: this.stallResamples,
      ...(this.parameters.names.length > 0 ? { parameters } : {}),
      ...(dataFingerprint(this.problem) !== undefined ? { data: dataFingerprint(this.problem) } : {}),
      ...this.weighting.state(),
      history: this.history.map(copyRecord),
    };
  }

  /**
   * Continues from a saved state. Checks all of it first and changes nothing when it does not fit:
   * throws, saying what differs, when it belongs to another problem (name or parameters), network
   * or options, or is damaged.
   */
  async setState(state: TrainerState): Promise<void> {
    checkState(state, { problem: this.problem, net: this.net, options: this.options, totalSteps: this.totalSteps });
    if (state.adam) this.adam.checkState(state.adam, this.trainables());
    let lbfgs: LBFGS | null = null;
    if (state.lbfgs) {
      // Its x is replaced by the state's at once: no need to read the weights back.
      lbfgs = new LBFGS(new Float64Array(this.trainables().reduce((n, v) => n + v.size, 0)), lbfgsOptions(this.options));
      lbfgs.setState(state.lbfgs);
    }
    // Everything is checked: from here on nothing throws on the state's account.
    if (this.net instanceof MLP) this.net.setLayers(state.layers);
    else this.net.loadStateDict(state.weights!);
    if (state.parameters) this.parameters.setRaw(state.parameters, 'The checkpoint');
    if (state.adam) await this.adam.setState(state.adam, this.trainables());
    this.lbfgs = lbfgs;
    this.rng = new Rng(state.rng);
    this.cursors = JSON.parse(JSON.stringify(state.cursors));
    disposeTensorBatch(this.tensors);
    this.batch = { interior: pointsFromJSON(state.batch.interior), conditions: state.batch.conditions.map((sets) => sets.map(pointsFromJSON)) };
    this.tensors = toTensorBatch(this.batch);
    this.rar = state.rar && pointsFromJSON(state.rar);
    this.stallResamples = state.stallResamples ?? 0;
    this.stepCount = state.step;
    this.history = state.history.map(copyRecord);
    this.weighting.setState(state.balance, this.history.at(-1));
  }

  /**
   * Evaluates the loss with `evaluator` from the next evaluation on (null: in this thread again); the
   * trainer owns it from now on and disposes it with itself. The Node entry's parallelTrainer gives a
   * point-sharded one; points, weights and optimisers stay here.
   *
   * @example
   * trainer.setLossEvaluator(await ShardedLoss.start(source, trainer, { workers: 2 }));
   * trainer.setLossEvaluator(null); // back to one thread
   */
  setLossEvaluator(evaluator: LossEvaluator | null): void {
    if (evaluator !== null && this.weighting.active) {
      evaluator.dispose();
      throw new Error(`'Trainer.setLossEvaluator': options.balance and options.causal need the whole loss in this thread (per-part gradients, all the residual points in time order); set them to null to evaluate elsewhere.`);
    }
    if (this.evaluator !== evaluator) this.evaluator?.dispose();
    this.evaluator = evaluator;
  }

  /** Frees the network, optimizer and point tensors (and ends a loss evaluator's threads). */
  dispose(): void {
    this.setLossEvaluator(null);
    this.net.dispose();
    this.parameters.dispose();
    this.adam.dispose();
    disposeTensorBatch(this.tensors);
    this.transformTerms.dispose();
    this.weighting.dispose();
  }

  /**
   * The random networks the check of imposed conditions uses: small ones of this plan's kind (a periodic
   * condition can be imposed by the network's embedding), the default small MLP for a plain MLP.
   */
  private checkNetwork(): CheckNetwork | undefined {
    const o = this.options.network;
    if (isPlainMLP(o)) return undefined;
    return (seed) => createNetwork({ ...o, hidden: o.hidden.map(() => 8).slice(0, 2), seed }, this.problem.inputs, this.problem.outputs.length, problemGeometry(this.problem).bbox);
  }

  /** Throws, naming `what` and what to call instead, where synchronous reads give wrong values. */
  private assertSyncReads(what: string, instead: string): void {
    const broken = syncReadsBroken();
    if (broken !== undefined) throw new Error(`'${what}' reads back synchronously, which gives wrong values on this backend (${broken}); use ${instead}.`);
  }

  /** Every column of the current points, as partials is given them. */
  private pointColumns(): { what: string; t: tf.Tensor2D }[] {
    const sets = [this.tensors.interior, ...this.tensors.conditions.flat()];
    return sets.flatMap((columns) => Object.entries(columns).map(([name, t]) => ({ what: `Input '${name}'`, t })));
  }

  /** The trainable parameters' raw values θ by name ({} when there are none). */
  private *rawParameters(): Reads<Record<string, number>> {
    if (this.parameters.names.length === 0) return {};
    const [values] = yield* read([tf.stack(this.parameters.variables)]);
    return Object.fromEntries(this.parameters.names.map((n, i) => [n, values[i]]));
  }

  /** New points; with RAR, first adds the worst of a fresh candidate set to the kept pool. */
  private *resample(): Reads<void> {
    this.rar = yield* refinePointsReads(this.problem, this.net, this.options.sampling, this.rng, this.cursors, this.rar, () => this.parameters.tensors());
    disposeTensorBatch(this.tensors);
    this.batch = drawBatch(this.problem, this.options.sampling, this.rng, this.cursors, this.rar);
    this.tensors = toTensorBatch(this.batch);
    this.lbfgs?.reset();
  }

  private lossReads(gradient: GradientRead): Reads<LossAndGradsRead> {
    if (this.evaluator !== null) return this.evaluator.lossReads(this.batch, this.trainables(), gradient);
    const { problem, net, tensors, options, transformTerms } = this;
    return lossAndGradsReads(problem, net, tensors, options.weights, this.trainables(), () => this.parameters.tensors(), gradient, transformTerms, undefined, this.weighting.adaptation(this.batch));
  }

  /** Where the loss is evaluated now, for the balancing measurements. */
  private lossSetting(): Omit<LossSetting, 'adapt'> {
    const { problem, net, batch, tensors, options, transformTerms } = this;
    return { problem, net, batch, tensors, weights: options.weights, params: this.trainables(), k: () => this.parameters.tensors(), cache: transformTerms };
  }

  private *adamStep(): Reads<StepRecord> {
    this.adam.learningRate = learningRate(this.options.adam, this.stepCount);
    yield* this.weighting.beforeAdamStep(this.stepCount, this.lossSetting());
    // FlatAdam reads the gradient into JavaScript anyway: check it there rather than with ~30 kernels.
    const host = this.adam instanceof FlatAdam;
    const read = yield* this.lossReads(host ? 'none' : 'finite');
    const { loss, parts, grads } = read;
    // One read of each gradient serves the check and the update.
    const values = host ? grads.map((g) => g.dataSync() as Float32Array) : [];
    const finite = host ? values.every(allFinite) : read.finite;
    const record = this.weighting.annotate<StepRecord>({ step: this.stepCount + 1, phase: 'adam', loss, parts }, read);
    // Both are checked before the update: a NaN gradient at a finite loss would otherwise write NaN weights.
    const bad = !Number.isFinite(loss) ? 'loss' : finite ? null : 'gradient';
    if (bad === null) {
      if (host) (this.adam as FlatAdam).applyValues(this.trainables(), values);
      else this.adam.apply(this.trainables(), grads);
    }
    grads.forEach((g) => g.dispose());
    if (bad !== null) throw new NonFiniteLossError(record, bad);
    return record;
  }

  private *newLBFGS(): Reads<LBFGS> {
    const x0 = yield* flatValuesReads(this.trainables());
    return new LBFGS(x0, lbfgsOptions(this.options));
  }

  private *lbfgsStep(): Reads<StepRecord> {
    const lbfgs = (this.lbfgs ??= yield* this.newLBFGS());
    const seen: { f: number; parts: Record<string, number>; read: Pick<LossAndGradsRead, 'weights' | 'causalMinWeight'> }[] = [];
    const objective = function* (this: Trainer, x: Float64Array): Reads<Evaluation> {
      setFlatValues(this.trainables(), x);
      const read = yield* this.lossReads('flat');
      const { loss, parts, grads, flat } = read;
      grads.forEach((t) => t.dispose());
      seen.push({ f: loss, parts, read: { weights: read.weights, causalMinWeight: read.causalMinWeight } });
      return { f: loss, g: flat! };
    }.bind(this);
    let f: number;
    try {
      f = yield* evaluateWith(lbfgs.iteration(), objective);
    } catch (error) {
      if (!(error instanceof NonFiniteEvaluation)) throw error;
      const last = [...seen].reverse().find((s) => Object.is(s.f, error.f)) ?? seen.at(-1);
      throw new NonFiniteLossError({ step: this.stepCount + 1, phase: 'lbfgs', loss: error.f, parts: last?.parts ?? {} }, error.what);
    } finally {
      // The line search left its last trial point in the weights; the optimiser's x is the accepted (or unchanged) one.
      setFlatValues(this.trainables(), lbfgs.x);
    }
    const stalled = lbfgs.converged;
    if (stalled !== null && (stalled.includes('toleranceChange') || stalled === 'no descent direction left')) {
      if (this.stallResamples < this.options.lbfgs.resampleOnStall) {
        this.stallResamples++;
        yield* this.resample();
      }
    }
    const at = seen.find((s) => s.f === f) ?? seen.at(-1);
    return this.weighting.annotate<StepRecord>({ step: this.stepCount + 1, phase: 'lbfgs', loss: f, parts: at?.parts ?? {} }, at?.read);
  }
}

/**
 * Runs an optimiser's {@link Evaluations} inside {@link Reads}: every point it asks for is
 * evaluated by `objective`, whose read-backs pass through (the third driver of one L-BFGS).
 */
function* evaluateWith<R>(steps: Evaluations<R>, objective: (x: Float64Array) => Reads<Evaluation>): Reads<R> {
  let next = steps.next();
  while (!next.done) next = steps.next(yield* objective(next.value));
  return next.value;
}

/** The LBFGS options a plan's lbfgs section sets. */
function lbfgsOptions(options: CheckedTrainOptions): LBFGSOptions {
  const { steps: _steps, resampleOnStall: _resample, ...lbfgs } = options.lbfgs;
  return lbfgs;
}

function copyRecord(r: StepRecord): StepRecord {
  return { ...r, parts: { ...r.parts }, ...(r.parameters ? { parameters: { ...r.parameters } } : {}), ...(r.weights ? { weights: { ...r.weights } } : {}) };
}
