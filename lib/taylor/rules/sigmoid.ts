import * as tf from '@tensorflow/tfjs';

import { Jet, integrate, isZero, productAt, sumAll } from '../jet.js';

/** sigmoid: y' = (y - y^2) z'. */
export function sigmoidJet(z: Jet): Jet {
  const s = new Jet(z.set, (g) => {
    if (isZero(g)) return tf.mul(y.value(), tf.sub(1, y.value()));
    const yg = y.at(g);
    const sq = productAt(y, y, g, -1);
    if (yg === null) return sq;
    return sq === null ? yg : sumAll([yg, sq]);
  });
  const y = integrate(z, s, () => tf.sigmoid(z.value()));
  return y;
}
