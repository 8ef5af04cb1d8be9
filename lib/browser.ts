/**
 * The browser entry (the `browser` export condition, and `tfjs-pinn/bundle` with tfjs inside): the library's
 * API with the browser `initBackend` (webgpu, webgl, wasm, cpu), float32-accurate WebGL and WebGPU sin/cos,
 * and `trainInWorker`.
 *
 * @packageDocumentation
 * @module tfjs-pinn (browser)
 */
// The browser entry, chosen by the 'browser' export condition: the same API as
// lib/index.ts, with the browser initBackend (webgpu -> webgl -> wasm -> cpu)
// and float32-accurate webgl and webgpu Sin/Cos kernels. No Node-only import may be
// reachable from here; spec/browser/build.spec.ts checks that.
import { registerAccurateWebGLTrig } from './backend/webgl_trig.js';

export * from './gradients/index.js';
export * from './derivatives/index.js';
export * from './models/index.js';
export * from './taylor/index.js';
export * from './reference/index.js';
export * from './sampling/index.js';
export * from './geometry/index.js';
export * from './pinn/index.js';
export * from './expression/index.js';
export * from './data/index.js';
export { availableBackends, initBackend } from './backend/browser.js';
export { syncReadsWork } from './backend/sync_reads.js';
export type { BrowserBackendName, BrowserInitBackendOptions } from './backend/browser.js';
export type { BackendChoice, InitBackendOptions, NodeBackendName } from './backend/init_backend.js';
export { ACCURATE_WEBGL_TRIG, registerAccurateWebGLTrig } from './backend/webgl_trig.js';
export { ACCURATE_WEBGPU_TRIG, registerAccurateWebGPUTrig } from './backend/webgpu_trig.js';
export { loadWebGPU } from './backend/webgpu_loader.js';
export * from './worker/index.js';

// A side effect by design, like the gradient repair: stock webgl and webgpu
// sin/cos are not float32-accurate, so no derivative of a sin network would be either.
// The webgpu ones are registered by loadWebGPU, when that backend is loaded (only when asked for).
registerAccurateWebGLTrig();
