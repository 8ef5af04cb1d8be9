import { stepsFor } from './checks.js';
import { etdrk4Coefficients, Etdrk4Coefficients } from './etdrk4_coefficients.js';
import { evaluateSpectrum } from './evaluate.js';
import { RealFft } from './fft.js';
import { checkEquation, checkSemilinearOptions, CheckedEquation, CheckedSemilinearOptions, SemilinearOptions } from './semilinear_options.js';
import { Complex, ReferenceSolution, SemilinearEquation } from './types.js';

/**
 * Solves a periodic semilinear equation u_t = L u + M f(u) (see
 * {@link SemilinearEquation}) by the Fourier pseudo-spectral method in x and
 * ETDRK4 in t (Cox & Matthews 2002; the φ-functions by contour integrals as
 * in Kassam & Trefethen 2005), and returns u at the points `options.x` and
 * times `options.t`. With `dealias` (the default), f(u) is formed on a grid
 * padded to the next power of two at least (degree + 1)/2 times as fine, so
 * the modes kept take no aliased products (Orszag's rule, generalised). The
 * Nyquist mode (cos of n/2 periods, for an even number of points) evolves
 * by the real parts of the symbols. Throws when u stops being finite (dt too
 * large for the nonlinear term, or too few modes).
 *
 * Cost: 4 evaluations of f per step, each two FFTs of the padded size.
 *
 * @example
 * // Viscous Burgers u_t = 0.01 u_xx - (u²/2)_x on [0, 2π)
 * const sol = solveSemilinear(
 *   { period: [0, 2 * Math.PI], linear: (k) => [-0.01 * k * k, 0], nonlinear: (u) => -u * u / 2,
 *     multiplier: (k) => [0, k], degree: 2, initial: Math.sin },
 *   { t: [0, 0.5, 1], dt: 1e-3, modes: 128 },
 * );
 * sol.u[5 * sol.t.length + 2]; // u(x[5], 1)
 */
export function solveSemilinear(equation: SemilinearEquation, options: SemilinearOptions): ReferenceSolution {
  const eq = checkEquation(equation, 'solveSemilinear');
  return integrate(eq, checkSemilinearOptions(options, eq, 'solveSemilinear'), 'solveSemilinear');
}

/** The symbol's values at the wavenumbers, interleaved; throws when one is not finite or breaks λ(-k) = conj(λ(k)). */
function symbol(fn: (k: number) => Complex, k: Float64Array, name: string, caller: string): Float64Array {
  const out = new Float64Array(2 * k.length);
  for (let j = 0; j < k.length; j++) {
    const [re, im] = fn(k[j]);
    if (!Number.isFinite(re) || !Number.isFinite(im)) throw new Error(`equation.${name} passed to '${caller}' gives [${re}, ${im}] at k = ${k[j]}; it must be finite.`);
    out[2 * j] = re;
    out[2 * j + 1] = im;
  }
  // Real u needs λ(-k) = conj(λ(k)); a symbol without it would be silently cut to its real-preserving part.
  const n = k.length;
  for (let j = 1; j < n / 2; j++) {
    const [pr, pi] = [out[2 * j], out[2 * j + 1]];
    const [mr, mi] = [out[2 * (n - j)], out[2 * (n - j) + 1]];
    const scale = 1 + Math.hypot(pr, pi);
    if (Math.abs(pr - mr) > 1e-12 * scale || Math.abs(pi + mi) > 1e-12 * scale) {
      throw new Error(`equation.${name} passed to '${caller}' gives [${pr}, ${pi}] at k = ${k[j]} but [${mr}, ${mi}] at k = ${k[n - j]}; for a real u it must satisfy ${name}(-k) = conj(${name}(k)).`);
    }
  }
  return out;
}

/**
 * Everything one step needs, allocated once. A real u's spectrum is
 * Hermitian, so only the modes j = 0 .. n/2 are held (n/2 + 1 complex
 * numbers; the Nyquist mode n/2 is real).
 */
class Stepper {
  readonly n: number;
  private readonly padded: number;
  private readonly fft: RealFft;
  private readonly mult: Float64Array;
  private readonly spec: Float64Array;
  private readonly phys: Float64Array;
  private readonly nv: Float64Array;
  private readonly na: Float64Array;
  private readonly nb: Float64Array;
  private readonly nc: Float64Array;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly c: Float64Array;

