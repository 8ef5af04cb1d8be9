import * as tf from '@tensorflow/tfjs';

import { checkKeys } from '../internals/keys.js';
import type { BackendChoice, InitBackendOptions } from './init_backend.js';
import { AdapterLike, brokenSyncReads } from './sync_reads.js';
import { loadWasm } from './wasm_loader.js';
import { loadWebGPU } from './webgpu_loader.js';

// Browser twin of init_backend.ts, chosen by the 'browser' export condition. It
// must stay free of Node-only imports (process, fs, tfjs-node).

/** A backend tfjs-pinn can run on in a browser, fastest first. */
export type BrowserBackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Options of the browser {@link initBackend}. */
export interface BrowserInitBackendOptions extends InitBackendOptions {
  /**
   * Folder (URL ending in '/') holding tfjs-backend-wasm's .wasm files.
   * @default the folder of this module, where the build copies them
   */
  wasmPaths?: string;
  /**
   * Require synchronous read-back (`dataSync`), which `trainer.step()`,
   * `trainer.predict()` and `MLP.toLayers()` use. false also accepts WebGPU on SwiftShader's
   * fallback adapter, which reads back only asynchronously (`await t.data()`): enough for
   * `partials`, `await trainer.run()`, `await trainer.state()` and `trainInWorker`; dataSync
   * there gives zeros, so the synchronous calls throw ({@link syncReadsWork} says so).
   * @default true
   */
  syncReads?: boolean;
}

const BROWSER_ORDER: BrowserBackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** The backends loaded only when started (their modules are a third of the standalone bundle otherwise). */
const LAZY: Partial<Record<BrowserBackendName, (options: BrowserInitBackendOptions) => Promise<void>>> = {
  webgpu: () => loadWebGPU(),
  // The wasm backend needs to know where its .wasm files are before it first starts.
  wasm: (options) => loadWasm(options.wasmPaths ?? new URL('./', import.meta.url).href),
};

/** Starts `name`, or says why not; webgpu and wasm are loaded first (only now). */
async function start(name: BrowserBackendName, options: BrowserInitBackendOptions): Promise<string | undefined> {
  try {
    await LAZY[name]?.(options);
  } catch (error) {
    return `${name}: ${(error as Error).message}`;
  }
  return (await tf.setBackend(name)) ? undefined : `${name} failed to initialise`;
}

/** Why `name` cannot run here, checked without switching to it; undefined if it may. */
async function precheck(name: BrowserBackendName, syncReads: boolean): Promise<string | undefined> {
  // webgpu and wasm are registered when they are started (see LAZY), not before.
  if (LAZY[name] === undefined && tf.findBackendFactory(name) == null) return `${name} is not registered with this copy of tfjs`;
  if (name === 'webgpu') {
    const gpu = (globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<AdapterLike | null> } } | undefined)?.gpu;
    if (gpu === undefined) return 'WebGPU not available (navigator.gpu is missing: no WebGPU in this browser or context)';
    const adapter = await gpu.requestAdapter().catch(() => null);
    if (adapter == null) return 'WebGPU present but no adapter (requestAdapter() gave none)';
    // Checking a read would do damage (SwiftShader then loses the GPU process, WebGL included), so the adapter decides.
    const broken = brokenSyncReads(adapter);
    if (syncReads && broken !== undefined) {
      return `${broken}; Trainer.run() reads asynchronously and initBackend('webgpu', { syncReads: false }) accepts it`;
    }
  }
  if (name === 'webgl') {
    const version = tf.env().getNumber('WEBGL_VERSION');
    if (version === 0) return 'WebGL not available (no WebGL context could be created)';
    if (!tf.env().getBool('WEBGL_RENDER_FLOAT32_CAPABLE')) {
      return `WebGL${version} present but no float32 render targets (half floats would cost ~3 digits in every derivative)`;
    }
  }
  if (name === 'wasm') {
    if (typeof WebAssembly !== 'object') return 'WebAssembly not available';
  }
  return undefined;
}

/** Ops a PINN leans on, each checked against Math at a few points by {@link smokeTest}. */
const SMOKE: [string, (x: tf.Tensor) => tf.Tensor, (v: number) => number][] = [
  ['exp', tf.exp, Math.exp],
  ['sin', tf.sin, Math.sin],
  ['tanh', tf.tanh, Math.tanh],
  ['x + 1e-6', (x) => tf.add(x, 1e-6), (v) => v + 1e-6],
];

