import * as tf from '@tensorflow/tfjs';

import { BackendArrays, backendArrays } from '../../internals/backend_arrays.js';
import { hostKernels } from '../../internals/host_kernels.js';
import { denseFor } from './dense.js';
import { layerLoopsFor, loopsFor, plans, Plan } from './plan.js';
import { ScratchLayout, inputJet, scratchLayout } from './scratch.js';

export function backwardKernel(backendName: string) {
  return ({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => {
    const plan = plans.get((attrs as { plan: string }).plan)!;
    const a = backendArrays(backendName, backend);
    const [scratch, ...dys] = inputs as unknown as tf.TensorInfo[];
    const c = plan.blocks.length;
    const n = dys[0].shape[0];
    const rows = plan.set.members.length * n;
    const layout = scratchLayout(plan, n);
    const sizes = plan.sizes;
    const out = sizes[sizes.length - 1];
    const loops = loopsFor(plan.loops, a.memory)!;
    let dz = a.alloc([rows, out]);
    {
      const dv = a.view(dz);
      dv.fill(0);
      plan.requests.forEach((r, i) => {
        const yv = a.view(dys[i]);
        const base = r.k * n * out;
        if (r.column === undefined) for (let j = 0; j < n * out; j++) dv[base + j] += r.factor * yv[j];
        else for (let j = 0; j < n; j++) dv[base + j * out + r.column] += r.factor * yv[j];
      });
    }
    const grads: tf.TensorInfo[] = new Array(c + 2 * plan.layers);
    for (let l = plan.layers - 1; l >= 0; l--) {
      const [wIn, wOut] = [sizes[l], sizes[l + 1]];
      const { dw, db } = weightGradient(a, plan, n, scratch, layout, l, dz);
      grads[c + 2 * l] = dw;
      grads[c + 1 + 2 * l] = db;
      const fused = l > 0 && hostKernels() === null ? layerLoopsFor(plan.loops, wIn, wOut, a.memory) : null;
      if (fused !== null) {
        // The product by Wᵀ and the activation's adjoint in one sweep (wasm SIMD), no dh in between.
        const wT = transposedWeights(a, scratch, layout, l, wIn, wOut);
        const next = a.alloc([rows, wIn]);
        const sv = a.view(scratch);
        fused.backward(a.view(dz), a.view(wT), sv.subarray(layout.z[l - 1], layout.z[l - 1] + rows * wIn), a.view(next), n);
        a.free(wT);
        a.free(dz);
        dz = next;
        continue;
      }
      const dh = inputGradient(a, scratch, layout, l, wIn, wOut, dz);
      a.free(dz);
      if (l > 0) {
        dz = a.alloc([rows, wIn]);
        // h itself (not transposed) is recomputed by the compiled loop from z, which is cheaper than a transpose back.
        const zl = a.view(scratch).subarray(layout.z[l - 1], layout.z[l - 1] + rows * wIn);
        loops.backward(zl, a.view(dh), a.view(dz), n * wIn);
        a.free(dh);
      } else if (plan.jetInput) {
        // The stacked input jet's gradient is every row of dh: each coefficient of the input fed the pass.
        grads[0] = dh;
      } else {
        // Coefficient 0's rows are d/dpoints; each input block's columns of them are its gradient.
        let offset = 0;
        for (let j = 0; j < c; j++) {
          const w = plan.blocks[j];
          const dx = a.alloc([n, w]);
          const [dxv, dhv] = [a.view(dx), a.view(dh)];
          for (let i = 0; i < n; i++) for (let q = 0; q < w; q++) dxv[i * w + q] = dhv[i * wIn + offset + q];
          grads[j] = dx;
          offset += w;
        }
        a.free(dh);
      }
    }
    return grads;
  };
}

/** Layer l's Wᵀ [wOut,wIn] from the weights kept in the scratch tensor: a loop over a few hundred numbers, cheaper than a Transpose kernel call. */
function transposedWeights(a: BackendArrays, scratch: tf.TensorInfo, layout: ScratchLayout, l: number, wIn: number, wOut: number): tf.TensorInfo {
  const wT = a.alloc([wOut, wIn]);
  const [tv, sv] = [a.view(wT), a.view(scratch)];
  const at = layout.weights[l];
  for (let i = 0; i < wIn; i++) for (let j = 0; j < wOut; j++) tv[j * wIn + i] = sv[at + i * wOut + j];
  return wT;
}

/** dh = dz Wᵀ [K*N,wIn]: by the host BLAS straight from the weights kept in the scratch tensor, else by the backend's product with a transposed copy. */
function inputGradient(a: BackendArrays, scratch: tf.TensorInfo, layout: ScratchLayout, l: number, wIn: number, wOut: number, dz: tf.TensorInfo): tf.TensorInfo {
  const gemm = hostKernels();
  if (gemm === null) {
    const wT = transposedWeights(a, scratch, layout, l, wIn, wOut);
    const dh = a.matMul(dz, wT);
    a.free(wT);
    return dh;
  }
  const dh = a.alloc([dz.shape[0], wIn]);
  const at = layout.weights[l];
  // Views only after the alloc: growing the wasm heap detaches earlier ones.
  gemm.gemm(false, true, dz.shape[0], wIn, wOut, a.view(dz), a.view(scratch).subarray(at, at + wIn * wOut), a.view(dh), 0);
  return dh;
}

let ones = new Float32Array(0);

/** A row of n ones for the host's products (outside the wasm heap: the host reads any Float32Array), grown as needed. */
function onesOf(n: number): Float32Array {
  if (ones.length < n) ones = new Float32Array(Math.max(n, 2 * ones.length)).fill(1);
  return ones;
}

/** db = the column sums of dz's first n rows (the bias enters coefficient 0 only). */
function biasGradient(dbv: Float32Array, dv: Float32Array, n: number, wOut: number): void {
  dbv.fill(0);
  for (let i = 0; i < n * wOut; i += wOut) for (let c = 0; c < wOut; c++) dbv[c] += dv[i + c];
}

/**
 * Layer l's dw = hᵀ dz (h its input jet [K*N,wIn]) and db = the column sums of
 * dz's first N rows (the bias enters coefficient 0 only): the host BLAS where
 * one is installed, one SIMD loop on wasm, else a transpose, the backend's matMul
 * and a JavaScript sum.
 */
function weightGradient(
  a: BackendArrays,
  plan: Plan,
  n: number,
  scratch: tf.TensorInfo,
  layout: ScratchLayout,
  l: number,
  dz: tf.TensorInfo,
): { dw: tf.TensorInfo; db: tf.TensorInfo } {
  const [wIn, wOut] = [plan.sizes[l], plan.sizes[l + 1]];
  const rows = plan.set.members.length * n;
  // Layer 0's input: the stacked input jet kept in the scratch tensor, or rebuilt from the points kept there.
  const h0 = l === 0 && !plan.jetInput ? inputJet(a, plan, n, (points) => points.set(a.view(scratch).subarray(layout.points, layout.points + n * wIn))) : undefined;
  const hView = () =>
    h0 !== undefined
      ? a.view(h0)
      : l === 0
        ? a.view(scratch).subarray(layout.points, layout.points + rows * wIn)
        : a.view(scratch).subarray(layout.h[l - 1], layout.h[l - 1] + rows * wIn);
  const dense = denseFor(a, wIn, wOut);
  const db = a.alloc([wOut]);
  let dw: tf.TensorInfo;
  const gemm = hostKernels();
  if (gemm !== null) {
    dw = a.alloc([wIn, wOut]);
    // dw = hᵀ dz by the host BLAS (it transposes h itself: no copy).
    const dv = a.view(dz);
    // db = 1ᵀ dz over coefficient 0's rows: a product too (a JavaScript loop was 4% of a step at N = 10,000).
    gemm.gemm(false, false, 1, wOut, n, onesOf(n), dv, a.view(db), 0);
    gemm.gemm(true, false, wIn, wOut, rows, hView(), dv, a.view(dw), 0);
  } else if (dense !== null) {
    dw = a.alloc([wIn, wOut]);
    // Views only after the last alloc: growing the wasm heap detaches earlier ones.
    dense.weightGrad(hView(), a.view(dz), a.view(dw), a.view(db), rows, n);
  } else {
    biasGradient(a.view(db), a.view(dz), n, wOut);
    let h = h0;
    if (h === undefined) {
      h = a.alloc([rows, wIn]);
      a.view(h).set(hView());
    }
    const hT = a.transpose(h);
    a.free(h);
    dw = a.matMul(hT, dz);
    a.free(hT);
    return { dw, db };
  }
  if (h0 !== undefined) a.free(h0);
  return { dw, db };
}
