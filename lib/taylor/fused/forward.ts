import * as tf from '@tensorflow/tfjs';

import { BackendArrays, backendArrays } from '../../internals/backend_arrays.js';
import { HostKernels, hostKernels } from '../../internals/host_kernels.js';
import { denseFor } from './dense.js';
import type { CompiledActivation } from './codegen.js';
import { layerLoopsFor, loopsFor, plans, Plan } from './plan.js';
import { ScratchLayout, inputJet, interleave, scratchLayout } from './scratch.js';
import type { LayerLoops } from './wasm/index.js';

/**
 * The jet pass over stacked coefficients; returns the last layer's z. With a
 * scratch tensor, every hidden layer's z and transposed h are kept in it
 * for the gradient.
 */
export function forwardPass(a: BackendArrays, plan: Plan, columns: tf.TensorInfo[], params: tf.TensorInfo[], scratch?: tf.TensorInfo): tf.TensorInfo {
  const k = plan.set.members.length;
  const n = plan.jetInput ? columns[0].shape[0] / k : columns[0].shape[0];
  const layout = scratchLayout(plan, n);
  let h: tf.TensorInfo;
  if (plan.jetInput) {
    // The stacked input jet itself: copied, since the pass frees each layer's input.
    h = a.alloc([k * n, plan.sizes[0]]);
    a.view(h).set(a.view(columns[0]).subarray(0, k * n * plan.sizes[0]));
  } else h = inputJet(a, plan, n, (rows) => interleave(a, columns, rows));
  if (scratch !== undefined) {
    const sv = a.view(scratch);
    sv.set(a.view(h).subarray(0, (plan.jetInput ? k * n : n) * plan.sizes[0]), layout.points);
    params.forEach((w, i) => i % 2 === 0 && sv.set(a.view(w).subarray(0, w.shape[0] * w.shape[1]), layout.weights[i / 2]));
  }
  const keep = scratch === undefined ? undefined : { scratch, layout };
  const loops = loopsFor(plan.loops, a.memory)!;
  // A host BLAS (OpenBLAS in Node) outruns the fused layer loops' own product: then the products are its.
  const gemm = hostKernels();
  if (gemm !== null) return hostPass(a, plan, gemm, loops, h, params, n, keep);
  const fused = plan.sizes.slice(0, -1).map((wIn, l) => layerLoopsFor(plan.loops, wIn, plan.sizes[l + 1], a.memory));
  if (fused.every((f) => f !== null)) return fusedPass(a, plan, fused as LayerLoops[], h, params, n, keep);
  for (let l = 0; ; l++) {
    const [w, b] = [params[2 * l], params[2 * l + 1]];
    const width = w.shape[1];
    const z = a.matMul(h, w);
    a.free(h);
    addBias(a, a.view(z), b, w.shape[0], width, n);
    if (l === plan.layers - 1) return z;
    const next = a.alloc([k * n, width]);
    loops.forward(a.view(z), a.view(next), n * width);
    if (scratch !== undefined) {
      const sv = a.view(scratch);
      sv.set(a.view(z), layout.z[l]);
      sv.set(a.view(next), layout.h[l]);
    }
    a.free(z);
    h = next;
  }
}

/**
 * The pass by the fused SIMD layer loops (wasm): each layer's product, bias and activation in one sweep, a
 * hidden layer's z and h written straight into the scratch tensor where there is one (no copies), the next
 * layer reading its input there.
 */
function fusedPass(a: BackendArrays, plan: Plan, layers: LayerLoops[], input: tf.TensorInfo, params: tf.TensorInfo[], n: number, keep?: { scratch: tf.TensorInfo; layout: ScratchLayout }): tf.TensorInfo {
  const rows = plan.set.members.length * n;
  // The layer's input: a tensor of its own (freed after), or a region of the scratch tensor.
  let owned: tf.TensorInfo | null = input;
  let at = -1;
  const inputView = (width: number) => (owned !== null ? a.view(owned) : a.view(keep!.scratch).subarray(at, at + rows * width));
  for (let l = 0; ; l++) {
    const [w, b] = [params[2 * l], params[2 * l + 1]];
    const [wIn, width] = [w.shape[0], w.shape[1]];
    if (l === plan.layers - 1) {
      const z = a.alloc([rows, width]);
      // Views only after the last alloc: growing the wasm heap detaches earlier ones.
      layers[l].linear(inputView(wIn), a.view(w), a.view(b), a.view(z), n);
      if (owned !== null) a.free(owned);
      return z;
    }
    if (keep !== undefined) {
      const sv = a.view(keep.scratch);
      const [z, h] = [keep.layout.z[l], keep.layout.h[l]];
      layers[l].forward(inputView(wIn), a.view(w), a.view(b), sv.subarray(z, z + rows * width), sv.subarray(h, h + rows * width), n);
      if (owned !== null) a.free(owned);
      [owned, at] = [null, h];
    } else {
      const next = a.alloc([rows, width]);
      layers[l].forward(inputView(wIn), a.view(w), a.view(b), null, a.view(next), n);
      if (owned !== null) a.free(owned);
      owned = next;
    }
  }
}

