import type { ProblemModule, TrainOptions } from '../pinn/index.js';

/** Options of {@link runJob}. */
export interface JobOptions {
  /** A shipped problem's name or a module. @default 'burgers' */
  problem?: string | ProblemModule;
  /** Total steps; split between Adam and L-BFGS in the plan's proportion (and, with time marching, over the windows). @default the plan's */
  steps?: number;
  /** Use the problem's long plan. @default false */
  full?: boolean;
  /** Continue from results/NAME/checkpoint.json. @default false */
  resume?: boolean;
  /** Output root. @default 'results' */
  out?: string;
  /** Checkpoint every this many steps (and at the end). @default 250 */
  checkpointEvery?: number;
  /** Extra training options over the plan (specs use this for short runs). */
  options?: TrainOptions;
  /** Show progress on stderr. @default true */
  progress?: boolean;
  /** Write the picture (needs the optional package pngjs; without it the run says so and writes none). @default true */
  plot?: boolean;
  /** Where messages go. @default console.log */
  log?: (line: string) => void;
  /** Noise on the observed data, a fraction of its standard deviation (problems that learn from data). */
  noise?: number;
  /** Observed points drawn at random (problems that learn from data). */
  points?: number;
  /**
   * Evaluate the loss on this many worker threads, each on its share of the points (parallelTrainer;
   * the problem must be given by name). Pays only at large point counts (docs/parallel.md). @default none: one thread
   */
  workers?: number;
}

/** What a job writes to summary.json. */
export interface JobSummary {
  /** The problem's name. */
  problem: string;
  /** The backend it trained on. */
  backend: string;
  /** Steps taken in all (a resumed run counts the earlier ones too). */
  steps: number;
  /** Wall-clock seconds of training. */
  seconds: number;
  /** Relative L2 error against the exact solution; null for a problem without one (e.g. the cavity). */
  rel_l2: number | null;
  /** The last step's loss. */
  loss: number;
  /** Why training stopped. */
  reason: string;
  /** Seconds spent on the exact solution and the error. */
  eval_seconds: number;
  /** The first output's picture, or null when none was written (`plot: false`, no exact solution, or pngjs missing). */
  picture: string | null;
  /** Learned coefficients by name (inverse problems only). */
  parameters?: Record<string, number>;
  /** |learned - true| / |true| per parameter, when the problem knows the truth. */
  parameter_errors?: Record<string, number>;
  /** Relative L2 error of each output (a system has several). */
  rel_l2_by_output: Record<string, number>;
  /** The problem module's own numbers (its `report` hook), also written at the top level of summary.json. */
  report: Record<string, number>;
  /** Further files the problem module wrote (its `files` hook), e.g. a centerline. */
  files: string[];
}
