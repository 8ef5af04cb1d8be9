export { MAX_WORKERS, parallelTrainer } from './parallel_trainer.js';
export type { ParallelOptions, ParallelProblem } from './parallel_trainer.js';
export { ShardedLoss } from './sharded_loss.js';
export type { ShardedLossOptions } from './sharded_loss.js';
