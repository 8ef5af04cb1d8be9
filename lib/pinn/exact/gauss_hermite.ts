/**
 * Gauss-Hermite nodes and weights for ∫ f(z) exp(-z²) dz ≈ Σ w_i f(z_i), by
 * Newton's method on the normalised Hermite recurrence (Numerical Recipes' gauher),
 * stable up to 150 nodes (beyond, the unscaled polynomials overflow at the outer nodes).
 *
 * @example
 * const { nodes, weights } = gaussHermite(20);
 * weights.reduce((a, b) => a + b); // √π
 */
export function gaussHermite(n: number): { nodes: Float64Array; weights: Float64Array } {
  if (!Number.isInteger(n) || n < 1 || n > 150) throw new Error(`Argument 'n' passed to 'gaussHermite' must be an integer in 1..150, but got ${n}.`);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const pim4 = Math.PI ** -0.25;
  const m = Math.floor((n + 1) / 2);
  let z = 0;
  for (let i = 0; i < m; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * (2 * n + 1) ** -0.16667;
    else if (i === 1) z -= (1.14 * n ** 0.426) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * nodes[0];
    else if (i === 3) z = 1.91 * z - 0.91 * nodes[1];
    else z = 2 * z - nodes[i - 2];
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = pim4;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    nodes[i] = z;
    nodes[n - 1 - i] = -z;
    weights[i] = 2 / (pp * pp);
    weights[n - 1 - i] = weights[i];
  }
  // Ascending order.
  nodes.reverse();
  weights.reverse();
  return { nodes, weights };
}
