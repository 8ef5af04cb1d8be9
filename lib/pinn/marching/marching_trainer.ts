import { syncReadsBroken } from '../../backend/sync_reads.js';
import { readAsync, readSync } from '../../internals/reads.js';
import { yieldToEventLoop } from '../../internals/yield.js';
import { MLP, Network } from '../../models/index.js';
import { checkPointColumns } from '../../sampling/points.js';
import { CheckedMarchingOptions, windowImposed } from './options.js';
import { CheckedTrainOptions, TrainOptions, checkTrainOptions, checkWeightNames } from '../options.js';
import { checkProblem } from '../problem/check.js';
import { conditionName } from '../problem/names.js';
import { problemConstants } from '../problem/constants.js';
import { Solution, SolutionJSON } from '../solution.js';
import { Evaluated, evaluatePredictions } from '../trainer/evaluation.js';
import { NonFiniteLossError, StepRecord, TrainResult } from '../trainer/records.js';
import { Trainer } from '../trainer/trainer.js';
import { Points, Problem } from '../types.js';
import { AnyTrainer, AnyTrainerState, RunOptions } from './any_trainer.js';
import { Piece, piecewiseReads } from './pieces.js';
import { PiecewiseSolution } from './piecewise_solution.js';
import { MarchingState, MarchingStepRecord, checkMarchingState } from './state.js';
import { checkMarchingProblem, pieceProblem, windowEdges, windowProblem } from './windows.js';

/** A finished window: its solution (which the next window's initial condition reads), that as JSON, and its loss history. */
interface Finished {
  solution: Solution;
  json: SolutionJSON;
  history: StepRecord[];
}

/**
 * Time marching: trains a time-dependent problem in `options.marching.windows` consecutive time windows
 * of equal length, one {@link Trainer} per window. Window k trains the problem on t in [t_k, t_{k+1}] (the
 * problem's `time` input) with its `initial` condition (and `initialVelocity`, if any) replaced by window
 * k-1's solution at t_k; with `warmStart` (the default) it starts from window k-1's final weights. Each
 * window runs the whole plan (`adam.steps`, `lbfgs.steps`, `sampling` are per window) and ends when it is
 * done, when L-BFGS converges, or (in `run`) when its loss falls below `tolerance`. The solution is one
 * {@link PiecewiseSolution} over all windows. Shares {@link AnyTrainer} with the Trainer; {@link createTrainer}
 * picks it when `options.marching` is set.
 *
 * @example
 * const marching = new MarchingTrainer(heatProblem(), { marching: { windows: 4 }, adam: { steps: 300 }, lbfgs: { steps: 100 } });
 * await marching.run();
 * marching.evaluate().relL2; // over the whole time interval, each point by its window
 */
export class MarchingTrainer implements AnyTrainer {
  /** The whole problem (over the whole time interval), checked by {@link checkProblem}. */
  readonly problem: Problem;
  /** The checked options, `marching` included. */
  readonly options: CheckedTrainOptions;
  /** The window edges t_0 < ... < t_W over the problem's time interval. */
  readonly edges: readonly number[];
  /** One record per step over all windows, `step` counted from the first window's first step. */
  history: MarchingStepRecord[] = [];
  private readonly windowOptions: TrainOptions;
  private finished: Finished[] = [];
  private trainer: Trainer;
  private stopRequested = false;

  constructor(problem: Problem, options: TrainOptions = {}) {
    this.problem = checkProblem(problem);
    this.options = checkTrainOptions(options);
    if (this.options.marching === null) {
      throw new Error("Option 'options.marching' passed to 'MarchingTrainer' must be { windows, warmStart? }, but got null; train without time windows with new Trainer(problem, options), or use createTrainer.");
    }
    checkMarchingProblem(this.problem, this.options.marching.handoff);
    checkWeightNames(this.problem, this.options.weights);
    this.edges = windowEdges(this.problem, this.options.marching.windows);
    // Every window trains with the run's options but `marching`; their default values are spelt out already.
    this.windowOptions = { ...this.options, marching: null };
    this.trainer = this.newWindowTrainer(0, null);
  }

