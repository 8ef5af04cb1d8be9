import * as tf from '@tensorflow/tfjs';

import { BackendArrays } from '../../internals/backend_arrays.js';
import { degree } from '../multi_index.js';
import { Plan } from './plan.js';

/** Offsets in floats into the scratch tensor; see {@link scratchLayout}. */
export interface ScratchLayout {
  /** The points [N,in], interleaved; with a stacked input jet, all of it [K*N,in]. */
  points: number;
  /** Each layer's weights [in,out], as they were when the pass ran. */
  weights: number[];
  /** Each hidden layer's z [K*N,w] and h [K*N,w]. */
  z: number[];
  h: number[];
  size: number;
}

/**
 * Where a taped forward pass keeps what its gradient reads: the points, the weights, each hidden layer's
 * z and h. One tensor, so the tape saves one more input, not two per layer.
 */
export function scratchLayout(plan: Plan, n: number): ScratchLayout {
  const rows = plan.set.members.length * n;
  const sizes = plan.sizes;
  const layout: ScratchLayout = { points: 0, weights: [], z: [], h: [], size: (plan.jetInput ? rows : n) * sizes[0] };
  for (let l = 0; l < plan.layers; l++) {
    layout.weights.push(layout.size);
    layout.size += sizes[l] * sizes[l + 1];
  }
  for (let l = 0; l < plan.layers - 1; l++) {
    layout.z.push(layout.size);
    layout.h.push(layout.size + rows * sizes[l + 1]);
    layout.size += 2 * rows * sizes[l + 1];
  }
  return layout;
}

/** The points [N,in]: the column blocks interleaved into `out`. */
export function interleave(a: BackendArrays, columns: tf.TensorInfo[], out: Float32Array): void {
  const n = columns[0].shape[0];
  const width0 = columns.reduce((w, column) => w + column.shape[1], 0);
  if (columns.length === 1) {
    out.set(a.view(columns[0]).subarray(0, n * width0));
    return;
  }
  let offset = 0;
  for (const column of columns) {
    const [cv, w] = [a.view(column), column.shape[1]];
    for (let i = 0; i < n; i++) for (let q = 0; q < w; q++) out[i * width0 + offset + q] = cv[i * w + q];
    offset += w;
  }
}

/**
 * Layer 0's input jet, stacked: the points (written by `writePoints` into the first N rows), then each
 * direction as a constant block, zeros above degree 1.
 */
export function inputJet(a: BackendArrays, plan: Plan, n: number, writePoints: (rows: Float32Array) => void): tf.TensorInfo {
  const width0 = plan.sizes[0];
  const h = a.alloc([plan.set.members.length * n, width0]);
  const hv = a.view(h);
  writePoints(hv.subarray(0, n * width0));
  plan.set.members.forEach((alpha, j) => {
    if (j === 0) return;
    const block = hv.subarray(j * n * width0, (j + 1) * n * width0);
    if (degree(alpha) !== 1) {
      block.fill(0);
      return;
    }
    const dir = plan.directions[alpha.findIndex((x) => x === 1)];
    for (let c = 0; c < width0; c++) {
      const v = dir[c];
      for (let i = c; i < n * width0; i += width0) block[i] = v;
    }
  });
  return h;
}
