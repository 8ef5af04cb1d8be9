// Entry of dist/browser/tfjs-pinn.worker.js, a module worker started by
// trainInWorker. The build maps the import below to './tfjs-pinn.bundle.js'
// next to it, so the worker loads the standalone bundle (its own tfjs) once,
// and a problem module that imports the same bundle URL shares that copy.
import * as lib from '../browser_bundle.js';

import type { FromWorker, ToWorker, WorkerProblem } from './protocol.js';

/** The worker's global scope, typed only as far as used (tsconfig has the DOM lib, not WebWorker). */
const scope = globalThis as unknown as {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
};

let started = false;
let stopRequested = false;
let trainer: lib.AnyTrainer | undefined;

/** The ProblemModule named, exported by a module URL or written as expressions; says what is wrong with anything else. */
async function loadProblem(problem: WorkerProblem): Promise<lib.ProblemModule> {
  if (typeof problem === 'string') return lib.PROBLEMS[problem];
  // A definition carries no plan of its own: trainInWorker asks for options with it.
  if ('definition' in problem) return { problem: () => lib.compileProblem(problem.definition), defaults: {} };
  const module = (await import(/* @vite-ignore */ problem.url)) as Record<string, unknown>;
  const found = module[problem.export] as lib.ProblemModule | undefined;
  if (typeof found?.problem !== 'function') {
    throw new Error(`Option 'problem' passed to 'trainInWorker': the module ${problem.url} exports no ProblemModule as '${problem.export}' (an object with a problem() function); its exports: ${Object.keys(module).join(', ') || 'none'}.`);
  }
  return found;
}

async function train(message: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  // The worker reads back only asynchronously (run, state, predictAsync), so asked-for webgpu starts
  // even on an adapter whose synchronous reads are broken; initBackend's own choice keeps its rule.
  const choice = await lib.initBackend(message.backend, { log: false, wasmPaths: message.wasmPaths, syncReads: message.backend !== 'webgpu' });
  scope.postMessage({ type: 'backend', name: choice.name, reason: choice.reason });
  const module = await loadProblem(message.problem);
  // A Trainer, or a MarchingTrainer when the options ask for time windows.
  trainer = lib.createTrainer(module.problem(), message.options ?? module.defaults);
  const t = trainer;
  try {
    if (message.state !== undefined) await t.setState(message.state);
    if (stopRequested) t.stop();
    const every = message.snapshotEvery ?? 0;
    const snapshot = async (step: number) => {
      const prediction = await t.predictAsync(message.predict!);
      scope.postMessage({ type: 'snapshot', step, prediction }, prediction.map((p) => p.buffer as ArrayBuffer));
    };
    // yieldEvery 1: a 'stop' message is handled between any two steps. The run awaits onStep, so a
    // snapshot of u is taken between two steps, never during one.
    const result = await t.run({
      yieldEvery: 1,
      onStep: async (record) => {
        scope.postMessage({ type: 'progress', record });
        if (every > 0 && message.predict !== undefined && record.step % every === 0) await snapshot(record.step);
      },
    });
    const state = await t.state();
    const prediction = message.predict === undefined ? undefined : await t.predictAsync(message.predict);
    scope.postMessage({ type: 'done', result, state, prediction }, (prediction ?? []).map((p) => p.buffer as ArrayBuffer));
  } finally {
    t.dispose();
  }
}

scope.addEventListener('message', ({ data }) => {
  if (data.type === 'stop') {
    stopRequested = true;
    trainer?.stop();
    return;
  }
  if (started) {
    scope.postMessage({ type: 'error', name: 'Error', message: "'trainInWorker' sent a second 'start' to one worker; start a new worker per run." });
    return;
  }
  started = true;
  train(data).catch((error: Error & { record?: lib.StepRecord }) => {
    scope.postMessage({ type: 'error', name: error?.name ?? 'Error', message: String(error?.message ?? error), record: error?.record });
  });
});
