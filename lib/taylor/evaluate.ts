import * as tf from '@tensorflow/tfjs';

import type { MLP } from '../models/index.js';
import { ARRAY_OPS, ArrayValue } from './array_ops.js';
import { MultiIndex, closure, factorial } from './multi_index.js';
import { JetOps, TF_OPS, Value } from './ops.js';
import { JetLayers, mlpJet } from './pass.js';

/** One derivative to read off a jet: d^alpha u, all output columns or one. */
export interface JetRequest {
  alpha: MultiIndex;
  /** Output column to keep; all columns when undefined. */
  column?: number;
}

/**
 * The requested derivatives of an MLP at `points` [N,in] by one jet pass
 * over the downward closure of their multi-indices: coefficient alpha times
 * alpha!, as [N,1] (one column) or [N,out] tensors.
 *
 * When nothing records gradients and the backend is 'cpu', the pass runs on
 * plain typed arrays (same numbers, far fewer per-op costs); otherwise it is
 * made of tf ops, differentiable to any order.
 */
export function evaluateJet(net: MLP, points: tf.Tensor2D, directions: readonly (readonly number[])[], requests: readonly JetRequest[]): tf.Tensor2D[] {
  const set = closure(directions.length, requests.map((r) => r.alpha));
  const n = points.shape[0];
  const out = net.sizes[net.sizes.length - 1];
  const plain = tf.getBackend() === 'cpu' && !tapeOn();
  const ops = (plain ? ARRAY_OPS : TF_OPS) as unknown as JetOps;
  const layers: JetLayers = plain
    ? { activation: net.activation, weights: net.weights.map(asArray), biases: net.biases.map(asArray) }
    : { activation: net.activation, weights: net.weights, biases: net.biases };
  const jet = mlpJet(ops, layers, plain ? asArray(points) : points, directions, set);
  return requests.map(({ alpha, column }) => {
    const c = jet.at(alpha);
    let result: Value;
    if (c === null) result = ops.zeros(n, column === undefined ? out : 1);
    else {
      const picked = column === undefined ? c : ops.column(c, column);
      const f = factorial(alpha);
      result = ops.fullRows(f === 1 ? picked : ops.mul(picked, f), n);
    }
    if (!plain) return result as tf.Tensor2D;
    const { shape, data } = result as ArrayValue;
    return tf.tensor2d(data, shape);
  });
}

function asArray(t: tf.Tensor): ArrayValue {
  const shape: [number, number] = t.rank === 1 ? [1, t.shape[0]] : [t.shape[0], t.shape[1] as number];
  return new ArrayValue(shape, t.dataSync() as Float32Array);
}

function tapeOn(): boolean {
  return (tf.engine() as unknown as { state: { gradientDepth: number } }).state.gradientDepth > 0;
}