/**
 * Checks a started backend on values with known answers: a backend can start
 * and still compute in half precision or with sloppy transcendental functions,
 * which would cost digits in every derivative.
 */
async function smokeTest(): Promise<string | undefined> {
  const xs = [0.1, 0.7, 2.5, -3.3];
  const got = tf.tidy(() => {
    const x = tf.tensor1d(xs);
    return tf.stack(SMOKE.map(([, op]) => op(x)));
  });
  let values: ArrayLike<number>;
  try {
    values = await got.data();
  } catch (error) {
    return `started but could not read a result back: ${(error as Error).message}`;
  } finally {
    got.dispose();
  }
  for (const [k, [name, , exact]] of SMOKE.entries()) {
    for (const [i, x] of xs.entries()) {
      const want = exact(x);
      const have = values[k * xs.length + i];
      if (!(Math.abs(have - want) <= 1e-5 * Math.max(1, Math.abs(want)))) {
        return `started but computed ${name} at ${x} as ${have} instead of ${want.toPrecision(8)} (not float32-accurate)`;
      }
    }
  }
  return undefined;
}

/**
 * Chooses and starts the fastest working backend in a browser: 'webgpu', else
 * 'webgl' (WebGL with float32 render targets), else 'wasm', else 'cpu'; each
 * candidate must also pass a float32 smoke test and, unless `options.syncReads`
 * is false, be able to read back synchronously as Trainer does (WebGPU on
 * SwiftShader's fallback adapter cannot). `preferred` asks for one;
 * asking for one that cannot start is an error that says why. The reason
 * returned lists why faster backends were skipped.
 *
 * @example
 * const { name, reason } = await initBackend(); // e.g. 'webgl' (WebGPU not available ...)
 * await initBackend('wasm', { wasmPaths: '/assets/' });
 */
export async function initBackend(preferred?: string, options: BrowserInitBackendOptions = {}): Promise<BackendChoice> {
  if (preferred !== undefined && !BROWSER_ORDER.includes(preferred as BrowserBackendName)) {
    throw new Error(`Backend '${preferred}' passed to 'initBackend' is not one of ${BROWSER_ORDER.join(', ')} (in a browser).`);
  }
  checkKeys(options, ['log', 'wasmPaths', 'syncReads'], "the options passed to 'initBackend'");
  for (const key of ['log', 'syncReads'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') {
      throw new Error(`Option '${key}' passed to 'initBackend' must be true or false, but got ${JSON.stringify(options[key])}.`);
    }
  }
  const skipped: string[] = [];
  const candidates = preferred === undefined ? BROWSER_ORDER : [preferred as BrowserBackendName];
  for (const name of candidates) {
    let failure = await precheck(name, options.syncReads ?? true);
    if (failure === undefined) {
      failure = await start(name, options);
      if (failure === undefined) {
        await tf.ready();
        const wrong = await smokeTest();
        failure = wrong === undefined ? undefined : `${name} ${wrong}`;
      }
    }
    if (failure === undefined) {
      const asked = preferred === undefined ? 'fastest available' : 'requested';
      const reason = skipped.length > 0 ? `${asked}; ${skipped.join('; ')}` : asked;
      if (options.log ?? true) console.log(`tfjs-pinn: backend '${name}' (${reason})`);
      return { name, reason };
    }
    skipped.push(failure);
  }
  throw new Error(`'initBackend' could not start backend '${preferred}': ${skipped.join('; ')}.`);
}

/**
 * Which browser backends look usable here, checked without switching to any
 * (a backend listed may still fail its smoke test in {@link initBackend});
 * `options.syncReads` as in initBackend.
 *
 * @example
 * await availableBackends(); // ['webgl', 'wasm', 'cpu'] in headless Chromium
 * for (const b of await availableBackends()) await initBackend(b);
 */
export async function availableBackends(options: { syncReads?: boolean } = {}): Promise<BrowserBackendName[]> {
  checkKeys(options, ['syncReads'], "the options passed to 'availableBackends'");
  const names: BrowserBackendName[] = [];
  for (const name of BROWSER_ORDER) if ((await precheck(name, options.syncReads ?? true)) === undefined) names.push(name);
  return names;
}
