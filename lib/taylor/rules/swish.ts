import { Jet, product } from '../jet.js';
import { sigmoidJet } from './sigmoid.js';

/** swish: y = z sigmoid(z), a Cauchy product of two jets. */
export function swishJet(z: Jet): Jet {
  return product(z, sigmoidJet(z));
}
