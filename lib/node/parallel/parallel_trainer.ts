import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { checkKeys } from '../../internals/keys.js';
import type { StudyOptions } from '../../pinn/problems/module.js';
import { type TrainOptions, checkTrainOptions } from '../../pinn/options.js';
import { Trainer } from '../../pinn/trainer/index.js';
import type { ProblemSource } from './protocol.js';
import { ShardedLoss } from './sharded_loss.js';
import { loadProblemModule } from './source.js';
import { buildProblem } from '../problem_files.js';

/**
 * A problem that worker threads can rebuild (functions cannot be sent to them): a shipped problem's
 * name ('burgers', 'burgers-inverse', ...), or a module (path or URL) and the name of its export that
 * holds a ProblemModule; `study` is passed to its problem() (e.g. { points: 500 } for burgers-inverse).
 */
export type ParallelProblem =
  | string
  | {
      /** A shipped problem's name. */
      name: string;
      /** Study options for its problem(). @default none */
      study?: StudyOptions;
    }
  | {
      /** The module's path or URL. */
      module: string | URL;
      /** The export holding its ProblemModule. @default 'default' */
      export?: string;
      /** Study options for its problem(). @default none */
      study?: StudyOptions;
    };

/** Options of {@link parallelTrainer}. */
export interface ParallelOptions {
  /** Worker threads; each evaluates the loss on its shard (1/workers) of every point set. @default 2 */
  workers?: number;
  /** The workers' backend ('wasm', 'cpu' or 'tensorflow'). @default the main thread's backend */
  backend?: string;
  /**
   * The most seconds to wait for the workers: to build the problem at start, and to reply to each loss
   * evaluation. A worker silent for longer has stalled: the step (or parallelTrainer) throws an Error naming
   * it, its phase and the seconds waited, the workers are ended and the trainer keeps its last good state.
   * A finite number > 0: every wait has a bound. @default 120 (ShardedLossOptions.timeout says why)
   */
  timeout?: number;
}

/**
 * The most worker threads parallelTrainer starts: far beyond any machine it helps on, short of a typo's 1000.
 *
 * @example
 * await parallelTrainer('burgers', undefined, { workers: MAX_WORKERS + 1 }); // throws, naming parallel.workers
 */
export const MAX_WORKERS = 64;

function fail(name: string, what: string, got: unknown): never {
  throw new Error(`Option '${name}' passed to 'parallelTrainer' must be ${what}, but got ${typeof got === 'number' ? String(got) : JSON.stringify(got)}.`);
}

/** The problem argument as the workers are sent it (a module path made an absolute file URL). */
function problemSource(problem: ParallelProblem): ProblemSource {
  if (typeof problem === 'string') return { name: problem };
  if (problem === null || typeof problem !== 'object' || Array.isArray(problem)) {
    throw new Error(`Argument 'problem' passed to 'parallelTrainer' must be a shipped problem's name or { module, export }, but got ${JSON.stringify(problem)}.`);
  }
  if ('name' in problem) {
    checkKeys(problem, ['name', 'study'], "argument 'problem' passed to 'parallelTrainer'");
    if (typeof problem.name !== 'string') fail('problem.name', "a shipped problem's name", problem.name);
    return { name: problem.name, ...(problem.study ? { study: { ...problem.study } } : {}) };
  }
  checkKeys(problem, ['module', 'export', 'study'], "argument 'problem' passed to 'parallelTrainer'");
  const m = problem.module;
  let url: string;
  if (m instanceof URL) url = m.href;
  else if (typeof m === 'string' && m.length > 0) url = /^[a-z][a-z0-9+.-]+:/i.test(m) && !/^[a-z]:[\\/]/i.test(m) ? m : pathToFileURL(resolve(m)).href;
  else fail('problem.module', 'a module path or URL', m);
  const name = problem.export ?? 'default';
  if (typeof name !== 'string' || name.length === 0) fail('problem.export', 'the name of an export', name);
  return { url, export: name, ...(problem.study ? { study: { ...problem.study } } : {}) };
}

/**
 * A {@link Trainer} whose loss and gradient are computed by point-sharded data parallelism over
 * Node worker threads (see {@link ShardedLoss}): the same training, up to float32 rounding, for Adam
 * and L-BFGS alike. It pays only at large point counts (docs/parallel.md has the numbers). The workers
 * rebuild the problem, so it is named, not passed. `trainer.dispose()` ends the workers.
 *
 * @example
 * const trainer = await parallelTrainer('burgers', { sampling: { domain: 50_000 } }, { workers: 2 });
 * try { await trainer.run(); } finally { trainer.dispose(); }
 */
export async function parallelTrainer(problem: ParallelProblem, options?: TrainOptions, parallel: ParallelOptions = {}): Promise<Trainer> {
  if (parallel === null || typeof parallel !== 'object' || Array.isArray(parallel)) throw new Error(`Argument 'parallel' passed to 'parallelTrainer' must be an object, but got ${JSON.stringify(parallel)}.`);
  checkKeys(parallel, ['workers', 'backend', 'timeout'], "argument 'parallel' passed to 'parallelTrainer'");
  const workers = parallel.workers ?? 2;
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) fail('parallel.workers', `an integer in [1, ${MAX_WORKERS}]`, workers);
  const backend = parallel.backend;
  if (backend !== undefined && !['wasm', 'cpu', 'tensorflow'].includes(backend)) fail('parallel.backend', "'wasm', 'cpu' or 'tensorflow'", backend);
  const timeout = parallel.timeout;
  if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0)) fail('parallel.timeout', 'a finite number of seconds > 0', timeout);
  const source = problemSource(problem);
  const module = await loadProblemModule(source);
  // Each time window is a Trainer of its own problem (its initial value read from the previous window's
  // network), which the worker threads, rebuilding the problem by name, could not build.
  if (checkTrainOptions(options ?? module.defaults).marching !== null) {
    throw new Error("Option 'options.marching' passed to 'parallelTrainer' is not supported: its worker threads rebuild the problem by name and cannot build a time window's; train with createTrainer (one thread), or without options.marching.");
  }
  const trainer = new Trainer(buildProblem(module, source.study), options ?? module.defaults);
  try {
    if (trainer.options.balance !== null || trainer.options.causal !== null) {
      throw new Error(`Options 'options.balance' and 'options.causal' passed to 'parallelTrainer' need the whole loss in one thread (per-part gradients, all the residual points in time order); set them to null, or train with new Trainer.`);
    }
    const { domain } = trainer.options.sampling;
    if (domain < workers) throw new Error(`Option 'parallel.workers' passed to 'parallelTrainer' (${workers}) must be at most options.sampling.domain (${domain}): every worker needs interior points.`);
    trainer.setLossEvaluator(await ShardedLoss.start(source, trainer, { workers, backend, timeout }));
  } catch (error) {
    trainer.dispose();
    throw error;
  }
  return trainer;
}
