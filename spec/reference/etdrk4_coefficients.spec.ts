import { describe, expect, it } from 'vitest';

import { etdrk4Coefficients } from '../../lib/reference/etdrk4_coefficients.js';

type C = [number, number];
const mul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const add = (a: C, b: C): C => [a[0] + b[0], a[1] + b[1]];
const scale = (a: C, s: number): C => [a[0] * s, a[1] * s];
const div = (a: C, b: C): C => {
  const d = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
};
const exp = (z: C): C => [Math.exp(z[0]) * Math.cos(z[1]), Math.exp(z[0]) * Math.sin(z[1])];

/** φ_j(z) = Σ_m z^m/(m + j)!, by its Taylor series (for |z| ≤ 2, 40 terms are exact to rounding). */
function phi(j: number, z: C): C {
  let sum: C = [0, 0];
  let term: C = [1, 0];
  let factorial = 1;
  for (let i = 1; i <= j; i++) factorial *= i;
  term = [1 / factorial, 0];
  for (let m = 0; m < 40; m++) {
    sum = add(sum, term);
    term = scale(mul(term, z), 1 / (m + j + 1));
  }
  return sum;
}

/** The coefficients by an independent route: q = h φ1(z/2)/2, f1 = h(φ1 - 3φ2 + 4φ3), f2 = h(φ2 - 2φ3), f3 = h(-φ2 + 4φ3). */
function bySeries(z: C, h: number): Record<'q' | 'f1' | 'f2' | 'f3', C> {
  const [p1, p2, p3] = [phi(1, z), phi(2, z), phi(3, z)];
  return {
    q: scale(phi(1, scale(z, 0.5)), h / 2),
    f1: scale(add(add(p1, scale(p2, -3)), scale(p3, 4)), h),
    f2: scale(add(p2, scale(p3, -2)), h),
    f3: scale(add(scale(p2, -1), scale(p3, 4)), h),
  };
}

/** The closed forms of Kassam & Trefethen, accurate where |z| is large (no cancellation). */
function byFormula(z: C, h: number): Record<'q' | 'f1' | 'f2' | 'f3', C> {
  const ez = exp(z);
  const z2 = mul(z, z);
  const z3 = mul(z2, z);
  return {
    q: scale(div(add(exp(scale(z, 0.5)), [-1, 0]), z), h),
    f1: scale(div(add(add([-4, 0], scale(z, -1)), mul(ez, add(add([4, 0], scale(z, -3)), z2))), z3), h),
    f2: scale(div(add(add([2, 0], z), mul(ez, add(z, [-2, 0]))), z3), h),
    f3: scale(div(add(add(add([-4, 0], scale(z, -3)), scale(z2, -1)), mul(ez, add([4, 0], scale(z, -1)))), z3), h),
  };
}

function worst(lambda: C[], h: number, reference: (z: C, h: number) => Record<'q' | 'f1' | 'f2' | 'f3', C>): number {
  const co = etdrk4Coefficients(Float64Array.from(lambda.flat()), h, 64);
  let err = 0;
  lambda.forEach((l, k) => {
    const ref = reference(scale(l, h), h);
    for (const name of ['q', 'f1', 'f2', 'f3'] as const) {
      const got: C = [co[name][2 * k], co[name][2 * k + 1]];
      const size = Math.hypot(...ref[name]);
      err = Math.max(err, Math.hypot(got[0] - ref[name][0], got[1] - ref[name][1]) / size);
    }
    expect(co.e[2 * k]).toBeCloseTo(exp(scale(l, h))[0], 14);
    expect(co.e2[2 * k + 1]).toBeCloseTo(exp(scale(l, h / 2))[1], 14);
  });
  return err;
}

describe('etdrk4Coefficients (contour integrals)', () => {
  it('match the Taylor series of the φ-functions near z = 0, where the closed forms cancel', () => {
    // Real (diffusion), imaginary (dispersion) and mixed eigenvalues, down to z = 0 exactly.
    const lambda: C[] = [[0, 0], [1e-9, 0], [-0.3, 0], [5, 0], [0, 1e-6], [0, -0.8], [-1.5, 1.2], [1.9, 0]];
    // Measured: 1.2e-14 relative at worst (the contour's 64 points converge geometrically).
    expect(worst(lambda, 1, bySeries)).toBeLessThan(1e-13);
    // The exact limits at z = 0: q = h/2, f1 = f2 = f3 = h/6.
    const co = etdrk4Coefficients(new Float64Array(2), 0.01, 64);
    expect([co.q[0], co.f1[0], co.f2[0], co.f3[0]].map((v) => v / 0.01)).toEqual([0.5, 1 / 6, 1 / 6, 1 / 6].map((v) => expect.closeTo(v, 14)));
  });

  it('match the closed forms far from z = 0 (stiff diffusion, fast dispersion)', () => {
    const lambda: C[] = [[-60, 0], [-1e3, 0], [0, 40], [0, -250], [-30, 77], [8, 0]];
    // Measured: 5e-15 relative at worst.
    expect(worst(lambda, 0.1, byFormula)).toBeLessThan(5e-14);
  });

  it('keep the digits the closed form loses near z = 0', () => {
    const z: C = [1e-6, 0];
    const exact = bySeries(z, 1).f1[0];
    expect(Math.abs(byFormula(z, 1).f1[0] - exact)).toBeGreaterThan(1e-3); // cancellation ruins the closed form
    expect(Math.abs(etdrk4Coefficients(Float64Array.of(1e-6, 0), 1, 64).f1[0] - exact)).toBeLessThan(1e-15);
  });
});
