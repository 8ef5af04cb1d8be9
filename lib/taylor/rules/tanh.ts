import { Jet, combine, integrate, isZero, squareTerms } from '../jet.js';

/** tanh: y' = (1 - y^2) z'. */
export function tanhJet(z: Jet): Jet {
  const ops = z.ops;
  const s = new Jet(ops, z.set, (g) => (isZero(g) ? ops.sub(1, ops.square(y.value())) : combine(ops, squareTerms(y, g, -1, true))));
  const y = integrate(z, s, () => ops.unary('tanh', z.value()));
  return y;
}
