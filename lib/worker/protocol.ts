import type { ProblemDefinition } from '../expression/index.js';
import type { AnyTrainerState, StepRecord, TrainOptions, TrainResult } from '../pinn/index.js';
import type { Points } from '../sampling/types.js';

// The messages between trainInWorker (main thread) and the worker script
// (dist/browser/tfjs-pinn.worker.js): plain structured-clone data only.

/**
 * A problem by its name in PROBLEMS, by the absolute URL of a module exporting a ProblemModule, or
 * written as expressions (compiled in the worker by compileProblem).
 */
export type WorkerProblem = string | { url: string; export: string } | { definition: ProblemDefinition };

/** Main thread to worker. */
export type ToWorker =
  | { type: 'start'; problem: WorkerProblem; options?: TrainOptions; backend?: string; wasmPaths?: string; predict?: Points; state?: AnyTrainerState; snapshotEvery?: number }
  | { type: 'stop' };

/** Worker to main thread. */
export type FromWorker =
  | { type: 'backend'; name: string; reason: string }
  | { type: 'progress'; record: StepRecord }
  | { type: 'snapshot'; step: number; prediction: Float64Array[] }
  | { type: 'done'; result: TrainResult; state: AnyTrainerState; prediction?: Float64Array[] }
  | { type: 'error'; name: string; message: string; record?: StepRecord };
