import { TrainOptions } from '../options.js';
import { Problem } from '../types.js';

/**
 * A shipped problem: its statement and the training plans that reach its
 * accuracy target. Copy one of lib/pinn/problems/*.ts as a template.
 */
export interface ProblemModule {
  /** The problem statement. */
  problem: () => Problem;
  /** The default plan (`npm start -- --problem NAME`). */
  defaults: TrainOptions;
  /** A longer plan for the best accuracy (`--full`). @default defaults */
  full?: TrainOptions;
}
