import { TrainOptions } from '../options.js';
import { Problem } from '../types.js';

/** Options of a study on observed data. */
export interface StudyOptions {
  /** Gaussian noise on the observed values, as a fraction of their standard deviation. */
  noise?: number;
  /** How many observed points to draw at random (seeded). */
  points?: number;
}

/**
 * A shipped problem: its statement and the training plans that reach its
 * accuracy target. Copy one of lib/pinn/problems/*.ts as a template.
 */
export interface ProblemModule {
  /**
   * The problem statement; a problem that learns from observed data may take
   * study options (`npm start -- --noise 0.01 --points 2000`).
   */
  problem: (study?: StudyOptions) => Problem;
  /** The study options `problem` takes; the job refuses others. @default none */
  study?: (keyof StudyOptions)[];
  /** One line for --help without building the problem (which may read a data file). @default problem().title */
  title?: string;
  /** The default plan (`npm start -- --problem NAME`). */
  defaults: TrainOptions;
  /** A longer plan for the best accuracy (`--full`). @default defaults */
  full?: TrainOptions;
}
