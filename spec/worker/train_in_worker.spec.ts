import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type BrowserRig, PAGE_DIR, chromiumMissing, startBrowserRig } from '../helpers/chromium.js';
import { skipReason } from '../helpers/console_guard.js';

// trainInWorker in a real headless Chromium (Debian's), against the built worker
// and bundle served from 127.0.0.1.
const missing = chromiumMissing();
if (missing !== undefined) skipReason(`spec/worker/train_in_worker.spec.ts: ${missing}`);

/** Calls an export of spec/helpers/browser_page/checks.js inside the page. */
function inPage<T>(page: Page, fn: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ([name, rest]) => (window as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>).checks[name](...rest),
    [fn, args] as [string, unknown[]],
  ) as Promise<T>;
}

interface WorkerRun {
  backend: string;
  records: { step: number; phase: string; loss: number; parts: Record<string, number> }[];
  result: { steps: number; loss: number; reason: string };
  state: { step: number; problem: string; history: number; layers: number };
  prediction: number[][];
  error?: string;
}

interface Frames {
  backend: string;
  ms: number;
  frames: number;
  maxGap: number;
  steps: number;
  loss: number;
}

describe.skipIf(missing !== undefined)('trainInWorker in Chromium', () => {
  let rig: BrowserRig;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    rig = await startBrowserRig();
    ({ page, errors } = await rig.newPage());
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('trains in a worker with a record per step, and lands on the same losses as the main thread', async () => {
    const steps = 8;
    const run = await inPage<WorkerRun>(page, 'trainInWorker', 'heat', 'wasm', steps, 0);
    expect(run.error).toBeUndefined();
    expect(run.backend).toBe('wasm');
    expect(run.records.map((r) => r.step)).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
    for (const r of run.records) {
      expect(r.phase).toBe('adam');
      expect(Object.keys(r.parts).length).toBeGreaterThan(0);
      expect(Object.values(r.parts).reduce((a, b) => a + b, 0)).toBeCloseTo(r.loss, 5);
    }
    expect(run.result).toEqual({ steps, loss: run.records.at(-1)!.loss, reason: 'steps' });
    expect(run.state).toMatchObject({ step: steps, problem: 'heat', history: steps });
    expect(run.prediction).toHaveLength(1);
    expect(run.prediction[0].every(Number.isFinite)).toBe(true);
    // The same plan on the page's own thread and backend: float32 arithmetic in the same order.
    const main = await inPage<number[]>(page, 'trainOnMainThread', 'wasm', steps);
    for (const [i, loss] of main.entries()) expect(Math.abs(run.records[i].loss - loss), `step ${i + 1}`).toBeLessThanOrEqual(1e-6 * loss);
  });

  it('trains with the hard-problem toolbox in a worker (a Network, causal weights, balancing) on the losses of the main thread', async () => {
    const steps = 6;
    const run = await inPage<{ error?: string; records: { loss: number }[]; main: number[]; weights: (Record<string, number> | null)[]; causal: (number | null)[] }>(page, 'toolboxInWorker', 'wasm', steps);
    expect(run.error).toBeUndefined();
    expect(run.records).toHaveLength(steps);
    expect(run.weights.every((w) => w !== null && Object.keys(w).length > 0)).toBe(true);
    expect(run.causal.every((w) => w !== null && w > 0 && w <= 1)).toBe(true);
    for (const [i, loss] of run.main.entries()) expect(Math.abs(run.records[i].loss - loss), `step ${i + 1}`).toBeLessThanOrEqual(1e-6 * loss);
  });

  it('stop() ends the run within a few steps, and the result still holds the state', async () => {
    const run = await inPage<WorkerRun>(page, 'trainInWorker', 'heat', 'wasm', 40, 3);
    expect(run.error).toBeUndefined();
    expect(run.result.reason).toBe('stopped');
    // The stop message reaches the worker while it computes the next step (or two, on a busy machine).
    expect(run.records.length).toBeGreaterThanOrEqual(3);
    expect(run.records.length).toBeLessThanOrEqual(8);
    expect(run.result.steps).toBe(run.records.length);
    expect(run.state.step).toBe(run.records.length);
  });

  it('takes a problem from a module URL (a ProblemModule export), and says so when the export is missing', async () => {
    const url = `${PAGE_DIR}problem_module.js`;
    const byUrl = await inPage<WorkerRun>(page, 'trainInWorker', { url, export: 'myHeat' }, 'wasm', 3, 0);
    expect(byUrl.error).toBeUndefined();
    const byName = await inPage<WorkerRun>(page, 'trainInWorker', 'heat', 'wasm', 3, 0);
    expect(byUrl.state.problem).toBe('heat');
    expect(byUrl.records.map((r) => r.loss)).toEqual(byName.records.map((r) => r.loss));
    const wrong = await inPage<WorkerRun>(page, 'trainInWorker', { url, export: 'nothing' }, 'wasm', 3, 0);
    expect(wrong.error).toMatch(/Option 'problem' passed to 'trainInWorker': the module .*problem_module\.js exports no ProblemModule as 'nothing'.*its exports: myHeat/);
  });

  it('trains on webgpu in the worker (asynchronous reads only) on the losses of cpu, to 1e-4 relative', async (ctx) => {
    const adapter = await inPage<{ missing?: string }>(page, 'webgpuAdapter');
    if (adapter.missing !== undefined) {
      skipReason(`spec/worker/train_in_worker.spec.ts, webgpu training in the worker: ${adapter.missing}`);
      ctx.skip(adapter.missing);
    }
    const gpu = await inPage<WorkerRun>(page, 'trainInWorker', 'heat', 'webgpu', 4, 0);
    const cpu = await inPage<WorkerRun>(page, 'trainInWorker', 'heat', 'cpu', 4, 0);
    expect(gpu.error).toBeUndefined();
    expect(gpu.backend).toBe('webgpu');
    expect(gpu.state.layers).toBe(3);
    const worst = Math.max(...cpu.records.map((r, i) => Math.abs(gpu.records[i].loss - r.loss) / r.loss));
    const worstU = Math.max(...cpu.prediction[0].map((u, i) => Math.abs(gpu.prediction[0][i] - u) / Math.abs(u)));
    expect(gpu.records.length).toBe(4);
    expect(worst).toBeLessThanOrEqual(1e-4);
    expect(worstU).toBeLessThanOrEqual(1e-3);
  });

  it('rejects bad options at the call, naming the option and the nearest valid name', async () => {
    expect(await inPage<string>(page, 'trainInWorkerThrows', { problem: 'haet' })).toMatch(/Option 'problem' passed to 'trainInWorker' must be one of .*heat.* but got 'haet'\. Did you mean 'heat'\?/);
    expect(await inPage<string>(page, 'trainInWorkerThrows', { problem: 'heat', backnd: 'cpu' })).toMatch(/Unknown key 'backnd' .*Did you mean 'backend'\?/);
    expect(await inPage<string>(page, 'trainInWorkerThrows', { problem: 'heat', backend: 'tensorflow' })).toMatch(/Option 'backend' passed to 'trainInWorker' must be one of webgpu, webgl, wasm, cpu/);
    expect(await inPage<string>(page, 'trainInWorkerThrows', { problem: 'heat', options: { adam: { steps: -1 } } })).toMatch(/adam\.steps/);
  });

  it("spares the page the long stalls of training on the main thread (webgl)", async () => {
    const steps = 15;
    // Main thread first: it also compiles the page's shaders, as a first training would.
    const main = await inPage<Frames>(page, 'rafDuringTraining', 'main', 'webgl', steps);
    const worker = await inPage<Frames>(page, 'rafDuringTraining', 'worker', 'webgl', steps);
    expect(worker.backend).toBe('webgl');
    expect(main.backend).toBe('webgl');
    expect(worker.steps).toBe(steps);
    expect(main.steps).toBe(steps);
    expect(Math.abs(worker.loss - main.loss)).toBeLessThanOrEqual(1e-5 * main.loss);
    // Ratios within one run, no time limits. run() reads back asynchronously, so on the main thread too the page
    // draws while the GPU works (40.8 against 55.5 frames/s measured); what a worker still spares the page are
    // the long stalls (shader compilation, each step's JavaScript): 119 ms against 7.6 s measured.
    expect(worker.maxGap).toBeLessThan(main.maxGap / 5);
  });

  it('raised no console errors', () => {
    expect(errors).toEqual([]);
  });
});
