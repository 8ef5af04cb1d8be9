import { TrainOptions } from '../options.js';
import type { AnyTrainer } from '../marching/any_trainer.js';
import type { Evaluated } from '../trainer/index.js';
import { Problem } from '../types.js';

/** Options of a study on observed data. */
export interface StudyOptions {
  /** Gaussian noise on the observed values, as a fraction of their standard deviation. */
  noise?: number;
  /** How many observed points to draw at random (seeded). */
  points?: number;
}

/** Data files' bytes by their path relative to the project root, e.g. `{ 'data/raissi/NLS.mat': bytes }`. */
export type DataFiles = Record<string, Uint8Array>;

/** A data file a problem module reads (see {@link ProblemModule.data}). */
export interface DataFileSpec {
  /** Its path relative to the project root, e.g. 'data/raissi/NLS.mat' (the key in {@link DataFiles}). */
  path: string;
  /** Without it the problem cannot be built (observations); with `false` it only adds something (an exact solution). */
  required: boolean;
  /** What the problem takes from it, for messages: 'the observations', 'the exact solution'. */
  what: string;
}

/**
 * A shipped problem: its statement and the training plans that reach its
 * accuracy target. Copy one of lib/pinn/problems/*.ts as a template.
 * One registry, {@link PROBLEMS}, holds them all, in the browser and in Node alike: a problem
 * that reads data files declares them in `data` and takes their bytes in `problem(study, files)`;
 * the Node job reads them from the project root (`readProblemFiles` in 'tfjs-pinn/node'), a page fetches them.
 */
export interface ProblemModule {
  /**
   * The problem statement; a problem that learns from observed data may take
   * study options (`npm start -- --noise 0.01 --points 2000`), and a problem that
   * declares `data` takes the files' bytes.
   */
  problem: (study?: StudyOptions, files?: DataFiles) => Problem;
  /** The data files the problem reads. @default none */
  data?: DataFileSpec[];
  /** The study options `problem` takes; the job refuses others. @default none */
  study?: (keyof StudyOptions)[];
  /** One line for --help without building the problem (which may need data files). @default problem().title */
  title?: string;
  /** The default plan (`npm start -- --problem NAME`). */
  defaults: TrainOptions;
  /** A longer plan for the best accuracy (`--full`). @default defaults */
  full?: TrainOptions;
  /** Extra numbers for summary.json after training, e.g. the error against a published table (evaluation: null without an exact solution). */
  report?: (trainer: AnyTrainer, evaluation: Evaluated | null) => Record<string, number>;
  /** Extra files for results/NAME/ after training, by file name, e.g. {'centerline.csv': 'y,u\n...'}. */
  files?: (trainer: AnyTrainer, evaluation: Evaluated | null) => Record<string, string>;
}
