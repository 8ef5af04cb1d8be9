import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type BrowserRig, chromiumMissing, startBrowserRig } from '../../helpers/chromium.js';

// Time marching through trainInWorker (lib/worker builds its trainer with createTrainer) in Debian's headless
// Chromium, against the built worker and bundle: the worker's run equals the page's own MarchingTrainer.
const missing = chromiumMissing();
if (missing !== undefined) console.warn(`spec/pinn/marching/worker.spec.ts skipped: ${missing}`);

interface MarchingRun {
  records: { step: number; window: number; loss: number }[];
  result: { steps: number; reason: string };
  state: { format: string; window: number; finished: number };
  prediction: number[][];
  main: { losses: number[]; prediction: number[][] };
  error?: string;
}

describe.skipIf(missing !== undefined)('time marching in a worker', () => {
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

  it('trains the windows in turn, returns the marching state, and lands on the main thread losses', async () => {
    const run = (await page.evaluate(() => (window as unknown as { checks: { marchingInWorker: (b: string, s: number) => Promise<unknown> } }).checks.marchingInWorker('wasm', 4))) as MarchingRun;
    expect(run.error).toBeUndefined();
    expect(run.records.map((r) => [r.step, r.window])).toEqual([[1, 0], [2, 0], [3, 0], [4, 0], [5, 1], [6, 1], [7, 1], [8, 1]]);
    expect(run.result).toMatchObject({ steps: 8, reason: 'steps' });
    expect(run.state).toEqual({ format: 'tfjs-pinn-marching-checkpoint', window: 1, finished: 1 });
    // The same plan on the page's thread and backend: float32 arithmetic in the same order.
    run.main.losses.forEach((loss, i) => expect(Math.abs(run.records[i].loss - loss), `step ${i + 1}`).toBeLessThanOrEqual(1e-6 * loss));
    run.main.prediction[0].forEach((u, i) => expect(Math.abs(run.prediction[0][i] - u)).toBeLessThanOrEqual(1e-6 * Math.abs(u)));
    expect(errors).toEqual([]);
  });
});
