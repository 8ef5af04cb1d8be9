import * as tf from '@tensorflow/tfjs';

import { jetMatMul } from './mat_mul.js';

/** A matrix value of a jet: a tf.Tensor, or a plain array value on the cpu fast path. */
export interface Value {
  readonly shape: number[];
}

/** Unary functions the activation rules need for coefficient 0. */
export type UnaryName = 'sigmoid' | 'tanh' | 'sin' | 'cos' | 'exp' | 'erf' | 'softplus';

/**
 * The few matrix operations a jet pass is made of. Binary operations
 * broadcast a [1,w] row over [N,w] and take numbers as scalars.
 */
export interface JetOps<V extends Value = Value> {
  /** Whether the values are tf tensors (differentiable) rather than plain arrays. */
  readonly tensors: boolean;
  mul(a: V, b: V | number): V;
  add(a: V, b: V | number): V;
  /** The sum of values of one shape. */
  addN(terms: V[]): V;
  sub(a: V | number, b: V): V;
  neg(a: V): V;
  square(a: V): V;
  unary(name: UnaryName, a: V): V;
  /** a [M,k] times w [k,n]. */
  matMul(a: V, w: V): V;
  /** a [M,n] plus a bias b [n] on every row. */
  addBias(a: V, b: V): V;
  /** A [1,k] row of numbers. */
  row(values: readonly number[]): V;
  /** a with n rows, repeating a [1,w] row. */
  fullRows(a: V, n: number): V;
  /** Column j of a, [M,1]. */
  column(a: V, j: number): V;
  /** An [n,w] matrix of zeros. */
  zeros(n: number, w: number): V;
}

/** tf ops: differentiable, any backend, tensors owned by the caller's tf scope. */
export const TF_OPS: JetOps<tf.Tensor> = {
  tensors: true,
  mul: (a, b) => tf.mul(a, b),
  add: (a, b) => tf.add(a, b),
  addN: (terms) => (terms.length === 1 ? terms[0] : tf.addN(terms)),
  sub: (a, b) => tf.sub(a, b),
  neg: (a) => tf.neg(a),
  square: (a) => tf.square(a),
  unary: (name, a) => {
    if (name === 'tanh' && tf.getBackend() === 'wasm') {
      // tfjs's wasm Tanh kernel is scalar, about ten times slower than its Sigmoid.
      return tf.sub(tf.mul(tf.sigmoid(tf.mul(a, 2)), 2), 1);
    }
    return tf[name](a);
  },
  matMul: (a, w) => jetMatMul(a as tf.Tensor2D, w as tf.Tensor2D),
  addBias: (a, b) => tf.add(a, b),
  row: (values) => tf.tensor2d([values as number[]]),
  fullRows: (a, n) => (a.shape[0] === n ? a : tf.broadcastTo(a, [n, ...a.shape.slice(1)])),
  column: (a, j) => (a.shape[1] === 1 ? a : tf.slice(a, [0, j], [a.shape[0], 1])),
  zeros: (n, w) => tf.zeros([n, w]),
};
