import type { BrowserBackendName } from '../backend/browser.js';
import type { BackendChoice } from '../backend/init_backend.js';
import { type ProblemDefinition, compileProblem } from '../expression/index.js';
import { checkKeys, nearestName } from '../internals/keys.js';
import { PROBLEMS } from '../pinn/problems/index.js';
import { checkTrainOptions } from '../pinn/options.js';
import type { AnyTrainerState, StepRecord, TrainOptions, TrainResult } from '../pinn/index.js';
import type { Points } from '../sampling/types.js';
import type { FromWorker, ToWorker, WorkerProblem } from './protocol.js';

/** Options of {@link trainInWorker}. */
export interface TrainInWorkerOptions {
  /**
   * The problem: a name in PROBLEMS ('heat'), a module the worker imports, as
   * `{ url, export }` (URL relative to the page; `export` @default 'default'), or a problem
   * written as expressions, `{ definition }` (compiled here first, so its errors throw at the call,
   * then in the worker; give `options` with it). A module should take the library from the same URL
   * as the worker's bundle (dist/browser/tfjs-pinn.bundle.js), so that the worker holds one copy of tfjs.
   */
  problem:
    | string
    | {
        /** The module's URL, relative to the page. */
        url: string | URL;
        /** The export holding its ProblemModule. @default 'default' */
        export?: string;
      }
    | {
        /** The problem written as expressions (see docs/playground.md). */
        definition: ProblemDefinition;
      };
  /**
   * The Trainer's options; with `marching` the worker trains time windows (a MarchingTrainer, see createTrainer).
   * @default the problem module's `defaults` (given options replace them whole)
   */
  options?: TrainOptions;
  /** The worker's backend, started with initBackend there. @default initBackend's choice (webgpu, webgl, wasm, cpu) */
  backend?: BrowserBackendName;
  /** Folder (URL ending in '/') of tfjs-backend-wasm's .wasm files, for backend 'wasm'. @default the worker script's folder */
  wasmPaths?: string;
  /** Points ({x: Float64Array, t: ...}) at which to evaluate u after training; the result's `prediction`. */
  predict?: Points;
  /** The worker script. @default tfjs-pinn.worker.js next to this module (dist/browser/) */
  workerUrl?: string | URL;
  /** A state from an earlier run's result (same problem and options) to continue from: resume after stop(). */
  state?: AnyTrainerState;
  /** Send u at `predict` every this many steps ({@link WorkerTraining.onSnapshot}); 0 never. @default 0 */
  snapshotEvery?: number;
}

/** What a worker run ends with. */
export interface WorkerTrainResult {
  /** As returned by Trainer.run: steps, last loss, why it stopped ('stopped' after stop()). */
  result: TrainResult;
  /** The whole trainer state, JSON-safe (a MarchingTrainer's with `marching`): continue with `trainer.setState(state)`, or save it. */
  state: AnyTrainerState;
  /** u at `options.predict`, one Float64Array per output. */
  prediction?: Float64Array[];
}

/** A training running in a Web Worker. */
export interface WorkerTraining {
  /** Calls `listener` with every step's record (step, phase, loss, parts); returns a function that removes it. */
  onProgress(listener: (record: StepRecord) => void): () => void;
  /** Calls `listener` with u at `predict` every `snapshotEvery` steps; returns a function that removes it. */
  onSnapshot(listener: (step: number, prediction: Float64Array[]) => void): () => void;
  /** The backend the worker started, and why. */
  backend: Promise<BackendChoice>;
  /** Ends the run after the current step; `result` then resolves with reason 'stopped' and the state. */
  stop(): void;
  /** Ends the worker at once; `result` rejects if it had not settled. */
  terminate(): void;
  /** Settles when the worker finishes; rejects with the worker's error (a NonFiniteLossError keeps its name and `record`). */
  result: Promise<WorkerTrainResult>;
}

const KEYS = ['problem', 'options', 'backend', 'wasmPaths', 'predict', 'workerUrl', 'state', 'snapshotEvery'];
const BACKENDS: BrowserBackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
const WHERE = "passed to 'trainInWorker'";

