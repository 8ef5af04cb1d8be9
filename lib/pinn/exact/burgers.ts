import { gaussHermite } from './gauss_hermite.js';

/**
 * Default viscosity of the benchmark: 0.01/π.
 *
 * @example
 * burgersExact(0, 0.5, BURGERS_NU).u; // 0 (odd in x)
 * BURGERS_NU * Math.PI; // 0.01
 */
export const BURGERS_NU = 0.01 / Math.PI;

const cache = new Map<number, { nodes: Float64Array; weights: Float64Array }>();
function rule(n: number) {
  if (!cache.has(n)) cache.set(n, gaussHermite(n));
  return cache.get(n)!;
}

/**
 * The exact solution of viscous Burgers u_t + u u_x = ν u_xx with
 * u(0, x) = -sin(πx), u(t, ±1) = 0, by the Cole-Hopf transform:
 * u = -∫ sin(π y) f(y) e^{-z²} dz / ∫ f(y) e^{-z²} dz, y = x - √(4νt) z,
 * f(y) = exp(-cos(πy) / (2πν)), by Gauss-Hermite quadrature with `n` nodes
 * (log-sum-exp scaling keeps exp(±1/(2πν)) finite). Returns u and u_x.
 *
 * @example
 * burgersExact(0, 1 / Math.PI).ux; // ≈ -152.005 (the steepest slope)
 * burgersExact(0.5, 0).u; // -sin(π/2) = -1
 */
export function burgersExact(x: number, t: number, nu = BURGERS_NU, n = 120): {
  /** u(x, t). */
  u: number;
  /** ∂u/∂x at (x, t). */
  ux: number;
} {
  if (!(t >= 0)) throw new Error(`Argument 't' passed to 'burgersExact' must be >= 0, but got ${t}.`);
  if (t === 0) return { u: -Math.sin(Math.PI * x), ux: -Math.PI * Math.cos(Math.PI * x) };
  const { nodes, weights } = rule(n);
  const s = Math.sqrt(4 * nu * t);
  const k = 1 / (2 * Math.PI * nu);
  let max = -Infinity;
  const logs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    logs[i] = -Math.cos(Math.PI * (x - s * nodes[i])) * k;
    max = Math.max(max, logs[i]);
  }
  // N = ∫ sin(πy) f, D = ∫ f, and their x-derivatives (f' = f · π k sin(πy)).
  let num = 0;
  let den = 0;
  let dnum = 0;
  let dden = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i] * Math.exp(logs[i] - max);
    if (w === 0) continue;
    const y = x - s * nodes[i];
    const sn = Math.sin(Math.PI * y);
    const cs = Math.cos(Math.PI * y);
    num += w * sn;
    den += w;
    dnum += w * (Math.PI * cs + sn * sn * Math.PI * k);
    dden += w * sn * Math.PI * k;
  }
  return { u: -num / den, ux: -(dnum * den - num * dden) / (den * den) };
}
