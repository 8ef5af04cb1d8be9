import type { Page } from 'playwright-core';
import { type TestContext, afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type BrowserRig, chromiumMissing, startBrowserRig } from '../helpers/chromium.js';
import { skipReason } from '../helpers/console_guard.js';
import { goldenTolerance, relativeError } from '../helpers/close.js';
import { goldenCases } from '../helpers/golden.js';

// Everything here runs in a real headless Chromium (Debian's), against the
// standalone bundle served from 127.0.0.1: WebGL and WebGPU are SwiftShader's, not mocks.
const missing = chromiumMissing();
if (missing !== undefined) skipReason(`spec/browser/browser.spec.ts: ${missing}`);

const BROWSER_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;

/** Why this Chromium has no WebGPU adapter (set in beforeAll), or undefined when it has one. */
let noWebGPU: string | undefined;
/** Whether the adapter is SwiftShader's fallback one, whose synchronous reads give zeros (set in beforeAll). */
let fallbackAdapter = false;

/** Skips a webgpu test, printing why, where the browser offers no adapter. */
function skipWithoutAdapter(ctx: TestContext, backend: string): void {
  if (backend !== 'webgpu' || noWebGPU === undefined) return;
  skipReason(`'${ctx.task.name}' on webgpu: ${noWebGPU}`);
  ctx.skip(noWebGPU);
}

type Checks = Record<string, (...args: unknown[]) => Promise<unknown>>;

/** Calls an export of spec/helpers/browser_page/checks.js (or of the consumer app.js) inside the page. */
function inPage<T>(page: Page, fn: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ([name, rest]) => {
      const [module, exported] = name.includes('.') ? name.split('.') : ['checks', name];
      return (window as unknown as Record<string, Checks>)[module][exported](...rest);
    },
    [fn, args] as [string, unknown[]],
  ) as Promise<T>;
}

