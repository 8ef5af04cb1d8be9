import { CheckedTrainOptions } from '../options.js';
import { Solution } from '../solution.js';
import { Evaluated } from '../trainer/evaluation.js';
import { StepRecord, TrainResult } from '../trainer/records.js';
import { TrainerState } from '../trainer/state.js';
import type { Trainer } from '../trainer/trainer.js';
import { Points, Problem } from '../types.js';
import { PiecewiseSolution } from './piecewise_solution.js';
import { MarchingState } from './state.js';

/** A trained solution of either kind: one network ({@link Solution}) or one per time window ({@link PiecewiseSolution}). */
export type AnySolution = Solution | PiecewiseSolution;

/** A trainer state of either kind: a Trainer's, or a MarchingTrainer's (format 'tfjs-pinn-marching-checkpoint'). */
export type AnyTrainerState = TrainerState | MarchingState;

/** Options of {@link AnyTrainer.run}. */
export interface RunOptions {
  /** Called after every step (awaited); call `trainer.stop()` to end the run after this step. */
  onStep?: (record: StepRecord, trainer: AnyTrainer) => unknown;
  /** Ends the run before the next step once aborted. */
  signal?: AbortSignal;
  /** Yield to the event loop every this many steps. @default 10 */
  yieldEvery?: number;
}

/**
 * What a {@link Trainer} and a MarchingTrainer share, so code (runJob, the browser worker, a page) can
 * drive either; {@link createTrainer} returns the one `options` asks for. The members do what the Trainer's
 * do; a MarchingTrainer's work over all its windows (see its own documentation).
 *
 * @example
 * const trainer: AnyTrainer = createTrainer(problem, options);
 * await trainer.run(); trainer.evaluate().relL2;
 */
export interface AnyTrainer {
  /** The problem being trained, checked (a MarchingTrainer's: the whole problem, not a window's). */
  readonly problem: Problem;
  /** The options with every default applied and checked. */
  readonly options: CheckedTrainOptions;
  /** The network being trained (a MarchingTrainer's: the current window's). */
  readonly net: Trainer['net'];
  /** One record per step taken. */
  readonly history: readonly StepRecord[];
  /** Steps taken so far. */
  readonly stepCount: number;
  /** Steps planned. */
  readonly totalSteps: number;
  /** The phase the next step belongs to, or 'done'. */
  readonly phase: 'adam' | 'lbfgs' | 'done';
  /** Takes one step and returns its record; reads back synchronously (see {@link Trainer.step}). */
  step(): StepRecord;
  /** {@link AnyTrainer.step} reading back only asynchronously: works on every backend, WebGPU included. */
  stepAsync(): Promise<StepRecord>;
  /** Steps until the plan is done or the run ends early (see {@link Trainer.run}); reads back only asynchronously. */
  run(options?: RunOptions): Promise<TrainResult>;
  /** Ends a running {@link AnyTrainer.run} after the current step; `run()` can be called again to go on. */
  stop(): void;
  /** u at plain points, one Float64Array per output, evaluated `chunk` points at a time (8192 by default); reads back synchronously. */
  predict(points: Points, chunk?: number): Float64Array[];
  /** {@link AnyTrainer.predict} reading back only asynchronously: works on every backend, WebGPU included. */
  predictAsync(points: Points, chunk?: number): Promise<Float64Array[]>;
  /** The relative L2 error against the problem's exact solution on its grid; reads back synchronously. */
  evaluate(): Evaluated;
  /** The trained solution so far, with copies of the weights: a {@link Solution} or a {@link PiecewiseSolution}. */
  solution(): AnySolution;
  /** The whole state, JSON-safe, to continue from later; reads back only asynchronously. */
  state(): Promise<AnyTrainerState>;
  /** Continues from a saved state; checks it first and changes nothing (throws, saying what differs) when it does not fit. */
  setState(state: AnyTrainerState): Promise<void>;
  /** The trainable parameters' values by name ({} when there are none). */
  parameterValues(): Record<string, number>;
  /** Frees what the trainer holds: weights, optimiser state, points (see {@link Trainer.dispose}). */
  dispose(): void;
}
