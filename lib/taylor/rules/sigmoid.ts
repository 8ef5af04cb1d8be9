import * as tf from '@tensorflow/tfjs';

import { Jet, integrate, isZero, squareTerms, combine } from '../jet.js';

/**
 * sigmoid: y' = (y - y^2) z'. The two terms linear in y_g, y_g and -2 y_0 y_g,
 * are one product (1 - 2 y_0) y_g.
 */
export function sigmoidJet(z: Jet): Jet {
  let slope: tf.Tensor | undefined;
  const s = new Jet(z.set, (g) => {
    const y0 = y.value();
    if (isZero(g)) return tf.mul(y0, tf.sub(1, y0));
    const terms = squareTerms(y, g, -1, false);
    const yg = y.at(g);
    if (yg !== null) {
      slope ??= tf.sub(1, tf.mul(y0, 2));
      terms.plus.push(tf.mul(slope, yg));
    }
    return combine(terms);
  });
  const y = integrate(z, s, () => tf.sigmoid(z.value()));
  return y;
}
