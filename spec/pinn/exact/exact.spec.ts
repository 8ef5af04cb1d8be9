import { describe, expect, it } from 'vitest';

import { BURGERS_NU, beamExact, beamLoad, burgersExact, heatExact, kdvSoliton, kovasznayExact, poissonDiskExact, poissonDiskSource, poissonExact, poissonSource, waveExact } from '../../../lib/index.js';
import { gaussHermite } from '../../../lib/pinn/exact/gauss_hermite.js';

/** Burgers by the trapezoid rule on a wide, fine z grid: the independent high-resolution reference. */
function burgersTrapezoid(x: number, t: number, m = 40000): { u: number; ux: number } {
  const s = Math.sqrt(4 * BURGERS_NU * t);
  const k = 1 / (2 * Math.PI * BURGERS_NU);
  const L = 20;
  const h = (2 * L) / m;
  const logs = Array.from({ length: m + 1 }, (_, i) => -((-L + i * h) ** 2) - Math.cos(Math.PI * (x - s * (-L + i * h))) * k);
  const max = Math.max(...logs);
  let [num, den, dn, dd] = [0, 0, 0, 0];
  logs.forEach((l, i) => {
    const y = x - s * (-L + i * h);
    const w = Math.exp(l - max);
    const sn = Math.sin(Math.PI * y);
    num += w * sn;
    den += w;
    dn += w * (Math.PI * Math.cos(Math.PI * y) + sn * sn * Math.PI * k);
    dd += w * sn * Math.PI * k;
  });
  return { u: -num / den, ux: -(dn * den - num * dd) / (den * den) };
}

describe('gaussHermite', () => {
  it('integrates 1, z² and z⁸ against exp(-z²) exactly', () => {
    const { nodes, weights } = gaussHermite(12);
    const moment = (p: number) => nodes.reduce((s, z, i) => s + weights[i] * z ** p, 0);
    expect(moment(0)).toBeCloseTo(Math.sqrt(Math.PI), 13);
    expect(moment(2)).toBeCloseTo(Math.sqrt(Math.PI) / 2, 13);
    expect(moment(8)).toBeCloseTo((105 / 16) * Math.sqrt(Math.PI), 11);
  });
});