  constructor(
    n: number,
    padded: number,
    mult: Float64Array,
    private readonly f: (u: number) => number,
  ) {
    this.n = n;
    this.padded = padded;
    this.fft = new RealFft(padded);
    this.mult = mult;
    this.spec = new Float64Array(padded + 2);
    this.phys = new Float64Array(padded);
    [this.nv, this.na, this.nb, this.nc, this.a, this.b, this.c] = Array.from({ length: 7 }, () => new Float64Array(n + 2));
  }

  /** out = M f(u) for the half spectrum v, in the kept modes. */
  nonlinear(v: Float64Array, out: Float64Array): void {
    const { n, padded, spec, phys, mult, f } = this;
    spec.fill(0);
    spec.set(v);
    // On a finer grid the Nyquist mode's cosine is half e^{ikx}, half its mirror (which the real inverse adds).
    if (padded > n) spec[n] /= 2;
    this.fft.inverse(spec, phys);
    // The padded inverse divides by the padded size; the values of u need 1/n.
    const toValues = padded / n;
    for (let i = 0; i < padded; i++) phys[i] = f(phys[i] * toValues);
    this.fft.forward(phys, spec);
    const back = n / padded;
    for (let i = 0; i < n; i += 2) {
      const re = spec[i] * back;
      const im = spec[i + 1] * back;
      out[i] = re * mult[i] - im * mult[i + 1];
      out[i + 1] = re * mult[i + 1] + im * mult[i];
    }
    // Back on the n-point grid, the modes ±n/2 of the finer grid fold onto the one cosine.
    out[n] = (padded > n ? 2 : 1) * spec[n] * back * mult[n];
    out[n + 1] = 0;
  }

  /** One ETDRK4 step of v in place (Kassam & Trefethen 2005, eq. 2.5 and their listing). */
  step(v: Float64Array, co: Etdrk4Coefficients): void {
    const { n, nv, na, nb, nc, a, b, c } = this;
    const { e, e2, q, f1, f2, f3 } = co;
    const len = n + 2;
    this.nonlinear(v, nv);
    for (let i = 0; i < len; i += 2) {
      // a = e2 v + q Nv
      a[i] = e2[i] * v[i] - e2[i + 1] * v[i + 1] + q[i] * nv[i] - q[i + 1] * nv[i + 1];
      a[i + 1] = e2[i] * v[i + 1] + e2[i + 1] * v[i] + q[i] * nv[i + 1] + q[i + 1] * nv[i];
    }
    this.nonlinear(a, na);
    for (let i = 0; i < len; i += 2) {
      // b = e2 v + q Na
      b[i] = e2[i] * v[i] - e2[i + 1] * v[i + 1] + q[i] * na[i] - q[i + 1] * na[i + 1];
      b[i + 1] = e2[i] * v[i + 1] + e2[i + 1] * v[i] + q[i] * na[i + 1] + q[i + 1] * na[i];
    }
    this.nonlinear(b, nb);
    for (let i = 0; i < len; i += 2) {
      // c = e2 a + q (2 Nb - Nv)
      const sr = 2 * nb[i] - nv[i];
      const si = 2 * nb[i + 1] - nv[i + 1];
      c[i] = e2[i] * a[i] - e2[i + 1] * a[i + 1] + q[i] * sr - q[i + 1] * si;
      c[i + 1] = e2[i] * a[i + 1] + e2[i + 1] * a[i] + q[i] * si + q[i + 1] * sr;
    }
    this.nonlinear(c, nc);
    for (let i = 0; i < len; i += 2) {
      // v = e v + f1 Nv + 2 f2 (Na + Nb) + f3 Nc
      const sr = 2 * (na[i] + nb[i]);
      const si = 2 * (na[i + 1] + nb[i + 1]);
      const vr = e[i] * v[i] - e[i + 1] * v[i + 1] + f1[i] * nv[i] - f1[i + 1] * nv[i + 1] + f2[i] * sr - f2[i + 1] * si + f3[i] * nc[i] - f3[i + 1] * nc[i + 1];
      const vi = e[i] * v[i + 1] + e[i + 1] * v[i] + f1[i] * nv[i + 1] + f1[i + 1] * nv[i] + f2[i] * si + f2[i + 1] * sr + f3[i] * nc[i + 1] + f3[i + 1] * nc[i];
      v[i] = vr;
      v[i + 1] = vi;
    }
  }
}

