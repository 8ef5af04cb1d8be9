import * as tf from '@tensorflow/tfjs';

import { Jet, integrate, product, productAt } from '../jet.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Exact (erf) GELU: y = z Phi(z) with Phi' = phi(z) z' and phi' = -z phi z',
 * phi the standard normal density: three chained recurrences, no erf derivatives.
 */
export function geluJet(z: Jet): Jet {
  const minusZPhi = new Jet(z.set, (g) => productAt(z, phi, g, -1));
  const phi = integrate(z, minusZPhi, () => tf.mul(tf.exp(tf.mul(tf.square(z.value()), -0.5)), INV_SQRT_2PI));
  const cdf = integrate(z, phi, () => tf.mul(tf.add(tf.erf(tf.mul(z.value(), Math.SQRT1_2)), 1), 0.5));
  return product(z, cdf);
}
