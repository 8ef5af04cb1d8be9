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
  readonly problem: Problem;
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
  step(): StepRecord;
  stepAsync(): Promise<StepRecord>;
  run(options?: RunOptions): Promise<TrainResult>;
  stop(): void;
  predict(points: Points, chunk?: number): Float64Array[];
  predictAsync(points: Points, chunk?: number): Promise<Float64Array[]>;
  evaluate(): Evaluated;
  solution(): AnySolution;
  state(): Promise<AnyTrainerState>;
  setState(state: AnyTrainerState): Promise<void>;
  /** The trainable parameters' values by name ({} when there are none). */
  parameterValues(): Record<string, number>;
  dispose(): void;
}
