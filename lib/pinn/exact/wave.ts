/**
 * Wave equation u_tt = c² u_xx on x ∈ [0, 1], u = 0 at both ends,
 * u(0, x) = sin(πx) + a sin(kπx), u_t(0, x) = 0 (d'Alembert, standing waves):
 * u = sin(πx) cos(cπt) + a sin(kπx) cos(kcπt).
 *
 * @example
 * waveExact(0.5, 0, 1); // 1
 * waveExact(0.5, 1, 1); // cos(π) = -1
 */
export function waveExact(x: number, t: number, c: number, a = 0, k = 2): number {
  return Math.sin(Math.PI * x) * Math.cos(c * Math.PI * t) + a * Math.sin(k * Math.PI * x) * Math.cos(k * c * Math.PI * t);
}
