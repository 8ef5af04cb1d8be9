import { Jet, combine, integrate, isZero, squareTerms } from '../jet.js';
import type { Value } from '../ops.js';

/**
 * sigmoid: y' = (y - y^2) z'. The two terms linear in y_g, y_g and -2 y_0 y_g,
 * are one product (1 - 2 y_0) y_g.
 */
export function sigmoidJet(z: Jet): Jet {
  const ops = z.ops;
  let slope: Value | undefined;
  const s = new Jet(ops, z.set, (g) => {
    const y0 = y.value();
    if (isZero(g)) return ops.mul(y0, ops.sub(1, y0));
    const terms = squareTerms(y, g, -1, false);
    const yg = y.at(g);
    if (yg !== null) {
      slope ??= ops.sub(1, ops.mul(y0, 2));
      terms.plus.push(ops.mul(slope, yg));
    }
    return combine(ops, terms);
  });
  const y = integrate(z, s, () => ops.unary('sigmoid', z.value()));
  return y;
}
