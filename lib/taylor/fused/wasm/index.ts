import type { CompiledActivation } from '../codegen.js';
import type { ActivationProgram } from '../program.js';
import { denseModule } from './dense_grad.js';
import { simdActivationModule, simdCompilable } from './simd_activation.js';

export { denseModule } from './dense_grad.js';
export { simdActivationModule, simdCompilable } from './simd_activation.js';

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
