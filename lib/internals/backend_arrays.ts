import * as tf from '@tensorflow/tfjs';

/** Float32 matrices held by a backend, handled without the engine (no tape, no scopes, no per-op cost). */
export interface BackendArrays {
  /** A new uninitialised matrix; free it or return it from the kernel. */
  alloc(shape: number[]): tf.TensorInfo;
  /** Its values; on wasm a view of the heap that any later alloc or matMul may invalidate. */
  view(info: tf.TensorInfo): Float32Array;
  free(info: tf.TensorInfo): void;
  /** a [M,k] times b [k,n], by the backend's own BatchMatMul kernel (XNNPACK on wasm). */
  matMul(a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo;
  /** a^T for [M,n] (the backend's Transpose kernel: on wasm 3-4x faster than a JavaScript loop). */
  transpose(a: tf.TensorInfo): tf.TensorInfo;
  /** The WebAssembly memory every view is of (wasm backend only). */
  memory?: WebAssembly.Memory;
}

interface WasmBackend {
  wasm?: { asm?: { memory?: unknown } };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  disposeData(dataId: object): void;
}

interface CpuBackend {
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
  data: { get(dataId: object): { values: Float32Array } };
  disposeData(dataId: object): void;
}

/** The backends whose arrays the custom kernels (the fused jet, the Leibniz sums) reach directly. */
export const FUSED_BACKENDS = ['wasm', 'cpu'] as const;

const cache = new WeakMap<object, Map<string, BackendArrays>>();

/** Array access for a kernel running on `backendName` (made once per backend instance: kernels ask on every call). */
export function backendArrays(backendName: string, backend: unknown): BackendArrays {
  let byName = cache.get(backend as object);
  if (byName === undefined) cache.set(backend as object, (byName = new Map()));
  let arrays = byName.get(backendName);
  if (arrays === undefined) byName.set(backendName, (arrays = makeArrays(backendName, backend)));
  return arrays;
}

function makeArrays(backendName: string, backend: unknown): BackendArrays {
  const stock = tf.getKernel('BatchMatMul', backendName);
  if (stock === undefined) throw new Error(`tfjs-pinn: the fused jet kernel needs the ${backendName} backend's BatchMatMul kernel, which is not registered.`);
  const stockTranspose = tf.getKernel('Transpose', backendName)!;
  const matMul = (a: tf.TensorInfo, b: tf.TensorInfo) => {
    const out = stock.kernelFunc({ inputs: { a, b }, backend: backend as tf.KernelBackend, attrs: { transposeA: false, transposeB: false } }) as tf.TensorInfo;
    out.shape = [a.shape[0], b.shape[1]];
    return out;
  };
  const transpose = (x: tf.TensorInfo) => stockTranspose.kernelFunc({ inputs: { x }, backend: backend as tf.KernelBackend, attrs: { perm: [1, 0] } }) as tf.TensorInfo;
  if (backendName === 'wasm') {
    const w = backend as WasmBackend;
    const memory = w.wasm?.asm?.memory;
    return {
      memory: memory instanceof WebAssembly.Memory ? memory : undefined,
      alloc: (shape) => w.makeOutput(shape, 'float32'),
      view: (info) => w.typedArrayFromHeap(info),
      free: (info) => w.disposeData(info.dataId),
      matMul,
      transpose,
    };
  }
  const c = backend as CpuBackend;
  return {
    alloc: (shape) => c.makeTensorInfo(shape, 'float32', new Float32Array(shape.reduce((a, b) => a * b, 1))),
    view: (info) => c.data.get(info.dataId).values,
    free: (info) => c.disposeData(info.dataId),
    matMul,
    transpose,
  };
}
