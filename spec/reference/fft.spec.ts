import { describe, expect, it } from 'vitest';

import { RealFft } from '../../lib/reference/fft.js';
import { maxAbsDifference } from '../helpers/distance.js';

/** X_k = Σ_j x_j e^{-2πi jk/n} for k = 0 .. n/2, summed directly, interleaved. */
function directDft(x: Float64Array): Float64Array {
  const n = x.length;
  const out = new Float64Array(n + 2);
  for (let k = 0; k <= n / 2; k++) {
    for (let j = 0; j < n; j++) {
      // jk mod n keeps the angle small, so the direct sum is accurate too
      const angle = (2 * Math.PI * ((j * k) % n)) / n;
      out[2 * k] += x[j] * Math.cos(angle);
      out[2 * k + 1] -= x[j] * Math.sin(angle);
    }
  }
  return out;
}

const random = (n: number, seed: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(1e4 * (seed + 1) * (i + 1.3)) - 0.1 * Math.cos(7 * i));

describe('RealFft', () => {
  it.each([4, 8, 16, 64, 512])('matches the direct DFT and inverts it to round-off (size %i)', (n) => {
    const x = random(n, n);
    const f = new RealFft(n);
    const X = new Float64Array(n + 2);
    f.forward(x, X);
    const scale = x.reduce((s, v) => s + Math.abs(v), 0);
    // Measured: at most 2.5e-16 of Σ|x| for these sizes (the direct sum carries its own rounding),
    // and 9e-16 for the round trip.
    expect(maxAbsDifference(X, directDft(x)) / scale).toBeLessThan(4e-15);
    const back = new Float64Array(n);
    f.inverse(X, back);
    expect(maxAbsDifference(back, x)).toBeLessThan(1e-14);
  });

  it('takes one sinusoid to one pair of modes, with the DFT sign convention', () => {
    const n = 16;
    const x = Float64Array.from({ length: n }, (_, j) => Math.cos((2 * Math.PI * 3 * j) / n + 0.4));
    const X = new Float64Array(n + 2);
    new RealFft(n).forward(x, X);
    // cos(θ + φ) = (e^{i(θ+φ)} + e^{-i(θ+φ)})/2: X_3 = (n/2) e^{iφ}
    expect(X[6]).toBeCloseTo(8 * Math.cos(0.4), 12);
    expect(X[7]).toBeCloseTo(8 * Math.sin(0.4), 12);
    const others = Array.from(X).filter((_, i) => i !== 6 && i !== 7);
    expect(Math.max(...others.map(Math.abs))).toBeLessThan(1e-13);
  });

  it('refuses a size fft.js cannot take', () => {
    expect(() => new RealFft(12)).toThrow("Argument 'size' passed to 'RealFft' must be a power of two of at least 4, but got 12.");
    expect(() => new RealFft(2)).toThrow('at least 4, but got 2');
  });
});
