import { Jet, integrate, product, productAt } from '../jet.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Exact (erf) GELU: y = z Phi(z) with Phi' = phi(z) z' and phi' = -z phi z',
 * phi the standard normal density: three chained recurrences, no erf derivatives.
 */
export function geluJet(z: Jet): Jet {
  const ops = z.ops;
  const minusZPhi = new Jet(ops, z.set, (g) => productAt(z, phi, g, -1));
  const phi = integrate(z, minusZPhi, () => ops.mul(ops.unary('exp', ops.mul(ops.square(z.value()), -0.5)), INV_SQRT_2PI));
  const cdf = integrate(z, phi, () => ops.mul(ops.add(ops.unary('erf', ops.mul(z.value(), Math.SQRT1_2)), 1), 0.5));
  return product(z, cdf);
}
