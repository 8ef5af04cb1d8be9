import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';

import { Reads } from '../../internals/reads.js';
import { Batch } from '../../pinn/batch.js';
import { GradientRead, LossAndGradsRead, LossEvaluator, flatValuesReads } from '../../pinn/trainer/objective.js';
import type { Trainer } from '../../pinn/trainer/index.js';
import type { FromShard, ProblemSource, ShardWorkerData, ToShard } from './protocol.js';
import { shardBatch } from './shard.js';
import { problemIdentity } from './source.js';
import { openBlasSettings } from '../openblas.js';

/** Options of {@link ShardedLoss.start}. */
export interface ShardedLossOptions {
  /** Worker threads, each evaluating its shard of every point set. */
  workers: number;
  /** The workers' backend. @default the main thread's (tf.getBackend()) */
  backend?: string;
  /**
   * The most seconds to wait for the workers: for all of them to build the problem, and for all replies to
   * each loss evaluation. A worker silent for longer is taken to have stalled (a residual that never
   * returns, a problem module that never finishes): an Error names it, its phase and the seconds waited, and
   * every worker is ended. 120 s is some 20 times a start (importing tfjs, the backend, the problem: 3.5-6 s)
   * or a first step at 50,000 points (3.2 s) on the 2-core machine under a load of 8-10 (bench/parallel_waits.ts),
   * and short enough that a stalled run ends in minutes instead of never. @default 120
   */
  timeout?: number;
}

/** The default of {@link ShardedLossOptions.timeout}, in seconds (see there why). */
const TIMEOUT_SECONDS = 120;

/** What a worker was doing when it stalled: building the problem (at start) or evaluating the loss. */
type Phase = 'building' | 'evaluating';

interface ShardWorker {
  index: number;
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
  /** Replies counted so far (the signal's value last seen). */
  seen: number;
  /** The worker's last 'error' event, for the message when it ended without replying. */
  error: Error | null;
  /** Whether its 'exit' event came (a worker that fails before it runs never sets the signal's flag). */
  exited: boolean;
}

/** Shard worker threads started and not yet exited, in this process. */
let live = 0;

// This file's URL: import.meta.url in ESM, __filename in the CommonJS build (where import.meta is empty).
const HERE = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;

/** The URL of tsx's ESM API (its register()), read from tsx's package exports: its CommonJS twin cannot be imported by path. */
function tsxEsmApi(): string {
  const require = createRequire(HERE);
  let manifest: string;
  try {
    manifest = require.resolve('tsx/package.json');
  } catch {
    throw new Error("'parallelTrainer' runs from the TypeScript sources here, so its worker threads load them with tsx, which is not installed: npm install --save-dev tsx (or use the built package, dist/).");
  }
  const exports = (require(manifest) as { exports: Record<string, { import: { default: string } }> }).exports;
  return pathToFileURL(join(dirname(manifest), exports['./esm/api'].import.default)).href;
}

/** Starts one worker on worker.ts (from source, through tsx's loader registered inside it) or worker.js (dist/). */
function spawn(data: Omit<ShardWorkerData, 'port' | 'signal' | 'index'>, index: number): ShardWorker {
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(8);
  const workerData: ShardWorkerData = { ...data, index, port: port2, signal };
  const fromSource = HERE.endsWith('.ts');
  const entry = new URL(fromSource ? './worker.ts' : './worker.js', HERE).href;
  let worker: Worker;
  if (fromSource) {
    // A worker does not inherit the tsx loader (execArgv --import does not reach it under vitest): it registers it itself.
    const tsx = tsxEsmApi();
    worker = new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true, workerData, transferList: [port2] });
  } else {
    worker = new Worker(new URL(entry), { workerData, transferList: [port2] });
  }
  const w: ShardWorker = { index, worker, port: port1, signal: new Int32Array(signal), seen: 0, error: null, exited: false };
  worker.on('error', (error) => (w.error = error instanceof Error ? error : new Error(String(error))));
  live++;
  worker.on('exit', () => {
    w.exited = true;
    live--;
  });
  return w;
}

/** A failure that ends the sharding: a worker died or stalled (its threads are ended, the trainer keeps its state). */
class WorkersLost extends Error {}

function ended(w: ShardWorker): Error {
  const why = w.error ? `: ${w.error.message}` : ' (its error, if any, went to stderr)';
  return new WorkersLost(`Shard worker ${w.index} of 'parallelTrainer' ended before replying${why}.`);
}

