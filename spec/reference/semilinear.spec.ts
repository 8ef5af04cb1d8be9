import { describe, expect, it } from 'vitest';

import { allenCahnEquation, allenCahnReference, SemilinearEquation, solveSemilinear } from '../../lib/reference/index.js';
import { maxAbsDifference } from '../helpers/distance.js';

const TWO_PI = 2 * Math.PI;

/** u(x, t) on the solution's grid, in its layout [x.length, t.length]. */
const onGrid = (x: Float64Array, t: Float64Array, u: (x: number, t: number) => number) => Float64Array.from({ length: x.length * t.length }, (_, k) => u(x[Math.floor(k / t.length)], t[k % t.length]));

describe('solveSemilinear: exact solutions', () => {
  it('solves a linear equation exactly in time (diffusion, advection and dispersion), at any x', () => {
    // u_t = ν u_xx - c u_x - d u_xxx: the mode e^{imx} evolves by e^{λ(m) t}, λ(k) = -νk² - ick + idk³.
    const [nu, c, d] = [0.05, 1.3, 0.02];
    const modes = [[1, 1, 0.2], [3, 0.5, -1], [7, 0.25, 2]] as const;
    const exact = (x: number, t: number) => modes.reduce((s, [m, a, p]) => s + a * Math.exp(-nu * m * m * t) * Math.cos(m * x + p - c * m * t + d * m ** 3 * t), 0);
    const equation: SemilinearEquation = { period: [0, TWO_PI], linear: (k) => [-nu * k * k, -c * k + d * k ** 3], nonlinear: () => 0, initial: (x) => exact(x, 0) };
    const t = [0, 0.7, 2.5];
    // Collocation points, and points off them (where the interpolant is summed directly).
    for (const x of [undefined, Float64Array.from({ length: 37 }, (_, i) => -3 + 0.4 * i)]) {
      const sol = solveSemilinear(equation, { t, dt: 0.5, modes: 32, x, dealias: false });
      // e^{hλ} is exact whatever the step: only rounding is left.
      expect(maxAbsDifference(sol.u, onGrid(sol.x, sol.t, exact))).toBeLessThan(1e-13);
    }
  });

  it('solves viscous Burgers u_t + u u_x = ν u_xx to its Cole–Hopf solution (nonlinear term through the multiplier)', () => {
    // φ = a + e^{-νt} cos x solves φ_t = ν φ_xx, so u = -2ν φ_x/φ solves Burgers on [0, 2π) periodic.
    const [nu, a] = [0.1, 1.5];
    const exact = (x: number, t: number) => (2 * nu * Math.exp(-nu * t) * Math.sin(x)) / (a + Math.exp(-nu * t) * Math.cos(x));
    const burgers: SemilinearEquation = { period: [0, TWO_PI], linear: (k) => [-nu * k * k, 0], nonlinear: (u) => -0.5 * u * u, multiplier: (k) => [0, k], degree: 2, initial: (x) => exact(x, 0) };
    const t = [0.5, 1, 2];
    for (const dealias of [true, false]) {
      const sol = solveSemilinear(burgers, { t, dt: 0.01, modes: 64, dealias });
      // Measured: 9.7e-13 with and without dealiasing (64 modes resolve it; the error is ETDRK4's,
      // 9.5e-9, 6.0e-10, 3.8e-11 at dt = 0.1, 0.05, 0.025).
      expect(maxAbsDifference(sol.u, onGrid(sol.x, sol.t, exact))).toBeLessThan(3e-12);
    }
  });

  it('solves the ODE of a spatially constant Allen–Cahn state, u\' = 5u - 5u³, to fourth order', () => {
    // u² = 1 / (1 + (1/u0² - 1) e^{-10t})
    const exact = (t: number) => 1 / Math.sqrt(1 + (1 / 0.09 - 1) * Math.exp(-10 * t));
    const equation = { ...allenCahnEquation(), initial: () => 0.3 };
    const error = (dt: number) => {
      const sol = solveSemilinear(equation, { t: [0.25, 0.5, 1], dt, modes: 16 });
      return maxAbsDifference(sol.u, onGrid(sol.x, sol.t, (_, t) => exact(t)));
    };
    const [coarse, fine] = [error(0.01), error(0.005)];
    // Measured: 1.77e-7 and 1.06e-8, a ratio of 16.7.
    expect(fine).toBeLessThan(3e-8);
    expect(coarse / fine).toBeGreaterThan(14);
    expect(coarse / fine).toBeLessThan(19);
  });
});

