import * as tf from '@tensorflow/tfjs';

import { Jet, combine, integrate, isZero, squareTerms } from '../jet.js';

/**
 * tanh: y' = (1 - y^2) z'.
 *
 * On wasm the value is 2 sigmoid(2z) - 1: tfjs's wasm Tanh kernel is scalar
 * and about ten times slower than its Sigmoid; they agree to float32 rounding.
 */
export function tanhJet(z: Jet): Jet {
  const s = new Jet(z.set, (g) => (isZero(g) ? tf.sub(1, tf.square(y.value())) : combine(squareTerms(y, g, -1, true))));
  const y = integrate(z, s, () => tanhValue(z.value()));
  return y;
}

function tanhValue(z: tf.Tensor): tf.Tensor {
  if (tf.getBackend() !== 'wasm') return tf.tanh(z);
  return tf.sub(tf.mul(tf.sigmoid(tf.mul(z, 2)), 2), 1);
}