/** The error for a wait on `w` that ran past `until`. */
function stalled(w: ShardWorker, until: Deadline): Error {
  const waited = ((performance.now() - until.since) / 1000).toFixed(1);
  const doing = until.phase === 'building' ? 'building its problem' : 'evaluating the loss';
  const kept = until.phase === 'evaluating' ? ' The trainer keeps its last good state (trainer.state()); start a new one to go on.' : '';
  return new WorkersLost(
    `Shard worker ${w.index} of 'parallelTrainer' gave no reply while ${doing} for ${waited} s (option 'parallel.timeout' is ${until.seconds} s), so it is taken to have stalled and the workers were ended.${kept} If it only needs longer, raise parallel.timeout.`,
  );
}

/** The bound of one wait: what the workers are doing, when it began and ends (performance.now() ms), its seconds. */
interface Deadline {
  phase: Phase;
  since: number;
  at: number;
  seconds: number;
}

/** A wait of `seconds` from now. */
function deadline(phase: Phase, seconds: number): Deadline {
  const since = performance.now();
  return { phase, since, at: since + seconds * 1000, seconds };
}

/** The worker's next reply, blocking this thread until it comes (the main thread of Node may wait) or `until` passes. */
function receive(w: ShardWorker, until: Deadline): FromShard {
  for (;;) {
    const got = receiveMessageOnPort(w.port);
    if (got !== undefined) return got.message as FromShard;
    // The flag covers a death during this wait (the worker's own exit handler); `exited`, one seen between evaluations.
    if (w.exited || Atomics.load(w.signal, 1) === 1) throw ended(w);
    const left = until.at - performance.now();
    if (left <= 0) throw stalled(w, until);
    Atomics.wait(w.signal, 0, w.seen, Math.min(1000, left));
    w.seen = Atomics.load(w.signal, 0);
  }
}

