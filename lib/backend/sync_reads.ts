import * as tf from '@tensorflow/tfjs';

// The one place that decides whether synchronous reads (dataSync, arraySync) can
// be trusted: initBackend's adapter check and Trainer.step() both ask here.

/** A WebGPU adapter as far as read here (GPUAdapter, or the info tfjs's webgpu backend keeps). */
export interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; isFallbackAdapter?: boolean };
}

/** Why the last adapter initBackend looked at cannot read back synchronously; undefined if it can or none was seen. */
let seenBroken: string | undefined;

/**
 * Why `adapter` cannot read back synchronously, or undefined when it may; remembered for {@link syncReadsWork}.
 * WebGPU has no synchronous read: tfjs reads through a canvas, which on SwiftShader's fallback adapter
 * (Chromium 156, headless) gives zeros.
 *
 * @example
 * brokenSyncReads(await navigator.gpu.requestAdapter()); // "WebGPU adapter is the fallback one ..." on SwiftShader
 * syncReadsWork(); // false from now on while the backend is webgpu
 */
export function brokenSyncReads(adapter: AdapterLike): string | undefined {
  const info = adapter.info ?? {};
  const broken = info.architecture === 'swiftshader' || (adapter.isFallbackAdapter ?? info.isFallbackAdapter) === true;
  seenBroken = broken ? `WebGPU adapter is the fallback one ('${info.vendor}', '${info.architecture}'), whose synchronous reads (dataSync) give zeros` : undefined;
  return seenBroken;
}

/**
 * Why synchronous reads (dataSync, arraySync) give wrong values on the active backend, or undefined
 * when they work: only webgpu on an adapter {@link brokenSyncReads} flagged (checked by initBackend),
 * or on SwiftShader's (as tfjs's webgpu backend reports it, for a plain `tf.setBackend('webgpu')`).
 *
 * @example
 * syncReadsBroken(); // undefined on cpu, wasm, webgl, tensorflow
 * if (syncReadsBroken()) await trainer.run(); else trainer.step();
 */
export function syncReadsBroken(): string | undefined {
  if (tf.getBackend() !== 'webgpu') return undefined;
  if (seenBroken !== undefined) return seenBroken;
  const info = (tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string } }).adapterInfo;
  return info?.architecture === 'swiftshader' ? brokenSyncReads({ info }) : undefined;
}

/**
 * Whether synchronous reads (dataSync, arraySync, `trainer.step()`) give the right values on the active
 * backend: false only on webgpu with SwiftShader's fallback adapter; use the asynchronous API
 * (`await trainer.run()`, `await t.data()`) there.
 *
 * @example
 * syncReadsWork(); // true on cpu, wasm, webgl, tensorflow
 * if (!syncReadsWork()) await trainer.run();
 */
export function syncReadsWork(): boolean {
  return syncReadsBroken() === undefined;
}
