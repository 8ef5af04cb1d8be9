import { Jet, integrate } from '../jet.js';

/** sin and cos as a pair: sin' = cos z', cos' = -sin z'. Returns the sin jet. */
export function sinJet(z: Jet): Jet {
  const ops = z.ops;
  const negSin = new Jet(ops, z.set, (g) => {
    const c = sin.at(g);
    return c === null ? null : ops.neg(c);
  });
  const cos = integrate(z, negSin, () => ops.unary('cos', z.value()));
  const sin = integrate(z, cos, () => ops.unary('sin', z.value()));
  return sin;
}
