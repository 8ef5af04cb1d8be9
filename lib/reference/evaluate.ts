/**
 * Writes the trigonometric interpolant of the spectrum `v` (interleaved
 * complex, modes j = 0 .. n/2 of n, v_{n/2} real) at each point of `x` to
 * `out[offset + i * stride]`: u(x) = (1/n) (Σ_{|j|<n/2} v_j e^{ijθ} + v_{n/2} cos(nθ/2)),
 * θ = 2π(x - a)/P over a period P starting at a. The real parts of the ±j
 * pairs double, so the sum runs over j = 0 .. n/2.
 *
 * @example
 * const out = new Float64Array(1);
 * evaluateSpectrum(Float64Array.of(8, 0, 0, 0, 0, 0, 0, 0, 0, 0), 8, 0, 1, Float64Array.of(0.3), out, 0, 1); // out[0] = 1 (the constant 1)
 */
export function evaluateSpectrum(v: Float64Array, n: number, a: number, period: number, x: Float64Array, out: Float64Array, offset: number, stride: number): void {
  const half = n / 2;
  for (let i = 0; i < x.length; i++) {
    const theta = (2 * Math.PI * (x[i] - a)) / period;
    const wr = Math.cos(theta);
    const wi = Math.sin(theta);
    let zr = 1;
    let zi = 0;
    let sum = 0;
    for (let j = 1; j < half; j++) {
      // e^{ijθ} by rotation, restarted from cos/sin every 32 terms so rounding cannot build up.
      if ((j & 31) === 0) {
        zr = Math.cos(j * theta);
        zi = Math.sin(j * theta);
      } else {
        const r = zr * wr - zi * wi;
        zi = zr * wi + zi * wr;
        zr = r;
      }
      sum += v[2 * j] * zr - v[2 * j + 1] * zi;
    }
    out[offset + i * stride] = (v[0] + 2 * sum + v[n] * Math.cos(half * theta)) / n;
  }
}
