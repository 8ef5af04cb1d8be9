/**
 * Manufactured solution of −Δu = f on the unit disk with u = 0 on the circle:
 * u = (1 − x² − y²) sin(πx) cos(πy).
 *
 * @example
 * poissonDiskExact(0.5, 0); // 0.75
 * poissonDiskExact(1, 0); // 0 (on the circle)
 */
export function poissonDiskExact(x: number, y: number): number {
  return (1 - x * x - y * y) * Math.sin(Math.PI * x) * Math.cos(Math.PI * y);
}

/**
 * The source f = −Δu of {@link poissonDiskExact}: with w = 1 − r² and s = sin πx cos πy,
 * f = 4s + 4πx cos πx cos πy − 4πy sin πx sin πy + 2π² w s.
 *
 * @example
 * poissonDiskSource(0, 0); // 0
 * poissonDiskSource(0.5, 0); // 4 + 1.5π²
 */
export function poissonDiskSource(x: number, y: number): number {
  const pi = Math.PI;
  const s = Math.sin(pi * x) * Math.cos(pi * y);
  const w = 1 - x * x - y * y;
  return 4 * s + 4 * pi * x * Math.cos(pi * x) * Math.cos(pi * y) - 4 * pi * y * Math.sin(pi * x) * Math.sin(pi * y) + 2 * pi * pi * w * s;
}
