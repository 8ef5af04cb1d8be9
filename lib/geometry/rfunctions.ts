import * as tf from '@tensorflow/tfjs';

/**
 * R-conjunction (Rvachev's R0 system): positive exactly where all φ are
 * positive, zero where the smallest is zero, and of slope one across a
 * smooth part of the boundary: φ1 ∧ φ2 = φ1 + φ2 − √(φ1² + φ2²), folded.
 *
 * @example
 * rAnd([tf.sub(x, 0), tf.sub(1, x)]); // a distance to the ends of [0, 1]
 * rAnd([a]); // a
 */
export function rAnd(phis: tf.Tensor2D[]): tf.Tensor2D {
  return phis.reduce((a, b) => tf.sub(tf.add(a, b), tf.sqrt(tf.add(tf.square(a), tf.square(b)))) as tf.Tensor2D);
}

/**
 * R-disjunction: φ1 ∨ φ2 = φ1 + φ2 + √(φ1² + φ2²), positive where either is.
 *
 * @example
 * rOr([diskA, diskB]); // a distance for the union of two disks
 * rOr([a]); // a
 */
export function rOr(phis: tf.Tensor2D[]): tf.Tensor2D {
  return phis.reduce((a, b) => tf.add(tf.add(a, b), tf.sqrt(tf.add(tf.square(a), tf.square(b)))) as tf.Tensor2D);
}
