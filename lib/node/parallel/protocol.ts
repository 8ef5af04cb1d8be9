import type { MessagePort } from 'node:worker_threads';

import type { CheckedNetworkOptions } from '../../models/index.js';
import type { LossWeights } from '../../pinn/loss/parts.js';
import type { StudyOptions } from '../../pinn/problems/module.js';
import type { Shard } from './shard.js';

// The messages between a ShardedLoss (main thread) and its worker threads: structured-clone data only.

/** A problem the workers can rebuild: a name in JOB_PROBLEMS, or a module URL and the export holding its ProblemModule. */
export type ProblemSource = { name: string; study?: StudyOptions } | { url: string; export: string; study?: StudyOptions };

/** What every worker starts with. */
export interface ShardWorkerData {
  /** This worker's number, 0-based (for messages). */
  index: number;
  /** Its end of the channel: the main thread reads it synchronously (receiveMessageOnPort). */
  port: MessagePort;
  /** Int32 [replies posted, ended]: the worker counts each reply and sets ended on exit, notifying both. */
  signal: SharedArrayBuffer;
  problem: ProblemSource;
  backend: string;
  /** The main thread's OpenBLAS kernels (useOpenBlas), which the worker installs too, or null. */
  openblas: { addon: string; threads: number } | null;
  /** The network's checked options: a worker builds the same network (non-trainable weights, such as Fourier features, from the same seed). */
  network: CheckedNetworkOptions;
  weights: LossWeights;
}

/** The worker's problem, for the main thread to check that both build the same one. */
export interface ProblemIdentity {
  name: string;
  params: string;
  inputs: string[];
  outputs: string[];
  conditions: string[];
  parameters: string[];
  data: string | null;
}

/** Main thread to worker. */
export type ToShard = { type: 'points'; shard: Shard } | { type: 'evaluate'; x: Float64Array };

/** Worker to main thread: one reply when ready, and one per 'evaluate' (a failure with new points is told there). */
export type FromShard =
  | { type: 'ready'; identity: ProblemIdentity; backend: string; openblas: string | null }
  | { type: 'result'; loss: number; parts: Record<string, number>; grad: Float64Array }
  | { type: 'error'; name: string; message: string };
