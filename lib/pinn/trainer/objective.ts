import * as tf from '@tensorflow/tfjs';

import { PointwiseModel } from '../../derivatives/index.js';
import { dropTapeAfterError } from '../../internals/engine.js';
import { TensorBatch } from '../batch.js';
import { LossWeights, lossParts } from '../loss.js';
import { Problem } from '../types.js';

/** The loss at the current parameters, its parts read back, and one gradient per parameter tensor. */
export interface LossAndGrads {
  loss: number;
  parts: Record<string, number>;
  /** grads[i] belongs to params[i] (zeros where the loss does not depend on it); the caller disposes them. */
  grads: tf.Tensor[];
}

/**
 * The loss and its gradients with respect to `params` (the trained tensors, in order).
 * `k` gives the problem's trainable parameter values; it is called inside the
 * recorded loss so that gradients reach their raw variables.
 *
 * @example
 * const { loss, grads } = lossAndGrads(problem, net, batch, weights, net.variables);
 * grads.forEach((g) => g.dispose());
 */
export function lossAndGrads(problem: Problem, net: PointwiseModel, batch: TensorBatch, weights: LossWeights, params: tf.Variable[], k: () => Record<string, tf.Scalar> = () => ({})): LossAndGrads {
  let kept: Record<string, tf.Scalar> = {};
  let result: { value: tf.Scalar; grads: tf.NamedTensorMap };
  try {
    result = tf.variableGrads(() => {
      const { total, parts } = lossParts(problem, net, batch, weights, k());
      kept = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, tf.keep(v)]));
      return total;
    }, params);
  } catch (error) {
    // tfjs leaves the tape (and the tensors saved on it) behind after an error in the loss; a failed step must not leak.
    Object.values(kept).forEach((v) => v.dispose());
    dropTapeAfterError();
    throw error;
  }
  const { value, grads } = result;
  const loss = value.dataSync()[0];
  value.dispose();
  const parts = Object.fromEntries(Object.entries(kept).map(([k, v]) => [k, v.dataSync()[0]]));
  Object.values(kept).forEach((v) => v.dispose());
  // A parameter the loss does not reach (the output bias of a pure-Neumann problem) has gradient zero.
  return { loss, parts, grads: params.map((v) => grads[v.name] ?? tf.zerosLike(v)) };
}

/**
 * Whether every gradient entry is finite (no NaN, no ±Infinity); one number read back.
 *
 * @example
 * gradientsFinite([tf.tensor([1, 2])]); // true
 * gradientsFinite([tf.tensor([1, NaN])]); // false
 */
export function gradientsFinite(grads: tf.Tensor[]): boolean {
  if (grads.length === 0) return true;
  return tf.tidy(() => tf.min(tf.stack(grads.map((g) => tf.min(tf.cast(tf.isFinite(g), 'float32'))))).dataSync()[0] === 1);
}

/**
 * The tensors as one flat Float64 vector (in order, each flattened row-major).
 *
 * @example
 * const x = flatValues(net.variables);
 * setFlatValues(net.variables, x); // no change
 */
export function flatValues(tensors: tf.Tensor[]): Float64Array {
  return Float64Array.from(tf.tidy(() => tf.concat(tensors.map((v) => v.reshape([-1]))).dataSync()));
}

/**
 * Writes a flat vector from {@link flatValues} back into the variables (as float32).
 *
 * @example
 * const x = flatValues(net.variables);
 * setFlatValues(net.variables, x); // no change
 */
export function setFlatValues(vars: tf.Variable[], x: Float64Array): void {
  let at = 0;
  tf.tidy(() => {
    for (const v of vars) {
      v.assign(tf.tensor(Float32Array.from(x.subarray(at, at + v.size)), v.shape, 'float32'));
      at += v.size;
    }
  });
}