describe.skipIf(missing !== undefined)('tfjs-pinn in Chromium', () => {
  let rig: BrowserRig;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    rig = await startBrowserRig();
    ({ page, errors } = await rig.newPage());
    const adapter = await inPage<{ missing?: string; vendor?: string; architecture?: string; isFallbackAdapter?: boolean }>(page, 'webgpuAdapter');
    noWebGPU = adapter.missing;
    fallbackAdapter = adapter.architecture === 'swiftshader' || adapter.isFallbackAdapter === true;
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('initBackend prefers webgpu, else webgl with float32 render targets, and says why', async () => {
    const choice = await inPage<{ name: string; reason: string; available: string[] }>(page, 'start', 'auto');
    // With a real adapter, webgpu must pass its float32 smoke test (the library's Sin/Cos make it);
    // SwiftShader's fallback adapter is skipped for want of synchronous reads.
    expect(choice.name).toBe(noWebGPU === undefined && !fallbackAdapter ? 'webgpu' : 'webgl');
    if (choice.name === 'webgl') expect(choice.reason).toMatch(noWebGPU === undefined ? /WebGPU adapter is the fallback one .* synchronous reads/ : /WebGPU (not available|present but no adapter)/);
    expect(choice.available).toEqual(expect.arrayContaining(['webgl', 'wasm', 'cpu']));
    if (noWebGPU === undefined) {
      // For partials alone (asynchronous reads), webgpu starts and passes the smoke test.
      const gpu = await inPage<{ name: string; available: string[] }>(page, 'start', 'webgpu');
      expect(gpu.name).toBe('webgpu');
      expect(gpu.available).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    }
    await expect(inPage(page, 'start', 'tensorflow')).rejects.toThrow(/Backend 'tensorflow' passed to 'initBackend' is not one of webgpu, webgl, wasm, cpu/);
  });

  it('falls back to webgl where WebGPU has no adapter, then to wasm where WebGL has no float32 render targets or no context', async () => {
    const fresh = await rig.newPage('checks', { noAdapter: true });
    const noAdapter = await inPage<{ name: string; reason: string }>(fresh.page, 'start', 'auto');
    expect(noAdapter.name).toBe('webgl');
    expect(noAdapter.reason).toMatch(/WebGPU present but no adapter|WebGPU not available/);
    const noFloat = await inPage<{ name: string; reason: string }>(fresh.page, 'startWithFlag', 'WEBGL_RENDER_FLOAT32_CAPABLE', false);
    expect(noFloat.name).toBe('wasm');
    expect(noFloat.reason).toMatch(/WebGL2 present but no float32 render targets/);
    const noWebGL = await inPage<{ name: string; reason: string }>(fresh.page, 'startWithFlag', 'WEBGL_VERSION', 0);
    expect(noWebGL.name).toBe('wasm');
    expect(noWebGL.reason).toMatch(/WebGL not available/);
    expect(fresh.errors).toEqual([]);
    await fresh.page.close();
  });

  for (const backend of BROWSER_BACKENDS) {
    describe(`golden partials [${backend}]`, () => {
      for (const golden of goldenCases()) {
        it(`${golden.name} matches PyTorch to the Node tolerances, without leaking tensors`, async (ctx) => {
          skipWithoutAdapter(ctx, backend);
          const got = await inPage<{ backend: string; values: Record<string, number[]>; leaked: number }>(page, 'goldenPartials', golden, backend);
          expect(got.backend).toBe(backend);
          const errs = Object.keys(golden.partials).map((key) => [key, relativeError(got.values[key], golden.partials[key])] as const);
          for (const [key, err] of errs) {
            const order = key === 'u' ? 0 : key.length;
            expect(err, `${golden.name} ${key} on ${backend}`).toBeLessThanOrEqual(goldenTolerance(order));
          }
          expect(got.leaked).toBe(0);
        });
      }
    });
  }

  for (const backend of ['webgpu', 'webgl']) {
    it(`every activation on ${backend} agrees with cpu to 1e-5 at every order to 4 (stock ${backend} sin is ~2e-4 off)`, async (ctx) => {
      skipWithoutAdapter(ctx, backend);
      const result = await inPage<Record<string, Record<string, number>>>(page, 'activationAgreement', backend);
      for (const [activation, errs] of Object.entries(result)) {
        for (const [term, err] of Object.entries(errs)) expect(err, `${activation} ${term}`).toBeLessThanOrEqual(1e-5);
      }
    });
  }

  for (const backend of ['webgpu', 'webgl']) {
    it(`${backend}'s exp, tanh, sigmoid and softplus are float32-accurate on [-10, 10] (no kernel replaced)`, async (ctx) => {
      skipWithoutAdapter(ctx, backend);
      const errs = await inPage<Record<string, number>>(page, 'activationOpErrors', backend);
      // A few float32 ulps: exp 6e-7 relative and tanh 1.3e-7 absolute were measured on SwiftShader.
      expect(errs.exp).toBeLessThanOrEqual(2e-6);
      for (const op of ['tanh', 'sigmoid']) expect(errs[op], op).toBeLessThanOrEqual(5e-7);
      expect(errs.softplus).toBeLessThanOrEqual(5e-6);
    });
  }

  it("refuses a backend whose sin is not float32-accurate, and says so", async () => {
    const message = await inPage<string>(page, 'startWithSkewedSin');
    expect(message).toMatch(/could not start backend 'webgl': webgl started but computed sin at .* \(not float32-accurate\)/);
  });

  it("with tfjs's stock webgl Sin/Cos the sin golden case is measured for comparison (not asserted: GPU dependent)", async () => {
    const sin = goldenCases().find((c) => c.activation === 'sin')!;
    const got = await inPage<{ values: Record<string, number[]> }>(page, 'goldenPartialsWithStockTrig', sin);
    // How far stock GLSL sin/cos land from PyTorch depends on the GPU (~2e-4 on SwiftShader): not bounded here,
    // only that the stock kernels computed every partial.
    for (const key of Object.keys(sin.partials)) {
      expect(got.values[key], key).toHaveLength(sin.partials[key].length);
      expect(got.values[key].every(Number.isFinite), `${key} finite`).toBe(true);
    }
    // The library's kernels are back: the same case is accurate again.
    const again = await inPage<{ values: Record<string, number[]> }>(page, 'goldenPartials', sin, 'webgl');
    expect(relativeError(again.values.xx, sin.partials.xx)).toBeLessThanOrEqual(1e-5);
  });

  for (const backend of ['webgpu', 'webgl']) {
    it(`${backend}'s Sin and Cos are float32-accurate up to |x| = 1e4 and keep NaN for NaN and +-Infinity`, async (ctx) => {
      skipWithoutAdapter(ctx, backend);
      for (const range of [1, 100, 1e4]) {
        const got = await inPage<{ sinError: number; cosError: number; specials: { sin: unknown[]; cos: unknown[] } }>(page, 'trigError', backend, range);
        // A float32 near 1 is spaced 6e-8 apart; stock GLSL sin in SwiftShader is off by ~2e-4.
        expect(got.sinError, `sin on |x| <= ${range}`).toBeLessThanOrEqual(2e-7);
        expect(got.cosError, `cos on |x| <= ${range}`).toBeLessThanOrEqual(2e-7);
        expect(got.specials).toEqual({ sin: ['NaN', 'NaN', 'NaN', 0], cos: ['NaN', 'NaN', 'NaN', 1] });
      }
    });
  }

  it("works through a bundler: an app importing 'tfjs-pinn' gets the browser library, on webgl and on wasm", async () => {
    expect(rig.appInputs).toContain('dist/browser/tfjs-pinn.js');
    const sin = goldenCases().find((c) => c.activation === 'sin')!;
    // The app's bundle lives elsewhere, so it tells initBackend where the .wasm files are.
    const app = await rig.newPage('app');
    for (const backend of ['webgl', 'wasm']) {
      const got = await inPage<{ backend: string; values: Record<string, number[]> }>(app.page, 'app.goldenPartials', sin, backend, '/dist/browser/');
      expect(got.backend).toBe(backend);
      for (const key of Object.keys(sin.partials)) {
        const order = key === 'u' ? 0 : key.length;
        expect(relativeError(got.values[key], sin.partials[key]), `${key} on ${backend}`).toBeLessThanOrEqual(goldenTolerance(order));
      }
    }
    expect(app.errors).toEqual([]);
    await app.page.close();
  });

  it('raised no console errors while computing', () => {
    expect(errors).toEqual([]);
  });
});
