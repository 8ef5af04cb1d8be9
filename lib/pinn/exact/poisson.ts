/**
 * Manufactured solution of -Δu = f on [0,1]²: u = sin(πx) sin(2πy),
 * so f = 5π² u; u = 0 on all four sides and u_y(x, 1) = 2π sin(πx).
 *
 * @example
 * poissonExact(0.5, 0.25); // 1
 * poissonSource(0.5, 0.25); // 5π²
 */
export function poissonExact(x: number, y: number): number {
  return Math.sin(Math.PI * x) * Math.sin(2 * Math.PI * y);
}

/**
 * The source f = -Δu of {@link poissonExact}.
 *
 * @example
 * poissonSource(0.5, 0.25); // 5π²
 * poissonSource(0, 0.3); // 0
 */
export function poissonSource(x: number, y: number): number {
  return 5 * Math.PI * Math.PI * poissonExact(x, y);
}
