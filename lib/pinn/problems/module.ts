import { TrainOptions } from '../options.js';
import type { Evaluated, Trainer } from '../trainer/index.js';
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
  /** Extra numbers for summary.json after training, e.g. the error against a published table (evaluation: null without an exact solution). */
  report?: (trainer: Trainer, evaluation: Evaluated | null) => Record<string, number>;
  /** Extra files for results/NAME/ after training, by file name, e.g. {'centerline.csv': 'y,u\n...'}. */
  files?: (trainer: Trainer, evaluation: Evaluated | null) => Record<string, string>;
}