  /** The time-marching options: windows and warmStart. */
  get marching(): CheckedMarchingOptions {
    return this.options.marching!;
  }

  /** The window being trained (0 first); the last one once all are done. */
  get window(): number {
    return this.finished.length;
  }

  /** The current window's Trainer (its problem is the window's, its history the window's own). */
  get windowTrainer(): Trainer {
    return this.trainer;
  }

  /** The network being trained: the current window's. */
  get net(): Trainer['net'] {
    return this.trainer.net;
  }

  /** Steps taken over all windows. */
  get stepCount(): number {
    return this.finished.reduce((n, f) => n + f.history.length, 0) + this.trainer.stepCount;
  }

  /** Steps planned: the plan's Adam steps plus L-BFGS iterations, times the windows (fewer are taken when windows end early). */
  get totalSteps(): number {
    return this.marching.windows * this.trainer.totalSteps;
  }

  /** The phase the current window's next step belongs to; 'done' after the last window. */
  get phase(): 'adam' | 'lbfgs' | 'done' {
    return this.trainer.phase;
  }

  /** The trainable parameters' values: none (a problem that learns parameters is refused). */
  parameterValues(): Record<string, number> {
    return this.trainer.parameterValues();
  }

  /**
   * One step of the current window (see {@link Trainer.step}); when that ends the window's plan, the next
   * window starts (initial condition and, with warmStart, weights from this one) before it returns.
   * Reads back synchronously; use {@link MarchingTrainer.stepAsync} where that is broken (WebGPU on SwiftShader).
   *
   * @example
   * const r = marching.step(); r.window; // the window it trained
   */
  step(): MarchingStepRecord {
    this.assertNotDone('MarchingTrainer.step');
    const record = this.record(this.global(() => this.trainer.step()));
    if (this.ending()) this.advance(this.finishSync());
    return record;
  }

  /**
   * {@link MarchingTrainer.step} reading back only asynchronously (every backend, WebGPU included); the same numbers.
   *
   * @example
   * const r = await marching.stepAsync();
   */
  async stepAsync(): Promise<MarchingStepRecord> {
    this.assertNotDone('MarchingTrainer.stepAsync');
    const record = this.record(await this.globalAsync(() => this.trainer.stepAsync()));
    if (this.ending()) this.advance(await this.finishAsync());
    return record;
  }

  /**
   * Steps through the windows until the last is done, {@link MarchingTrainer.stop} is called or `signal`
   * aborts. A window whose loss falls below `options.tolerance` ends there and the next starts (the last
   * ends the run: reason 'tolerance'). Reads back only asynchronously.
   *
   * @example
   * await marching.run({ onStep: (r) => console.log(r.window, r.step, r.loss) });
   */
  async run(options: RunOptions = {}): Promise<TrainResult> {
    const yieldEvery = options.yieldEvery ?? 10;
    let reason = 'steps';
    while (this.phase !== 'done') {
      if (options.signal?.aborted) {
        reason = 'stopped';
        break;
      }
      const record = await this.stepAsync();
      // Before onStep, so a checkpoint written there already holds the next window (as an uninterrupted run has it).
      const below = record.loss < this.options.tolerance;
      if (below && record.window === this.window && this.ending(true)) this.advance(await this.finishAsync());
      await options.onStep?.(record, this);
      if (this.stopRequested) {
        this.stopRequested = false;
        reason = 'stopped';
        break;
      }
      if (below && record.window === this.marching.windows - 1) {
        reason = 'tolerance';
        break;
      }
      if (this.stepCount % yieldEvery === 0) await yieldToEventLoop();
    }
    return { steps: this.stepCount, loss: this.history.at(-1)?.loss ?? NaN, reason };
  }

