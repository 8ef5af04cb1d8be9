import * as tf from '@tensorflow/tfjs';

import { Jet, integrate, isZero, productAt } from '../jet.js';

/**
 * tanh: y' = (1 - y^2) z'.
 *
 * The value is 2 sigmoid(2z) - 1: tfjs's wasm Tanh kernel is scalar and about
 * ten times slower than its Sigmoid, and the two agree to float32 rounding.
 */
export function tanhJet(z: Jet): Jet {
  const y = integrate(z, new Jet(z.set, (g) => (isZero(g) ? tf.sub(1, tf.square(y.value())) : productAt(y, y, g, -1))), () =>
    tf.sub(tf.mul(tf.sigmoid(tf.mul(z.value(), 2)), 2), 1),
  );
  return y;
}