/** The padded grid size for a nonlinearity of `degree`: the next power of two ≥ (degree + 1) n / 2. */
function paddedSize(n: number, degree: number | undefined, dealias: boolean): number {
  if (!dealias || degree === undefined || degree <= 1) return n;
  let m = n;
  while (m < ((degree + 1) * n) / 2) m *= 2;
  return m;
}

/**
 * The solve behind {@link solveSemilinear} and the ready-made references,
 * on checked arguments; `caller` names the entry point in errors.
 *
 * @example
 * const eq = checkEquation(allenCahnEquation(), 'allenCahnReference');
 * const sol = integrate(eq, checkSemilinearOptions({ t: [1], dt: 1e-3 }, eq, 'allenCahnReference'), 'allenCahnReference');
 */
export function integrate(eq: CheckedEquation, o: CheckedSemilinearOptions, caller: string): ReferenceSolution {
  const n = o.modes;
  const [a, b] = eq.period;
  const period = b - a;
  const half = n / 2;
  const k = Float64Array.from({ length: n }, (_, j) => ((2 * Math.PI) / period) * (j < half ? j : j - n));
  k[half] = ((2 * Math.PI) / period) * half; // Nyquist: see below
  // Only modes 0 .. n/2 are stepped: the check of λ(-k) = conj(λ(k)) needs all of them.
  const lambda = symbol(eq.linear, k, 'linear', caller).slice(0, n + 2);
  const mult = symbol(eq.multiplier, k, 'multiplier', caller).slice(0, n + 2);
  // The Nyquist mode is cos(nθ/2) alone (its sine vanishes on the grid): an operator acts on it by
  // the mean of its actions on e^{±ikx}, the real part of a symbol with λ(-k) = conj(λ(k)).
  lambda[n + 1] = 0;
  mult[n + 1] = 0;
  const stepper = new Stepper(n, paddedSize(n, eq.degree, o.dealias), mult, eq.nonlinear);

  const grid = Float64Array.from({ length: n }, (_, i) => a + (i * period) / n);
  const fftN = new RealFft(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    values[i] = eq.initial(grid[i]);
    if (!Number.isFinite(values[i])) throw new Error(`equation.initial passed to '${caller}' gives ${values[i]} at x = ${grid[i]}; it must be finite.`);
  }
  // The interpolant of u0 on the grid (as chebfun's spin takes it): u(x_i, 0) = u0(x_i) exactly.
  const v = new Float64Array(n + 2);
  fftN.forward(values, v);
  v[n + 1] = 0;

  const x = o.x ?? grid;
  const onGrid = x.length === n && x.every((xi, i) => Math.abs(xi - grid[i]) <= 1e-12 * period);
  const nt = o.t.length;
  const u = new Float64Array(x.length * nt);
  const record = (j: number) => {
    if (onGrid) {
      fftN.inverse(v, values);
      for (let i = 0; i < n; i++) u[i * nt + j] = values[i];
    } else {
      evaluateSpectrum(v, n, a, period, x, u, j, nt);
    }
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(u[i * nt + j])) {
        throw new Error(`'${caller}' lost u at t = ${o.t[j]} (it became ${u[i * nt + j]} at x = ${x[i]}): take a smaller dt (now ${o.dt}) or more modes (now ${n}).`);
      }
    }
  };

  // One set of coefficients per distinct step length: one for a uniform t.
  const coefficients = new Map<string, Etdrk4Coefficients>();
  const coefficientsFor = (h: number) => {
    const key = h.toPrecision(13);
    let co = coefficients.get(key);
    if (co === undefined) coefficients.set(key, (co = etdrk4Coefficients(lambda, h, o.contourPoints)));
    return co;
  };
  let now = 0;
  for (let j = 0; j < nt; j++) {
    const span = o.t[j] - now;
    if (span > 0) {
      const steps = stepsFor(span, o.dt);
      const co = coefficientsFor(span / steps);
      for (let s = 0; s < steps; s++) stepper.step(v, co);
      now = o.t[j];
    }
    record(j);
  }
  return { x: Float64Array.from(x), t: Float64Array.from(o.t), u };
}