/** {@link receive} without blocking (while the workers start, the event loop runs: their 'error' and 'exit' events arrive). */
async function receiveAsync(w: ShardWorker, until: Deadline): Promise<FromShard> {
  for (;;) {
    const got = receiveMessageOnPort(w.port);
    if (got !== undefined) return got.message as FromShard;
    if (w.exited || Atomics.load(w.signal, 1) === 1) {
      // Its 'error' event comes in the event loop after the exit flag: give it a turn.
      await new Promise((r) => setTimeout(r, 20));
      throw ended(w);
    }
    if (performance.now() >= until.at) throw stalled(w, until);
    // A timer, not Atomics.waitAsync: it keeps the event loop (and so the process) alive meanwhile.
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * The Trainer's loss evaluated by point-sharded data parallelism: `workers` worker threads, each with
 * its own backend, a copy of the network (and trainable parameters) and its shard of every point set.
 * Per evaluation this thread sends the flat trained values, each worker returns its shard's loss, parts
 * and gradient with every MEAN scaled by its share of that term's points, and this thread sums them:
 * the whole loss and gradient, up to float32 rounding. Points are sent when the batch changes.
 * Replies are awaited by blocking (Atomics.wait), so synchronous Trainer.step works too; every wait has a
 * bound (options.timeout), past which the workers are ended and the evaluation throws.
 *
 * @example
 * trainer.setLossEvaluator(await ShardedLoss.start({ name: 'burgers' }, trainer, { workers: 2 }));
 * trainer.step(); // sharded
 */
export class ShardedLoss implements LossEvaluator {
  private sent: Batch | null = null;
  private disposed = false;

  private constructor(
    private readonly workers: ShardWorker[],
    /** The bound of every wait for the workers, in seconds. */
    private readonly timeout: number,
  ) {}

  /**
   * Starts the workers on the problem `source` names (which must build `trainer.problem`) and waits until they are ready.
   *
   * @example
   * const loss = await ShardedLoss.start({ name: 'heat' }, trainer, { workers: 2 });
   * trainer.setLossEvaluator(loss);
   */
  static async start(source: ProblemSource, trainer: Trainer, options: ShardedLossOptions): Promise<ShardedLoss> {
    const { network, weights } = trainer.options;
    const data = {
      problem: source,
      backend: options.backend ?? tf.getBackend(),
      openblas: openBlasSettings(),
      network,
      weights,
    };
    const workers = Array.from({ length: options.workers }, (_, i) => spawn(data, i));
    const sharded = new ShardedLoss(workers, options.timeout ?? TIMEOUT_SECONDS);
    try {
      const want = JSON.stringify(problemIdentity(trainer.problem));
      // One bound for all: the workers build at once.
      const until = deadline('building', sharded.timeout);
      for (const w of workers) {
        const ready = await receiveAsync(w, until);
        if (ready.type === 'error') throw new Error(ready.message);
        if (ready.type !== 'ready') throw new Error(`Shard worker ${w.index} of 'parallelTrainer' replied '${ready.type}' before it was ready.`);
        const have = JSON.stringify(ready.identity);
        if (have !== want) {
          throw new Error(`Argument 'problem' passed to 'parallelTrainer': the worker threads built another problem than the trainer's (${have} vs ${want}); the module must build the same problem every time.`);
        }
        // A worker that was to run OpenBLAS's kernels and does not would train on other sums, without a word.
        if (data.openblas !== null && ready.openblas === null) throw new Error(`Shard worker ${w.index} of 'parallelTrainer' did not install the OpenBLAS kernels the main thread uses.`);
        // Idle workers do not keep the process alive (a forgotten dispose does not hang it); evaluations block on them instead.
        w.worker.unref();
      }
    } catch (error) {
      sharded.dispose();
      throw error;
    }
    return sharded;
  }

  /**
   * Shard worker threads of this process that have not exited yet (all ShardedLoss together): 0 some
   * moments after every trainer that had them was disposed.
   *
   * @example
   * trainer.dispose();
   * ShardedLoss.liveWorkers(); // drops to 0 once the threads have ended
   */
  static liveWorkers(): number {
    return live;
  }

  /** The number of worker threads. */
  get size(): number {
    return this.workers.length;
  }

  /**
   * The whole loss, parts and gradient at `params`' current values on `batch`, summed over the workers'
   * shards (new gradient tensors in this thread; the caller disposes them). Sends the points first when
   * `batch` is not the one last sent. A worker's error is thrown here with its message; a worker that died
   * or stalled (no reply within options.timeout) ends them all, and the error names it.
   *
   * @example
   * const { loss, grads } = readSync(sharded.lossReads(batch, trainer.trainables(), 'none'));
   * grads.forEach((g) => g.dispose());
   */
  *lossReads(batch: Batch, params: tf.Variable[], gradient: GradientRead): Reads<LossAndGradsRead> {
    if (this.disposed) throw new Error("The sharded loss of 'parallelTrainer' has ended (its trainer was disposed, or a worker thread died); start a new trainer.");
    const x = yield* flatValuesReads(params);
    if (batch !== this.sent) {
      const shards = shardBatch(batch, this.workers.length);
      this.workers.forEach((w, i) => w.port.postMessage({ type: 'points', shard: shards[i] } satisfies ToShard));
      this.sent = batch;
    }
    this.workers.forEach((w) => w.port.postMessage({ type: 'evaluate', x } satisfies ToShard));
    // One bound for the whole evaluation (the workers run at once), so W workers never wait W bounds.
    const until = deadline('evaluating', this.timeout);
    // Every worker's reply is taken (even after a failure), so the next evaluation starts in step.
    const replies: FromShard[] = [];
    let lost: WorkersLost | null = null;
    for (const w of this.workers) {
      try {
        replies.push(receive(w, until));
      } catch (error) {
        if (!(error instanceof WorkersLost)) throw error;
        lost ??= error;
      }
    }
    if (lost !== null) {
      this.dispose();
      throw lost;
    }
    const failed = replies.find((r) => r.type === 'error');
    if (failed?.type === 'error') {
      const error = new Error(failed.message);
      error.name = failed.name;
      throw error;
    }
    let loss = 0;
    const parts: Record<string, number> = {};
    const sum = new Float64Array(x.length);
    for (const r of replies) {
      if (r.type !== 'result') throw new Error(`Shard worker of 'parallelTrainer' replied '${r.type}' to 'evaluate'.`);
      if (r.grad.length !== x.length) throw new Error(`Shard worker of 'parallelTrainer' returned ${r.grad.length} gradient entries for ${x.length} trained values.`);
      loss += r.loss;
      for (const [k, v] of Object.entries(r.parts)) parts[k] = (parts[k] ?? 0) + v;
      for (let j = 0; j < sum.length; j++) sum[j] += r.grad[j];
    }
    const single = Float32Array.from(sum);
    let at = 0;
    const grads = params.map((v) => {
      const g = tf.tensor(single.subarray(at, at + v.size), v.shape, 'float32');
      at += v.size;
      return g;
    });
    const out: LossAndGradsRead = { loss, parts, grads };
    if (gradient === 'finite') out.finite = single.every((g) => Number.isFinite(g));
    if (gradient === 'flat') out.flat = Float64Array.from(single);
    return out;
  }

  /** Ends the worker threads (at once; nothing waits for them). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const w of this.workers) {
      w.port.close();
      void w.worker.terminate();
    }
  }
}
