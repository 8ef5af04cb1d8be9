/**
 * Kovasznay's (1948) exact steady Navier-Stokes flow behind a grid at
 * Reynolds number Re: with λ = Re/2 − √(Re²/4 + 4π²),
 * u = 1 − e^{λx} cos 2πy, v = λ/(2π) e^{λx} sin 2πy, p = (1 − e^{2λx})/2.
 *
 * @example
 * kovasznayExact(0, 0, 20); // {u: 0, v: 0, p: 0}
 * kovasznayExact(1, 0.25, 20).u; // 1
 */
export function kovasznayExact(x: number, y: number, re = 20): {
  /** The x-velocity. */
  u: number;
  /** The y-velocity. */
  v: number;
  /** The pressure. */
  p: number;
} {
  const lambda = re / 2 - Math.sqrt((re * re) / 4 + 4 * Math.PI * Math.PI);
  const e = Math.exp(lambda * x);
  return { u: 1 - e * Math.cos(2 * Math.PI * y), v: ((lambda / (2 * Math.PI)) * e) * Math.sin(2 * Math.PI * y), p: (1 - e * e) / 2 };
}

/**
 * λ of {@link kovasznayExact}: Re/2 − √(Re²/4 + 4π²).
 *
 * @example
 * kovasznayLambda(20); // about -1.8100
 * kovasznayLambda(40); // about -0.9637
 */
export function kovasznayLambda(re = 20): number {
  return re / 2 - Math.sqrt((re * re) / 4 + 4 * Math.PI * Math.PI);
}
