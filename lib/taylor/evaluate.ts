import * as tf from '@tensorflow/tfjs';

import { gradientDepth } from '../internals/index.js';
import { MLP, Network } from '../models/index.js';
import { ARRAY_OPS, ArrayValue, withArena } from './array_ops.js';
import { fusedJet } from './fused/fused_jet.js';
import { Jet } from './jet.js';
import { IndexSet, MultiIndex, closure, factorial } from './multi_index.js';
import { JetOps, TF_OPS, Value } from './ops.js';
import { fusedNetworkJet, networkJet } from './network_jet.js';
import { JetLayers, mlpJet } from './pass.js';

/** One derivative to read off a jet: d^alpha u, all output columns or one. */
export interface JetRequest {
  alpha: MultiIndex;
  /** Output column to keep; all columns when undefined. */
  column?: number;
}

/**
 * The requested derivatives of an MLP at the points whose coordinates are
 * `columns` (blocks [N,w_j] side by side, in the model's input order) by one jet pass
 * over the downward closure of their multi-indices: coefficient alpha times
 * alpha!, as [N,1] (one column) or [N,out] tensors.
 *
 * When nothing records gradients and the backend is 'cpu', the pass runs on
 * plain typed arrays (same numbers, far fewer per-op costs); otherwise it is
 * made of tf ops, differentiable to any order.
 */
export function evaluateJet(net: MLP | Network, columns: readonly tf.Tensor2D[], directions: readonly (readonly number[])[], requests: readonly JetRequest[]): tf.Tensor2D[] {
  const set = closure(directions.length, requests.map((r) => r.alpha));
  const n = columns[0].shape[0];
  const joined = () => (columns.length === 1 ? columns[0] : (tf.concat(columns as tf.Tensor2D[], 1) as tf.Tensor2D));
  if (net instanceof Network) {
    // The general networks take the tf-op jet: an embedding, gates and factorised weights are compositions of
    // jet rules, not the fused kernel's fixed dense-activation chain.
    const points = joined();
    const fused = fusedNetworkJet(net, points, directions, set, requests);
    if (fused !== undefined) return fused;
    const jet = networkJet(net, points, directions, set);
    return requests.map((request) => readOff(TF_OPS as unknown as JetOps, jet, request, n, net.outputWidth) as tf.Tensor2D);
  }
  const plain = tf.getBackend() === 'cpu' && !tapeOn();
  if (plain) return evaluatePlain(net, joined(), directions, requests, set);
  const fused = fusedJet(net, columns, directions, set, requests);
  if (fused !== undefined) return fused;
  const points = joined();
  const jet = mlpJet(TF_OPS as unknown as JetOps, net, points, directions, set);
  return requests.map((request) => readOff(TF_OPS as unknown as JetOps, jet, request, n, outWidth(net)) as tf.Tensor2D);
}

/** Rows per block of the array path: its buffers stay small and are reused block after block. */
const BLOCK_ROWS = 2048;

/** The array path, in blocks of rows (every row's derivatives depend on that row alone). */
function evaluatePlain(net: MLP, points: tf.Tensor2D, directions: readonly (readonly number[])[], requests: readonly JetRequest[], set: IndexSet): tf.Tensor2D[] {
  const [n, width] = [points.shape[0], points.shape[1]];
  const out = outWidth(net);
  const layers: JetLayers = { activation: net.activation, weights: net.weights.map(asArray), biases: net.biases.map(asArray) };
  const data = points.dataSync() as Float32Array;
  const results = requests.map((r) => new Float32Array(n * (r.column === undefined ? out : 1)));
  for (let start = 0; start < n; start += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, n - start);
    withArena(() => {
      const block = new ArrayValue([rows, width], data.subarray(start * width, (start + rows) * width));
      const jet = mlpJet(ARRAY_OPS as unknown as JetOps, layers, block, directions, set);
      requests.forEach((request, i) => {
        const value = readOff(ARRAY_OPS as unknown as JetOps, jet, request, rows, out) as ArrayValue;
        results[i].set(value.data.subarray(0, value.shape[0] * value.shape[1]), start * value.shape[1]);
      });
    });
  }
  return results.map((r, i) => tf.tensor2d(r, [n, requests[i].column === undefined ? out : 1]));
}

/** d^alpha u = alpha! times coefficient alpha, one column or all, with every row. */
function readOff(ops: JetOps, jet: Jet, { alpha, column }: JetRequest, n: number, out: number): Value {
  const c = jet.at(alpha);
  if (c === null) return ops.zeros(n, column === undefined ? out : 1);
  const picked = column === undefined ? c : ops.column(c, column);
  const f = factorial(alpha);
  return ops.fullRows(f === 1 ? picked : ops.mul(picked, f), n);
}

function outWidth(net: MLP): number {
  return net.sizes[net.sizes.length - 1];
}

function asArray(t: tf.Tensor): ArrayValue {
  const shape: [number, number] = t.rank === 1 ? [1, t.shape[0]] : [t.shape[0], t.shape[1] as number];
  return new ArrayValue(shape, t.dataSync() as Float32Array);
}

function tapeOn(): boolean {
  return gradientDepth() > 0;
}