describe('solveSemilinear: grids and the Nyquist mode', () => {
  it('keeps u(x_i, 0) = u0(x_i) at the collocation points, Nyquist mode included (AC.mat does)', () => {
    const ref = allenCahnReference({ t: [0] });
    const u0 = Float64Array.from(ref.x, (x) => x * x * Math.cos(Math.PI * x));
    // x² cos(πx) has a kink at x = ±1, so its Nyquist coefficient is 7.6e-6, not zero.
    expect(maxAbsDifference(ref.u, u0)).toBeLessThan(1e-15);
  });

  it('reaches a later first output time by the same steps as through an earlier one', () => {
    const x = Float64Array.from({ length: 64 }, (_, i) => -1 + (2 * i) / 64);
    const a = allenCahnReference({ t: [0, 0.3], modes: 64, x });
    const b = allenCahnReference({ t: [0.3], modes: 64, x });
    expect(Array.from(b.u)).toEqual(Array.from({ length: 64 }, (_, i) => a.u[2 * i + 1]));
  });

  it('evaluates off the collocation points by the same interpolant (periodic: x and x + 2 agree)', () => {
    const x = Float64Array.from({ length: 64 }, (_, i) => -1 + (2 * i) / 64);
    const onPoints = allenCahnReference({ t: [0.2], modes: 64, x });
    const shifted = allenCahnReference({ t: [0.2], modes: 64, x: x.map((v) => v + 2 + 1e-9) });
    // 1e-9 off the collocation points makes it sum the series directly; u changes by |u_x| 1e-9 at most.
    expect(maxAbsDifference(onPoints.u, shifted.u)).toBeLessThan(1e-7);
  });
});

describe('solveSemilinear: refusals', () => {
  const heat: SemilinearEquation = { period: [0, 1], linear: (k) => [-k * k, 0], nonlinear: () => 0, initial: Math.sin };

  it('refuses a symbol that would make a real u complex', () => {
    expect(() => solveSemilinear({ ...heat, linear: (k) => [k, 0] }, { t: [1], dt: 0.1, modes: 8, dealias: false })).toThrow(
      "for a real u it must satisfy linear(-k) = conj(linear(k))",
    );
    expect(() => solveSemilinear({ ...heat, linear: () => [NaN, 0] }, { t: [1], dt: 0.1, modes: 8, dealias: false })).toThrow(
      "equation.linear passed to 'solveSemilinear' gives [NaN, 0] at k = 0; it must be finite.",
    );
  });

  it('stops with a named error when u blows up, instead of returning NaN', () => {
    // u' = u² from u = 1 blows up at t = 1.
    const blowUp: SemilinearEquation = { period: [0, 1], linear: () => [0, 0], nonlinear: (u) => u * u, degree: 2, initial: () => 1 };
    expect(() => solveSemilinear(blowUp, { t: [0.5, 2], dt: 0.01, modes: 8 })).toThrow(/^'solveSemilinear' lost u at t = 2 \(it became (NaN|-?Infinity) at x = 0\): take a smaller dt \(now 0.01\) or more modes \(now 8\)\.$/);
  });

  it('refuses an initial value that is not finite', () => {
    expect(() => solveSemilinear({ ...heat, initial: (x) => 1 / x }, { t: [1], dt: 0.1, modes: 8, dealias: false })).toThrow(
      "equation.initial passed to 'solveSemilinear' gives Infinity at x = 0; it must be finite.",
    );
  });
});
