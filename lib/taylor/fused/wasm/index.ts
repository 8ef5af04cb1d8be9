import type { CompiledActivation } from '../codegen.js';
import type { ActivationProgram } from '../program.js';
import { denseModule } from './dense_grad.js';
import { denseLayerModule } from './dense_layer.js';
import { simdActivationModule, simdCompilable } from './simd_activation.js';

export { denseModule } from './dense_grad.js';
export { denseLayerModule } from './dense_layer.js';
export { simdActivationModule, simdCompilable } from './simd_activation.js';
export { hasRelaxedMadd } from './encoder.js';

/** A dense layer's loops over float32 views of the wasm heap (see {@link denseModule}). */
export interface DenseLoops {
  /** dw = hᵀ dz over all rows of h [rows,wIn] and dz [rows,wOut]; db = column sums of dz's first n rows. */
  weightGrad(h: Float32Array, dz: Float32Array, dw: Float32Array, db: Float32Array, rows: number, n: number): void;
  /** z[r, :] += b for r < n. */
  addBias(z: Float32Array, b: Float32Array, n: number): void;
}

const modules = new Map<string, WebAssembly.Module | null>();
const instances = new WeakMap<WebAssembly.Memory, Map<string, CompiledActivation>>();

interface Exports {
  forward(z: number, h: number, nw: number): void;
  backward(z: number, dh: number, dz: number, nw: number): void;
}

/**
 * The activation's loops compiled to WebAssembly SIMD over `memory` (the wasm
 * backend's heap), or null where they cannot be: an activation without SIMD
 * loops, an engine without WebAssembly SIMD, or compilation refused (a
 * Content-Security-Policy without 'wasm-unsafe-eval'). The arrays passed must
 * be views of `memory`.
 */
export function simdActivation(program: ActivationProgram, key: string, memory: WebAssembly.Memory): CompiledActivation | null {
  if (!modules.has(key)) modules.set(key, simdCompilable(program) ? compile(simdActivationModule(program)) : null);
  const module = modules.get(key)!;
  if (module === null) return null;
  let byKey = instances.get(memory);
  if (byKey === undefined) instances.set(memory, (byKey = new Map()));
  if (!byKey.has(key)) {
    const e = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Exports;
    // A view of any other buffer would make its byteOffset point at unrelated heap memory: refuse it.
    const inMemory = (...arrays: Float32Array[]) => {
      if (arrays.some((a) => a.buffer !== memory.buffer)) throw new Error('tfjs-pinn internal: SIMD activation loops called with arrays outside the wasm heap.');
    };
    byKey.set(key, {
      forward: (z, h, nw) => {
        inMemory(z, h);
        e.forward(z.byteOffset, h.byteOffset, nw);
      },
      backward: (z, dh, dz, nw) => {
        inMemory(z, dh, dz);
        e.backward(z.byteOffset, dh.byteOffset, dz.byteOffset, nw);
      },
    });
  }
  return byKey.get(key)!;
}

const denseModules = new Map<string, WebAssembly.Module | null>();
const denseInstances = new WeakMap<WebAssembly.Memory, Map<string, DenseLoops>>();

/** The dense loops of shape [wIn, wOut] over `memory`, or null where WebAssembly SIMD cannot be compiled. */
export function denseLoops(wIn: number, wOut: number, memory: WebAssembly.Memory): DenseLoops | null {
  const key = `${wIn}x${wOut}`;
  if (!denseModules.has(key)) denseModules.set(key, compile(denseModule(wIn, wOut)));
  const module = denseModules.get(key)!;
  if (module === null) return null;
  let byKey = denseInstances.get(memory);
  if (byKey === undefined) denseInstances.set(memory, (byKey = new Map()));
  if (!byKey.has(key)) {
    const e = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as {
      weightGrad(h: number, dz: number, dw: number, db: number, rows: number, n: number): void;
      addBias(z: number, b: number, n: number): void;
    };
    const inMemory = (...arrays: Float32Array[]) => {
      if (arrays.some((a) => a.buffer !== memory.buffer)) throw new Error('tfjs-pinn internal: SIMD dense loops called with arrays outside the wasm heap.');
    };
    byKey.set(key, {
      weightGrad: (h, dz, dw, db, rows, n) => {
        inMemory(h, dz, dw, db);
        e.weightGrad(h.byteOffset, dz.byteOffset, dw.byteOffset, db.byteOffset, rows, n);
      },
      addBias: (z, b, n) => {
        inMemory(z, b);
        e.addBias(z.byteOffset, b.byteOffset, n);
      },
    });
  }
  return byKey.get(key)!;
}

