/**
 * Manufactured clamped-clamped Euler-Bernoulli beam EI w'''' = q on x ∈ [0,1]:
 * w = sin²(πx) = (1 - cos 2πx)/2 has w = w' = 0 at both ends and
 * w'''' = -8π⁴ cos(2πx), so q = -8π⁴ EI cos(2πx).
 *
 * @example
 * beamExact(0.5); // 1
 * beamLoad(0, 1); // -8π⁴
 */
export function beamExact(x: number): number {
  return Math.sin(Math.PI * x) ** 2;
}

/**
 * The load q of {@link beamExact} for stiffness EI.
 *
 * @example
 * beamLoad(0); // -8π⁴
 * beamLoad(0.25); // 0
 */
export function beamLoad(x: number, ei = 1): number {
  return -8 * Math.PI ** 4 * ei * Math.cos(2 * Math.PI * x);
}
