import FFT from 'fft.js';

/**
 * Discrete Fourier transforms of real data of one power-of-two size n ≥ 4,
 * over fft.js (radix-4): forward X_k = Σ_j x_j e^{-2πi jk/n} for k = 0 .. n/2
 * (the rest is conj(X_{n-k})), inverse x_j = (1/n) Σ_k X_k e^{2πi jk/n} from
 * those n/2 + 1 values. Spectra are interleaved `[re0, im0, re1, im1, ...]`
 * (n + 2 numbers). Each direction is one complex FFT of half the size: the
 * even and odd samples travel as the real and imaginary parts of one complex
 * sequence, and a twiddle pass separates them (e.g. Press et al., Numerical
 * Recipes, section 12.3). One scratch pair per instance, so it is not re-entrant.
 *
 * @example
 * const f = new RealFft(8);
 * const X = new Float64Array(10);
 * f.forward(Float64Array.of(1, 0, 0, 0, 0, 0, 0, 0), X); // X = 1 at every k
 */
export class RealFft {
  readonly size: number;
  private readonly half: FFT;
  private readonly twiddle: Float64Array;
  private readonly a: Float64Array;
  private readonly b: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 4 || (size & (size - 1)) !== 0) {
      throw new Error(`Argument 'size' passed to 'RealFft' must be a power of two of at least 4, but got ${size}.`);
    }
    this.size = size;
    const h = size / 2;
    this.half = new FFT(h);
    this.a = new Float64Array(size);
    this.b = new Float64Array(size);
    // W^k = e^{-2πik/n}, k = 0 .. n/2
    this.twiddle = new Float64Array(2 * (h + 1));
    for (let k = 0; k <= h; k++) {
      this.twiddle[2 * k] = Math.cos((2 * Math.PI * k) / size);
      this.twiddle[2 * k + 1] = -Math.sin((2 * Math.PI * k) / size);
    }
  }

  /** `out` (n + 2 long) = X_0 .. X_{n/2} of the n real values `x`. */
  forward(x: Float64Array, out: Float64Array): void {
    const h = this.size / 2;
    const { a: z, b: Z, twiddle: w } = this;
    z.set(x.subarray(0, this.size)); // z_m = x_{2m} + i x_{2m+1}: the interleaved layout already
    this.half.transform(Z, z);
    for (let k = 0; k <= h; k++) {
      const k1 = k % h;
      const k2 = (h - k) % h;
      // E = (Z_k + conj Z_{h-k}) / 2, O = (Z_k - conj Z_{h-k}) / 2i
      const er = (Z[2 * k1] + Z[2 * k2]) / 2;
      const ei = (Z[2 * k1 + 1] - Z[2 * k2 + 1]) / 2;
      const or = (Z[2 * k1 + 1] + Z[2 * k2 + 1]) / 2;
      const oi = -(Z[2 * k1] - Z[2 * k2]) / 2;
      // X_k = E + W^k O
      out[2 * k] = er + w[2 * k] * or - w[2 * k + 1] * oi;
      out[2 * k + 1] = ei + w[2 * k] * oi + w[2 * k + 1] * or;
    }
  }

  /** `out` (n long) = the n real values whose X_0 .. X_{n/2} are `spectrum` (n + 2 long); imaginary parts of X_0 and X_{n/2} are ignored. */
  inverse(spectrum: Float64Array, out: Float64Array): void {
    const h = this.size / 2;
    const { a: Z, b: z, twiddle: w } = this;
    const X = spectrum;
    for (let k = 0; k < h; k++) {
      // X_{k+h} = conj X_{h-k}; E = (X_k + X_{k+h}) / 2, O = (X_k - X_{k+h}) / (2 W^k)
      const pr = X[2 * (h - k)];
      const pi = -X[2 * (h - k) + 1];
      const er = (X[2 * k] + pr) / 2;
      const ei = (X[2 * k + 1] + pi) / 2;
      const dr = (X[2 * k] - pr) / 2;
      const di = (X[2 * k + 1] - pi) / 2;
      // divide by W^k = multiply by conj W^k (|W| = 1)
      const or = dr * w[2 * k] + di * w[2 * k + 1];
      const oi = di * w[2 * k] - dr * w[2 * k + 1];
      // Z = E + i O
      Z[2 * k] = er - oi;
      Z[2 * k + 1] = ei + or;
    }
    // X_0 and X_{n/2} of real data are real: what rounding left in their imaginary parts is dropped.
    Z[0] = (X[0] + X[2 * h]) / 2;
    Z[1] = (X[0] - X[2 * h]) / 2;
    // x_{2m} + i x_{2m+1} = z_m: the n/2-point inverse's own 1/(n/2) is the right scale.
    this.half.inverseTransform(z, Z);
    out.set(z);
  }
}