function compile(bytes: Uint8Array<ArrayBuffer>): WebAssembly.Module | null {
  try {
    return new WebAssembly.Module(bytes);
  } catch {
    return null;
  }
}

/** A dense layer's fused loops over float32 views of the wasm heap (see {@link denseLayerModule}); n is the point count. */
export interface LayerLoops {
  /** out = activation(h W + b) for the K coefficients; z = h W + b too where given. */
  forward(h: Float32Array, w: Float32Array, b: Float32Array, z: Float32Array | null, out: Float32Array, n: number): void;
  /** out = h W + b (the last layer). */
  linear(h: Float32Array, w: Float32Array, b: Float32Array, out: Float32Array, n: number): void;
  /** dzOut = the activation's adjoint at z, applied to dz Wᵀ (wT = Wᵀ). */
  backward(dz: Float32Array, wT: Float32Array, z: Float32Array, dzOut: Float32Array, n: number): void;
}

const layerModules = new Map<string, WebAssembly.Module | null>();
const layerInstances = new WeakMap<WebAssembly.Memory, Map<string, LayerLoops>>();

/**
 * The fused layer loops of the activation program (by its key) for a layer [wIn, wOut] over `memory`, or null
 * where they cannot be (an activation without SIMD loops, no WebAssembly SIMD, compilation refused).
 */
export function layerLoops(program: ActivationProgram, programKey: string, wIn: number, wOut: number, memory: WebAssembly.Memory): LayerLoops | null {
  const key = `${programKey}|${wIn}x${wOut}`;
  if (!layerModules.has(key)) layerModules.set(key, simdCompilable(program) ? compile(denseLayerModule(program, wIn, wOut)) : null);
  const module = layerModules.get(key)!;
  if (module === null) return null;
  let byKey = layerInstances.get(memory);
  if (byKey === undefined) layerInstances.set(memory, (byKey = new Map()));
  if (!byKey.has(key)) {
    const e = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as {
      forward(h: number, w: number, b: number, z: number, out: number, n: number): void;
      forwardKeep(h: number, w: number, b: number, z: number, out: number, n: number): void;
      linear(h: number, w: number, b: number, out: number, n: number): void;
      backward(dz: number, wT: number, z: number, dzOut: number, n: number): void;
    };
    const inMemory = (...arrays: Float32Array[]) => {
      if (arrays.some((a) => a.buffer !== memory.buffer)) throw new Error('tfjs-pinn internal: SIMD layer loops called with arrays outside the wasm heap.');
    };
    byKey.set(key, {
      forward: (h, w, b, z, out, n) => {
        inMemory(h, w, b, out, ...(z === null ? [] : [z]));
        if (z === null) e.forward(h.byteOffset, w.byteOffset, b.byteOffset, 0, out.byteOffset, n);
        else e.forwardKeep(h.byteOffset, w.byteOffset, b.byteOffset, z.byteOffset, out.byteOffset, n);
      },
      linear: (h, w, b, out, n) => {
        inMemory(h, w, b, out);
        e.linear(h.byteOffset, w.byteOffset, b.byteOffset, out.byteOffset, n);
      },
      backward: (dz, wT, z, dzOut, n) => {
        inMemory(dz, wT, z, dzOut);
        e.backward(dz.byteOffset, wT.byteOffset, z.byteOffset, dzOut.byteOffset, n);
      },
    });
  }
  return byKey.get(key)!;
}
