import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type BrowserRig, chromiumMissing, startBrowserRig } from '../helpers/chromium.js';
import { skipReason } from '../helpers/console_guard.js';

// Training on WebGPU in a real headless Chromium (Debian's, SwiftShader's adapter): Trainer.run()
// reads back only asynchronously, so it trains there although dataSync gives zeros.
const missing = chromiumMissing();
if (missing !== undefined) skipReason(`spec/browser/train.spec.ts: ${missing}`);

/** Calls an export of spec/helpers/browser_page/checks.js inside the page. */
function inPage<T>(page: Page, fn: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ([name, rest]) => (window as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>).checks[name](...rest),
    [fn, args] as [string, unknown[]],
  ) as Promise<T>;
}

interface Curve {
  backend: string;
  syncReadsWork: boolean;
  stepError?: string;
  result: { steps: number; loss: number; reason: string };
  ms: number;
  losses: number[];
  phases: string[];
  bias: number[];
  u: number[];
}

/** Largest |a - b| / |b| over the entries. */
const worstRelative = (a: number[], b: number[]) => Math.max(...b.map((v, i) => Math.abs(a[i] - v) / Math.abs(v)));

describe.skipIf(missing !== undefined)('training on WebGPU in Chromium', () => {
  let rig: BrowserRig;
  let page: Page;
  let errors: string[];
  let noAdapter: string | undefined;

  beforeAll(async () => {
    rig = await startBrowserRig();
    ({ page, errors } = await rig.newPage());
    noAdapter = (await inPage<{ missing?: string }>(page, 'webgpuAdapter')).missing;
    if (noAdapter !== undefined) skipReason(`spec/browser/train.spec.ts, webgpu training: ${noAdapter}`);
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('run() trains heat on webgpu (Adam then L-BFGS) on the loss curve of cpu from the same seeds, to 1e-4 relative', async (ctx) => {
    if (noAdapter !== undefined) ctx.skip(noAdapter);
    const [adam, lbfgs] = [10, 5];
    const cpu = await inPage<Curve>(page, 'lossCurve', 'cpu', adam, lbfgs);
    expect(await inPage<number>(page, 'lossCurveLeaked')).toBe(0);
    const gpu = await inPage<Curve>(page, 'lossCurve', 'webgpu', adam, lbfgs);
    expect(await inPage<number>(page, 'lossCurveLeaked')).toBe(0);
    expect(gpu.backend).toBe('webgpu');
    expect(gpu.phases).toEqual(cpu.phases);
    expect(gpu.phases.filter((p) => p === 'lbfgs').length).toBeGreaterThan(0);
    expect(gpu.losses.at(-1)!).toBeLessThan(gpu.losses[0]);
    expect(worstRelative(gpu.losses, cpu.losses)).toBeLessThanOrEqual(1e-4);
    expect(worstRelative(gpu.u, cpu.u)).toBeLessThanOrEqual(1e-3);
    // Where dataSync gives zeros, step() refuses instead of training on them.
    if (!gpu.syncReadsWork) expect(gpu.stepError).toMatch(/'Trainer.step' reads back synchronously, which gives wrong values on this backend .*use 'await trainer.run\(\)'/);
  });

  it("burgers (an output transform with imposed conditions, checked asynchronously on webgpu) trains on cpu's loss curve", async (ctx) => {
    if (noAdapter !== undefined) ctx.skip(noAdapter);
    const cpu = await inPage<Curve>(page, 'lossCurve', 'cpu', 3, 2, 'burgers');
    const gpu = await inPage<Curve>(page, 'lossCurve', 'webgpu', 3, 2, 'burgers');
    expect(await inPage<number>(page, 'lossCurveLeaked')).toBe(0);
    expect(gpu.backend).toBe('webgpu');
    expect(gpu.phases).toEqual(cpu.phases);
    expect(worstRelative(gpu.losses, cpu.losses)).toBeLessThanOrEqual(1e-4);
  });

  it('raised no console errors', () => {
    expect(errors).toEqual([]);
  });
});