  /**
   * Ends a running {@link MarchingTrainer.run} after the current step; `run()` can be called again to go on.
   *
   * @example
   * await marching.run({ onStep: (r) => { if (r.window === 2) marching.stop(); } });
   */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * u at plain points, each point by its window's network; points past the current window (before the
   * last is trained) get the current window's network, extrapolated. Reads back synchronously.
   *
   * @example
   * const [u] = marching.predict({ x: Float64Array.of(0.5), t: Float64Array.of(0.9) });
   */
  predict(points: Points, chunk = 8192): Float64Array[] {
    this.assertSyncReads('MarchingTrainer.predict', "'await marching.predictAsync(points)'");
    checkPointColumns(points, this.problem.inputs, 'MarchingTrainer.predict');
    return readSync(piecewiseReads(this.problem, this.pieces(), this.edges, points, chunk));
  }

  /**
   * {@link MarchingTrainer.predict} reading back only asynchronously (every backend, WebGPU included).
   *
   * @example
   * const [u] = await marching.predictAsync({ x: Float64Array.of(0.5), t: Float64Array.of(0.9) });
   */
  async predictAsync(points: Points, chunk = 8192): Promise<Float64Array[]> {
    checkPointColumns(points, this.problem.inputs, 'MarchingTrainer.predictAsync');
    return readAsync(piecewiseReads(this.problem, this.pieces(), this.edges, points, chunk));
  }

  /**
   * The relative L2 error against the exact solution on the problem's grid over the whole time interval,
   * each point by its window (as {@link MarchingTrainer.predict}). Reads back synchronously.
   *
   * @example
   * marching.evaluate().relL2;
   */
  evaluate(): Evaluated {
    this.assertSyncReads('MarchingTrainer.evaluate', "'await marching.predictAsync(points)' and compare with problem.exact(points)");
    return evaluatePredictions(this.problem, (points) => readSync(piecewiseReads(this.problem, this.pieces(), this.edges, points)));
  }

  /**
   * The solution so far as a {@link PiecewiseSolution} (copies of the weights): one window per finished window
   * and the current one (which then also holds the later times). Reads back synchronously.
   *
   * @example
   * const s = marching.solution(); JSON.stringify(s); // every window's weights and the edges
   */
  solution(): PiecewiseSolution {
    this.assertSyncReads('MarchingTrainer.solution', "'await marching.state()' (its finished windows' solutions and the current window's layers)");
    const windows: Solution[] = [];
    try {
      // Copies all through: with handoff 'imposed' each window's transform reads the copy of the window before.
      for (const f of this.finished) windows.push(Solution.fromJSON(f.json, this.pieceProblem(windows.length, windows.at(-1) ?? null)));
      const current = this.trainer.solution();
      windows.push(new Solution(this.pieceProblem(windows.length, windows.at(-1) ?? null), current.net, current.parameters));
    } catch (error) {
      windows.forEach((w) => w.dispose());
      throw error;
    }
    return new PiecewiseSolution(this.problem, windows, this.edges.slice(0, windows.length + 1) as number[], this.marching.handoff);
  }

  /**
   * The whole state, JSON-safe: the finished windows' solutions and histories, and the current window's
   * Trainer state. Reads back only asynchronously.
   *
   * @example
   * await writeCheckpoint('results/heat/checkpoint.json', await marching.state());
   */
  async state(): Promise<MarchingState> {
    return {
      format: 'tfjs-pinn-marching-checkpoint',
      version: 1,
      problem: this.problem.name,
      params: { ...problemConstants(this.problem) },
      options: JSON.parse(JSON.stringify(this.options)),
      edges: [...this.edges],
      window: this.window,
      finished: this.finished.map((f) => JSON.parse(JSON.stringify({ solution: f.json, history: f.history }))),
      current: await this.trainer.state(),
    };
  }

  /**
   * Continues from a saved {@link MarchingState}, on the same loss curve. Checks it first and changes nothing
   * when it does not fit (another problem, options or windows, a Trainer's state, a damaged one), saying what differs.
   *
   * @example
   * await marching.setState(await readCheckpoint('results/heat/checkpoint.json'));
   */
  async setState(state: AnyTrainerState): Promise<void> {
    const s = state as MarchingState;
    checkMarchingState(s, { problem: this.problem, options: this.options, edges: this.edges });
    const finished: Finished[] = [];
    let trainer: Trainer | null = null;
    try {
      s.finished.forEach((f, k) => {
        let solution: Solution;
        try {
          solution = Solution.fromJSON(f.solution, this.pieceProblem(k, finished.at(-1)?.solution ?? null));
        } catch (error) {
          throw new Error(`The checkpoint's finished[${k}].solution is refused: ${(error as Error).message}`);
        }
        finished.push({ solution, json: JSON.parse(JSON.stringify(f.solution)), history: f.history.map(copyRecord) });
        if (solution.net.sizes.join(',') !== this.trainer.net.sizes.join(',')) {
          throw new Error(`The checkpoint's finished[${k}] holds a network [${solution.net.sizes}], but this run's is [${this.trainer.net.sizes}].`);
        }
      });
      trainer = this.newWindowTrainer(s.window, finished.at(-1)?.solution ?? null);
      await trainer.setState(s.current);
      if (trainer.phase === 'done' && s.window < this.marching.windows - 1) {
        throw new Error(`The checkpoint's current window ${s.window} has ended, yet the next was not begun (a run begins it at once); the checkpoint is damaged.`);
      }
    } catch (error) {
      finished.forEach((f) => f.solution.dispose());
      trainer?.dispose();
      throw error;
    }
    this.trainer.dispose();
    this.finished.forEach((f) => f.solution.dispose());
    this.finished = finished;
    this.trainer = trainer;
    this.history = [];
    finished.forEach((f, k) => f.history.forEach((r) => this.history.push({ ...copyRecord(r), step: this.history.length + 1, window: k })));
    this.trainer.history.forEach((r) => this.history.push({ ...copyRecord(r), step: this.history.length + 1, window: s.window }));
  }

  /** Frees every window's weights, the current window's optimiser and points. */
  dispose(): void {
    this.trainer.dispose();
    this.finished.forEach((f) => f.solution.dispose());
  }

  /** The Trainer of window k, its initial condition from `previous` (null for the first window). */
  private newWindowTrainer(k: number, previous: Solution | null): Trainer {
    const problem = windowProblem(this.problem, this.edges, k, previous, this.marching.handoff);
    try {
      return new Trainer(problem, this.optionsOf(k));
    } catch (error) {
      // The Trainer verifies the window's transform against the conditions it imposes: say which option made that transform.
      if (!windowImposed(this.marching.handoff, k) || problem.transform === this.problem.transform) throw error;
      const message = (error as Error).message;
      if (message.includes('has no loss term to weight')) {
        throw new Error(`${message} (Option 'options.marching.handoff' is 'imposed': every window imposes its initial value, so drop its weight.)`);
      }
      if (!message.includes('the transform does not satisfy it')) throw error;
      const instead = k === 0 ? "Use handoff 'imposed-later', which fits the problem's initial value as a loss term in the first window alone, or 'loss'." : "Use handoff 'loss', which fits each window's initial value as a loss term.";
      throw new Error(
        `Option 'options.marching.handoff' passed to 'MarchingTrainer' is '${this.marching.handoff}', which makes window ${k + 1}'s output transform u = u_start(x) + s N, ` +
          `and that breaks a condition the network imposes: ${message} ${instead}`,
      );
    }
  }

  /** Window k's options: with handoff 'imposed-later', a weight of the initial condition is the first window's alone (the later ones impose it). */
  private optionsOf(k: number): TrainOptions {
    const weights = this.windowOptions.weights;
    if (this.marching.handoff !== 'imposed-later' || k === 0 || weights?.conditions === undefined) return this.windowOptions;
    const initial = this.problem.conditions.flatMap((c, i) => (c.kind === 'initial' ? [conditionName(this.problem, c, i)] : []));
    const conditions = Object.fromEntries(Object.entries(weights.conditions).filter(([name]) => !initial.includes(name)));
    return { ...this.windowOptions, weights: { ...weights, conditions } };
  }

  /** The problem window k's finished solution predicts with, `previous` the window before (see pieceProblem in windows.ts). */
  private pieceProblem(k: number, previous: Solution | null): Problem {
    return pieceProblem(this.problem, this.edges, k, previous, this.marching.handoff);
  }

  /** Runs a window's step; a NonFiniteLossError it throws is thrown again with the step counted over all windows. */
  private global<R>(step: () => R): R {
    try {
      return step();
    } catch (error) {
      throw this.globalError(error);
    }
  }

  private async globalAsync<R>(step: () => Promise<R>): Promise<R> {
    try {
      return await step();
    } catch (error) {
      throw this.globalError(error);
    }
  }

  private globalError(error: unknown): unknown {
    if (!(error instanceof NonFiniteLossError)) return error;
    const record: MarchingStepRecord = { ...error.record, step: this.history.length + 1, window: this.window };
    return new NonFiniteLossError(record, error.nonFinite);
  }

  /** A window's record as the run's: the step counted over all windows, the window named. */
  private record(r: StepRecord): MarchingStepRecord {
    const record = { ...r, step: this.history.length + 1, window: this.window };
    this.history.push(record);
    return record;
  }

  /** The current window's solution (a copy), read synchronously. */
  private finishSync(): Finished {
    const s = this.trainer.solution();
    const solution = new Solution(this.pieceProblem(this.window, this.finished.at(-1)?.solution ?? null), s.net, s.parameters);
    return { solution, json: solution.toJSON(), history: this.trainer.history.map(copyRecord) };
  }

  /** The current window's solution (a copy), read asynchronously. */
  private async finishAsync(): Promise<Finished> {
    const net = this.trainer.net;
    const copy = net instanceof MLP ? MLP.fromLayers(await net.toLayersAsync(), net.activation, { inputs: this.problem.inputs }) : Network.fromJSON(await net.toJSONAsync());
    const solution = new Solution(this.pieceProblem(this.window, this.finished.at(-1)?.solution ?? null), copy, this.trainer.parameterValues());
    return { solution, json: await solution.toJSONAsync(), history: this.trainer.history.map(copyRecord) };
  }

  /**
   * Ends the current window (`done`: its solution, read by the caller) and starts the next: its initial
   * condition reads this window's solution and, with warmStart, this window's weights continue.
   */
  private advance(done: Finished): void {
    let next: Trainer;
    try {
      next = this.newWindowTrainer(this.window + 1, done.solution);
      if (this.marching.warmStart) {
        if (next.net instanceof MLP) next.net.setLayers(done.json.layers);
        else next.net.loadStateDict(done.json.network!.weights);
      }
    } catch (error) {
      done.solution.dispose();
      throw error;
    }
    this.trainer.dispose();
    this.finished.push(done);
    this.trainer = next;
  }

  /** Whether the current window has ended (its plan done, or `early`: below the tolerance) and a later one follows. */
  private ending(early = false): boolean {
    return (early || this.trainer.phase === 'done') && this.window < this.marching.windows - 1;
  }

  /** Every window's network with the problem that predicts with it; the current window's is its Trainer's. */
  private pieces(): Piece[] {
    // The window's Trainer holds the window problem (its transform included) that pieceProblem would build anew.
    const imposed = this.window > 0 && windowImposed(this.marching.handoff, this.window);
    const current = { problem: imposed ? this.trainer.problem : this.problem, net: this.trainer.net };
    return [...this.finished.map((f) => f.solution), current];
  }

  private assertNotDone(what: string): void {
    if (this.phase === 'done') {
      throw new Error(`'${what}' called after the last step of the last window (${this.stepCount} steps over ${this.marching.windows} windows); raise options.adam.steps or options.lbfgs.steps (per window) to train longer.`);
    }
  }

  private assertSyncReads(what: string, instead: string): void {
    const broken = syncReadsBroken();
    if (broken !== undefined) throw new Error(`'${what}' reads back synchronously, which gives wrong values on this backend (${broken}); use ${instead}.`);
  }

}

function copyRecord(r: StepRecord): StepRecord {
  return { ...r, parts: { ...r.parts }, ...(r.parameters ? { parameters: { ...r.parameters } } : {}) };
}
