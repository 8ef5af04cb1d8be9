import * as tf from '@tensorflow/tfjs';

import { Jet, integrate } from '../jet.js';

/** sin and cos as a pair: sin' = cos z', cos' = -sin z'. Returns the sin jet. */
export function sinJet(z: Jet): Jet {
  const negSin = new Jet(z.set, (g) => {
    const c = sin.at(g);
    return c === null ? null : tf.neg(c);
  });
  const cos = integrate(z, negSin, () => tf.cos(z.value()));
  const sin = integrate(z, cos, () => tf.sin(z.value()));
  return sin;
}
