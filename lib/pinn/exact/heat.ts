/**
 * Heat equation u_t = α u_xx on x ∈ [0, L] with u(0, x) = sin(kπx/L) and u = 0
 * at both ends: u = exp(-α (kπ/L)² t) sin(kπx/L).
 *
 * @example
 * heatExact(0.5, 0, 0.1); // sin(π/2) = 1
 * heatExact(0.5, 1, 0.1); // exp(-0.1 π²)
 */
export function heatExact(x: number, t: number, alpha: number, length = 1, mode = 1): number {
  const k = (mode * Math.PI) / length;
  return Math.exp(-alpha * k * k * t) * Math.sin(k * x);
}
