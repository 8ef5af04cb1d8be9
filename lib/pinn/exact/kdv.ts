/**
 * The single soliton of KdV u_t + 6 u u_x + u_xxx = 0:
 * u = (c/2) sech²(√c (x - ct - x0) / 2), travelling right at speed c.
 *
 * @example
 * kdvSoliton(0, 0, 1, 0); // 0.5 (the crest)
 * kdvSoliton(1, 1, 1, 0); // 0.5 (one time unit later, one unit right)
 */
export function kdvSoliton(x: number, t: number, c: number, x0 = 0): number {
  const s = 1 / Math.cosh((Math.sqrt(c) * (x - c * t - x0)) / 2);
  return (c / 2) * s * s;
}