/** z[r, :] += b for coefficient 0's n rows (the bias enters coefficient 0 only): the SIMD loop on wasm, else JavaScript. */
function addBias(a: BackendArrays, z: Float32Array, b: tf.TensorInfo, wIn: number, width: number, n: number): void {
  const dense = denseFor(a, wIn, width);
  const bv = a.view(b);
  if (dense !== null) dense.addBias(z, bv, n);
  else for (let i = 0; i < n * width; i += width) for (let c = 0; c < width; c++) z[i + c] += bv[c];
}

/**
 * The pass with the host BLAS's products (OpenBLAS in Node): each product written straight into the scratch
 * tensor where there is one, the activation reading z there and writing h there, the next layer's product
 * reading it: no copies, no tensors per layer.
 */
function hostPass(a: BackendArrays, plan: Plan, gemm: HostKernels, loops: CompiledActivation, input: tf.TensorInfo, params: tf.TensorInfo[], n: number, keep?: { scratch: tf.TensorInfo; layout: ScratchLayout }): tf.TensorInfo {
  const rows = plan.set.members.length * n;
  let owned: tf.TensorInfo | null = input;
  let at = -1;
  const inputView = (width: number) => (owned !== null ? a.view(owned) : a.view(keep!.scratch).subarray(at, at + rows * width));
  for (let l = 0; ; l++) {
    const [w, b] = [params[2 * l], params[2 * l + 1]];
    const [wIn, width] = [w.shape[0], w.shape[1]];
    if (l === plan.layers - 1 || keep === undefined) {
      const z = a.alloc([rows, width]);
      // Views only after the last alloc: growing the wasm heap detaches earlier ones.
      gemm.gemm(false, false, rows, width, wIn, inputView(wIn), a.view(w), a.view(z), 0);
      addBias(a, a.view(z), b, wIn, width, n);
      if (owned !== null) a.free(owned);
      if (l === plan.layers - 1) return z;
      const next = a.alloc([rows, width]);
      loops.forward(a.view(z), a.view(next), n * width);
      a.free(z);
      owned = next;
      continue;
    }
    const sv = a.view(keep.scratch);
    const z = sv.subarray(keep.layout.z[l], keep.layout.z[l] + rows * width);
    gemm.gemm(false, false, rows, width, wIn, inputView(wIn), a.view(w), z, 0);
    addBias(a, z, b, wIn, width, n);
    loops.forward(z, sv.subarray(keep.layout.h[l], keep.layout.h[l] + rows * width), n * width);
    if (owned !== null) a.free(owned);
    [owned, at] = [null, keep.layout.h[l]];
  }
}

/** The forward kernel; `scratchFirst` for {@link JET_FORWARD_ONCE}'s order of inputs. */
export function forwardKernel(backendName: string, scratchFirst: boolean) {
  return ({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => {
    const plan = plans.get((attrs as { plan: string }).plan)!;
    const a = backendArrays(backendName, backend);
    const given = inputs as unknown as tf.TensorInfo[];
    const all = scratchFirst ? [...given.slice(1), given[0]] : given;
    const c = plan.blocks.length;
    const [columns, params, scratch] = [all.slice(0, c), all.slice(c, c + 2 * plan.layers), all[c + 2 * plan.layers] as tf.TensorInfo | undefined];
    const n = plan.jetInput ? columns[0].shape[0] / plan.set.members.length : columns[0].shape[0];
    const out = params[params.length - 1].shape[0];
    const last = forwardPass(a, plan, columns, params, scratch);
    const results = plan.requests.map((r) => a.alloc([n, r.column === undefined ? out : 1]));
    const zv = a.view(last);
    plan.requests.forEach((r, i) => {
      const ov = a.view(results[i]);
      const base = r.k * n * out;
      if (r.column === undefined) for (let j = 0; j < n * out; j++) ov[j] = r.factor * zv[base + j];
      else for (let j = 0; j < n; j++) ov[j] = r.factor * zv[base + j * out + r.column];
    });
    a.free(last);
    return results;
  };
}
