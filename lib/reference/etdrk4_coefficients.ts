/**
 * The ETDRK4 coefficients of one step h for a diagonal linear part with
 * eigenvalues λ_k, each an interleaved complex array `[re, im, ...]` of the
 * modes' length (Cox & Matthews 2002, in the notation of Kassam & Trefethen
 * 2005): with z = hλ,
 * - `e` = e^z, `e2` = e^{z/2},
 * - `q` = h (e^{z/2} - 1)/z,
 * - `f1` = h (-4 - z + e^z (4 - 3z + z²))/z³,
 * - `f2` = h (2 + z + e^z (z - 2))/z³,
 * - `f3` = h (-4 - 3z - z² + e^z (4 - z))/z³.
 */
export interface Etdrk4Coefficients {
  h: number;
  e: Float64Array;
  e2: Float64Array;
  q: Float64Array;
  f1: Float64Array;
  f2: Float64Array;
  f3: Float64Array;
}

/**
 * The ETDRK4 coefficients for step `h` and eigenvalues `lambda` (interleaved
 * complex), each φ-function taken as the mean of its values on `points`
 * points of the unit circle around z (Kassam & Trefethen 2005, section 3: the
 * trapezoid rule for the Cauchy integral). The formulas above lose every
 * digit to cancellation as z → 0; on the circle |z + r| ≈ 1 they cancel
 * nothing, and the mean converges geometrically in the number of points.
 * Kassam & Trefethen take the real part of a half-circle mean for real λ;
 * the full circle here serves complex λ (dispersive terms like u_xxx) too.
 *
 * @example
 * const c = etdrk4Coefficients(new Float64Array([-1, 0]), 0.1, 64);
 * c.e[0]; // ≈ Math.exp(-0.1)
 */
export function etdrk4Coefficients(lambda: Float64Array, h: number, points: number): Etdrk4Coefficients {
  const n = lambda.length / 2;
  const out = { h, e: new Float64Array(2 * n), e2: new Float64Array(2 * n), q: new Float64Array(2 * n), f1: new Float64Array(2 * n), f2: new Float64Array(2 * n), f3: new Float64Array(2 * n) };
  const rootsRe = new Float64Array(points);
  const rootsIm = new Float64Array(points);
  for (let j = 0; j < points; j++) {
    // Shifted half a step off the real axis, as in Kassam & Trefethen, so no node lands on z's own line.
    const angle = (2 * Math.PI * (j + 0.5)) / points;
    rootsRe[j] = Math.cos(angle);
    rootsIm[j] = Math.sin(angle);
  }
  for (let k = 0; k < n; k++) {
    const zr = h * lambda[2 * k];
    const zi = h * lambda[2 * k + 1];
    // e^z and e^{z/2} directly: they need no contour.
    const ez = Math.exp(zr);
    out.e[2 * k] = ez * Math.cos(zi);
    out.e[2 * k + 1] = ez * Math.sin(zi);
    const ez2 = Math.exp(zr / 2);
    out.e2[2 * k] = ez2 * Math.cos(zi / 2);
    out.e2[2 * k + 1] = ez2 * Math.sin(zi / 2);
    let qr = 0, qi = 0, ar = 0, ai = 0, br = 0, bi = 0, cr = 0, ci = 0;
    for (let j = 0; j < points; j++) {
      const wr = zr + rootsRe[j];
      const wi = zi + rootsIm[j];
      // e^w, e^{w/2}
      const m = Math.exp(wr);
      const expr = m * Math.cos(wi);
      const expi = m * Math.sin(wi);
      const m2 = Math.exp(wr / 2);
      const exp2r = m2 * Math.cos(wi / 2);
      const exp2i = m2 * Math.sin(wi / 2);
      // 1/w, 1/w³
      const d = wr * wr + wi * wi;
      const invr = wr / d;
      const invi = -wi / d;
      const inv2r = invr * invr - invi * invi;
      const inv2i = 2 * invr * invi;
      const inv3r = inv2r * invr - inv2i * invi;
      const inv3i = inv2r * invi + inv2i * invr;
      const w2r = wr * wr - wi * wi;
      const w2i = 2 * wr * wi;
      // q: (e^{w/2} - 1)/w
      qr += (exp2r - 1) * invr - exp2i * invi;
      qi += (exp2r - 1) * invi + exp2i * invr;
      // f1 numerator: -4 - w + e^w (4 - 3w + w²)
      let pr = 4 - 3 * wr + w2r;
      let pi = -3 * wi + w2i;
      let nr = -4 - wr + (expr * pr - expi * pi);
      let ni = -wi + (expr * pi + expi * pr);
      ar += nr * inv3r - ni * inv3i;
      ai += nr * inv3i + ni * inv3r;
      // f2 numerator: 2 + w + e^w (w - 2)
      pr = wr - 2;
      pi = wi;
      nr = 2 + wr + (expr * pr - expi * pi);
      ni = wi + (expr * pi + expi * pr);
      br += nr * inv3r - ni * inv3i;
      bi += nr * inv3i + ni * inv3r;
      // f3 numerator: -4 - 3w - w² + e^w (4 - w)
      pr = 4 - wr;
      pi = -wi;
      nr = -4 - 3 * wr - w2r + (expr * pr - expi * pi);
      ni = -3 * wi - w2i + (expr * pi + expi * pr);
      cr += nr * inv3r - ni * inv3i;
      ci += nr * inv3i + ni * inv3r;
    }
    const s = h / points;
    out.q[2 * k] = s * qr;
    out.q[2 * k + 1] = s * qi;
    out.f1[2 * k] = s * ar;
    out.f1[2 * k + 1] = s * ai;
    out.f2[2 * k] = s * br;
    out.f2[2 * k + 1] = s * bi;
    out.f3[2 * k] = s * cr;
    out.f3[2 * k + 1] = s * ci;
  }
  return out;
}