describe('burgersExact (Cole-Hopf, Gauss-Hermite)', () => {
  it('meets the initial and boundary values', () => {
    expect(burgersExact(0.3, 0).u).toBeCloseTo(-Math.sin(0.3 * Math.PI), 14);
    for (const t of [0.1, 0.5, 1]) {
      expect(Math.abs(burgersExact(-1, t).u)).toBeLessThan(1e-10);
      expect(Math.abs(burgersExact(1, t).u)).toBeLessThan(1e-10);
    }
  });

  it('agrees with a high-resolution trapezoid quadrature to 1e-9 across the 256 x 100 grid (every 4th x, every 9th t)', () => {
    let worst = 0;
    for (let i = 0; i < 256; i += 4) {
      for (let j = 1; j < 100; j += 9) {
        const [x, t] = [-1 + (2 * i) / 255, j / 99];
        worst = Math.max(worst, Math.abs(burgersExact(x, t).u - burgersTrapezoid(x, t, 8000).u));
      }
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it('gives the known steepest slope u_x(0, 1.6037/π) = -152.00516 (Basdevant et al. 1986)', () => {
    const t = 1.6037 / Math.PI;
    expect(burgersExact(0, t).ux).toBeCloseTo(-152.00516, 4);
    expect(burgersExact(0, t).ux).toBeCloseTo(burgersTrapezoid(0, t).ux, 8);
    // At t = 1/π the front is still forming: the slope there is -34.2263, not -152.
    expect(burgersExact(0, 1 / Math.PI).ux).toBeCloseTo(-34.22629, 4);
    expect(burgersExact(0, 1 / Math.PI).ux).toBeCloseTo(burgersTrapezoid(0, 1 / Math.PI).ux, 8);
  });
});

/** Central differences, step h, of a function of two variables. */
const d = (f: (a: number, b: number) => number, h = 1e-3) => ({
  a: (a: number, b: number) => (f(a + h, b) - f(a - h, b)) / (2 * h),
  aa: (a: number, b: number) => (f(a + h, b) - 2 * f(a, b) + f(a - h, b)) / (h * h),
  aaa: (a: number, b: number) => (f(a + 2 * h, b) - 2 * f(a + h, b) + 2 * f(a - h, b) - f(a - 2 * h, b)) / (2 * h ** 3),
  b: (a: number, b: number) => (f(a, b + h) - f(a, b - h)) / (2 * h),
  bb: (a: number, b: number) => (f(a, b + h) - 2 * f(a, b) + f(a, b - h)) / (h * h),
});

describe('closed-form and manufactured solutions satisfy their equations (finite differences)', () => {
  const pts = [
    [0.23, 0.41],
    [0.71, 0.05],
    [0.5, 0.9],
  ];

  it('heat: u_t = 0.1 u_xx, u(0, x) = sin(πx)', () => {
    const D = d((x, t) => heatExact(x, t, 0.1));
    for (const [x, t] of pts) expect(D.b(x, t) - 0.1 * D.aa(x, t)).toBeCloseTo(0, 5);
    expect(heatExact(0.3, 0, 0.1)).toBeCloseTo(Math.sin(0.3 * Math.PI), 14);
  });

  it('wave: u_tt = u_xx, u_t(0, x) = 0', () => {
    const D = d((x, t) => waveExact(x, t, 1));
    for (const [x, t] of pts) expect(D.bb(x, t) - D.aa(x, t)).toBeCloseTo(0, 4);
    expect(D.b(0.3, 0)).toBeCloseTo(0, 8);
  });

  it('poisson: -Δu = f', () => {
    const D = d(poissonExact);
    for (const [x, y] of pts) expect(-(D.aa(x, y) + D.bb(x, y)) - poissonSource(x, y)).toBeCloseTo(0, 3);
  });

  it('kdv soliton: u_t + 6 u u_x + u_xxx = 0', () => {
    const f = (x: number, t: number) => kdvSoliton(x, t, 4, -1);
    const D = d(f);
    for (const [x, t] of [[-1.2, 0.1], [0.3, 0.2], [0.9, 0.45]]) expect(D.b(x, t) + 6 * f(x, t) * D.a(x, t) + D.aaa(x, t)).toBeCloseTo(0, 3);
  });

  it("beam: w'''' = q, w = w' = 0 at both ends", () => {
    const h = 1e-2;
    for (const x of [0.2, 0.5, 0.77]) {
      const w4 = (beamExact(x + 2 * h) - 4 * beamExact(x + h) + 6 * beamExact(x) - 4 * beamExact(x - h) + beamExact(x - 2 * h)) / h ** 4;
      expect(Math.abs(w4 - beamLoad(x)) / (8 * Math.PI ** 4)).toBeLessThan(1e-3);
    }
    expect(beamExact(0)).toBe(0);
    expect(Math.abs(beamExact(1))).toBeLessThan(1e-15);
  });
});

describe('closed forms', () => {
  it('poissonDiskSource is -Δ poissonDiskExact (central differences, h = 1e-4)', () => {
    const h = 1e-4;
    for (const [x, y] of [[0.1, 0.2], [-0.5, 0.3], [0.7, -0.6]]) {
      const lap = (poissonDiskExact(x + h, y) + poissonDiskExact(x - h, y) + poissonDiskExact(x, y + h) + poissonDiskExact(x, y - h) - 4 * poissonDiskExact(x, y)) / (h * h);
      expect(Math.abs(-lap - poissonDiskSource(x, y))).toBeLessThan(1e-4);
    }
  });

  it('Kovasznay: u, v, p solve steady Navier-Stokes at Re = 20 (central differences)', () => {
    const re = 20;
    const h = 1e-4;
    const f = (x: number, y: number) => kovasznayExact(x, y, re);
    for (const [x, y] of [[0.1, 0.2], [-0.4, 1.3], [0.9, -0.3]]) {
      const c = f(x, y);
      const dx = (k: 'u' | 'v' | 'p') => (f(x + h, y)[k] - f(x - h, y)[k]) / (2 * h);
      const dy = (k: 'u' | 'v' | 'p') => (f(x, y + h)[k] - f(x, y - h)[k]) / (2 * h);
      const lap = (k: 'u' | 'v') => (f(x + h, y)[k] + f(x - h, y)[k] + f(x, y + h)[k] + f(x, y - h)[k] - 4 * c[k]) / (h * h);
      expect(Math.abs(c.u * dx('u') + c.v * dy('u') + dx('p') - lap('u') / re)).toBeLessThan(1e-5);
      expect(Math.abs(c.u * dx('v') + c.v * dy('v') + dy('p') - lap('v') / re)).toBeLessThan(1e-5);
      expect(Math.abs(dx('u') + dy('v'))).toBeLessThan(1e-6);
    }
  });
});
