import { Jet, integrate } from '../jet.js';
import { sigmoidJet } from './sigmoid.js';

/** softplus: y' = sigmoid(z) z', so one order of the sigmoid jet less than y. */
export function softplusJet(z: Jet): Jet {
  return integrate(z, sigmoidJet(z), () => z.ops.unary('softplus', z.value()));
}