/** Checks the options and puts the problem in the form the worker reads. */
function checkOptions(options: TrainInWorkerOptions): WorkerProblem {
  if (typeof options !== 'object' || options === null) throw new Error(`The options ${WHERE} must be an object with at least 'problem', but got ${JSON.stringify(options)}.`);
  checkKeys(options, KEYS, `the options ${WHERE}`);
  if (options.backend !== undefined && !BACKENDS.includes(options.backend)) {
    throw new Error(`Option 'backend' ${WHERE} must be one of ${BACKENDS.join(', ')}, but got ${JSON.stringify(options.backend)}.`);
  }
  if (options.options !== undefined) checkTrainOptions(options.options);
  if (options.predict !== undefined) {
    const columns = Object.entries(options.predict ?? {});
    const n = columns[0]?.[1]?.length;
    if (columns.length === 0 || columns.some(([, v]) => !(v instanceof Float64Array) || v.length !== n)) {
      throw new Error(`Option 'predict' ${WHERE} must map each input name to a Float64Array, all of one length, but got ${columns.map(([k, v]) => `${k}: ${v?.constructor?.name}(${v?.length})`).join(', ') || 'no columns'}.`);
    }
  }
  if (options.snapshotEvery !== undefined && !(Number.isInteger(options.snapshotEvery) && options.snapshotEvery >= 0)) {
    throw new Error(`Option 'snapshotEvery' ${WHERE} must be an integer >= 0, but got ${JSON.stringify(options.snapshotEvery)}.`);
  }
  if (options.snapshotEvery && options.predict === undefined) throw new Error(`Option 'snapshotEvery' ${WHERE} needs 'predict', the points at which to send u.`);
  const state = options.state as { layers?: unknown; format?: unknown } | null | undefined;
  if (state !== undefined && (state === null || typeof state !== 'object' || !(Array.isArray(state.layers) || state.format === 'tfjs-pinn-marching-checkpoint'))) {
    throw new Error(`Option 'state' ${WHERE} must be a trainer state (a result's 'state'), but got ${JSON.stringify(options.state)?.slice(0, 80)}.`);
  }
  const { problem } = options;
  if (typeof problem === 'object' && problem !== null && 'definition' in problem) {
    checkKeys(problem, ['definition'], `option 'problem' ${WHERE}`);
    if (options.options === undefined) throw new Error(`Option 'options' ${WHERE} must be given with a problem written as expressions (it has no plan of its own).`);
    compileProblem(problem.definition);
    return { definition: problem.definition };
  }
  if (typeof problem === 'string') {
    if (!(problem in PROBLEMS)) {
      const near = nearestName(problem, Object.keys(PROBLEMS));
      throw new Error(`Option 'problem' ${WHERE} must be one of ${Object.keys(PROBLEMS).join(', ')} or { url }, but got '${problem}'.${near ? ` Did you mean '${near}'?` : ''}`);
    }
    return problem;
  }
  if (typeof problem !== 'object' || problem === null || !(typeof problem.url === 'string' || problem.url instanceof URL)) {
    throw new Error(`Option 'problem' ${WHERE} must be a problem name or { url, export }, but got ${JSON.stringify(problem)}.`);
  }
  checkKeys(problem, ['url', 'export'], `option 'problem' ${WHERE}`);
  // The worker resolves URLs against its own script: make the page's relative URL absolute here.
  return { url: new URL(problem.url, globalThis.location?.href).href, export: problem.export ?? 'default' };
}

/**
 * Trains a PINN in a Web Worker, so the page keeps drawing while it trains:
 * the worker starts its own backend, builds a Trainer for the problem and runs
 * it (Adam, then L-BFGS), posting every step's record; at the end it sends the
 * trainer's state and, if asked, u at given points. Browser-only.
 *
 * @example
 * const run = trainInWorker({ problem: 'heat', options: { adam: { steps: 200 } } });
 * run.onProgress((r) => console.log(r.step, r.phase, r.loss)); const { result, state } = await run.result;
 */
export function trainInWorker(options: TrainInWorkerOptions): WorkerTraining {
  const problem = checkOptions(options);
  if (typeof Worker === 'undefined') throw new Error("'trainInWorker' needs Web Workers (a browser page); in Node, run a Trainer directly.");
  const url = options.workerUrl ?? new URL('./tfjs-pinn.worker.js', import.meta.url);
  const worker = new Worker(url, { type: 'module', name: 'tfjs-pinn trainer' });
  const listeners = new Set<(record: StepRecord) => void>();
  const snapshots = new Set<(step: number, prediction: Float64Array[]) => void>();
  let settled = false;
  let resolveBackend!: (choice: BackendChoice) => void;
  let rejectBackend!: (error: Error) => void;
  const backend = new Promise<BackendChoice>((resolve, reject) => ([resolveBackend, rejectBackend] = [resolve, reject]));
  // A run that fails before choosing its backend rejects both; the caller may await only `result`.
  backend.catch(() => undefined);
  let resolveResult!: (result: WorkerTrainResult) => void;
  let rejectResult!: (error: Error) => void;
  const result = new Promise<WorkerTrainResult>((resolve, reject) => ([resolveResult, rejectResult] = [resolve, reject]));
  const fail = (error: Error) => {
    if (settled) return;
    settled = true;
    worker.terminate();
    rejectBackend(error);
    rejectResult(error);
  };
  worker.addEventListener('message', ({ data }: MessageEvent<FromWorker>) => {
    if (data.type === 'backend') resolveBackend({ name: data.name, reason: data.reason });
    else if (data.type === 'progress') for (const listener of listeners) listener(data.record);
    else if (data.type === 'snapshot') for (const listener of snapshots) listener(data.step, data.prediction);
    else if (data.type === 'done') {
      settled = true;
      worker.terminate();
      resolveResult({ result: data.result, state: data.state, prediction: data.prediction });
    } else if (data.type === 'error') {
      fail(Object.assign(new Error(data.message), { name: data.name }, data.record === undefined ? {} : { record: data.record }));
    }
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    fail(new Error(`The tfjs-pinn worker (${String(url)}) failed: ${event.message || 'it could not be loaded (is the worker script served there?)'}`));
  });
  worker.addEventListener('messageerror', () => fail(new Error('The tfjs-pinn worker sent a message that could not be read.')));
  const start: ToWorker = {
    type: 'start',
    problem,
    options: options.options,
    backend: options.backend,
    wasmPaths: options.wasmPaths,
    predict: options.predict,
    state: options.state,
    snapshotEvery: options.snapshotEvery,
  };
  worker.postMessage(start);
  return {
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onSnapshot(listener) {
      snapshots.add(listener);
      return () => snapshots.delete(listener);
    },
    backend,
    stop: () => worker.postMessage({ type: 'stop' } satisfies ToWorker),
    terminate: () => fail(new Error("The tfjs-pinn worker was terminated by 'terminate()' before it finished.")),
    result,
  };
}
