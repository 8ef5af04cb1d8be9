import * as tf from '@tensorflow/tfjs';

import { ActivationName, activation } from '../activations.js';

/**
 * The operations a {@link Network}'s pass is written in, over values V: [N,w] tensors for its forward
 * pass, or Taylor jets of them for Taylor mode (lib/taylor supplies that algebra). Writing the pass once
 * against this interface keeps the two from drifting apart.
 */
export interface NetworkAlgebra<V> {
  /** h W (+ b) for W [in,out], b [out]. */
  linear(h: V, w: tf.Tensor2D, b?: tf.Tensor1D): V;
  /** The named activation, elementwise. */
  activate(h: V, name: ActivationName): V;
  /** sin, elementwise (the embeddings' cos and sin are sin with a phase). */
  sin(h: V): V;
  /** a ⊙ b, elementwise, equal shapes. */
  mul(a: V, b: V): V;
  /** a + b, elementwise, equal shapes. */
  add(a: V, b: V): V;
  /** a - b, elementwise, equal shapes. */
  sub(a: V, b: V): V;
  /** h times a scalar tensor (a trainable gate). */
  scale(h: V, s: tf.Tensor): V;
  /** The values side by side, [N, w1 + w2 + ...]. */
  concat(parts: V[]): V;
}

/**
 * The algebra of plain tensors: a network's forward pass.
 *
 * @example
 * network.pass(TENSOR_ALGEBRA, points); // [N, out]
 */
export const TENSOR_ALGEBRA: NetworkAlgebra<tf.Tensor2D> = {
  linear: (h, w, b) => (b === undefined ? tf.matMul(h, w) : tf.add(tf.matMul(h, w), b)),
  activate: (h, name) => activation(name)(h) as tf.Tensor2D,
  sin: (h) => tf.sin(h),
  mul: (a, b) => tf.mul(a, b),
  add: (a, b) => tf.add(a, b),
  sub: (a, b) => tf.sub(a, b),
  scale: (h, s) => tf.mul(h, s),
  concat: (parts) => (parts.length === 1 ? parts[0] : tf.concat(parts, 1)),
};
