import { describe, expect, it } from 'vitest';

import { kdvEquation, kdvReference, solveSemilinear } from '../../lib/reference/index.js';
import { maxAbsDifference } from '../helpers/distance.js';
import { kdvInvariants } from './kdv_invariants.js';

const DELTA = 0.022;

/**
 * The soliton u = A sech²(κ (x - x0 - c t)), κ = √(A/12)/δ, c = A/3, of
 * u_t + u u_x + δ² u_xxx = 0, laid on the period [-1, 1) by its nearest
 * image: the next images are below 4 e^{-2κ} (3e-11 for A = 1) there.
 */
function soliton(A: number, x0: number) {
  const kappa = Math.sqrt(A / 12) / DELTA;
  return (x: number, t: number) => {
    const xi = ((((x - x0 - (A / 3) * t + 1) % 2) + 2) % 2) - 1;
    return A / Math.cosh(kappa * xi) ** 2;
  };
}

describe('kdvEquation: exact solitons', () => {
  const t = Float64Array.from({ length: 11 }, (_, j) => j / 10);

  it.each([
    // Measured (256 modes, dt = 1e-4): 1.6e-11 for A = 1, 2.3e-10 for A = 2 (a narrower, faster crest).
    [1, -0.5, 1e-10],
    [2, 0.3, 1e-9],
  ])('carries a soliton of amplitude %d once across a third of the period (from x0 = %d)', (A, x0, tolerance) => {
    const exact = soliton(A, x0);
    const sol = solveSemilinear(kdvEquation(DELTA, (x) => exact(x, 0)), { t, dt: 1e-4, modes: 256 });
    const want = Float64Array.from(sol.u, (_, k) => exact(sol.x[Math.floor(k / t.length)], t[k % t.length]));
    expect(maxAbsDifference(sol.u, want)).toBeLessThan(tolerance);
  });
});

describe('kdvReference (kdv-zk: u0 = cos(πx), δ = 0.022)', () => {
  it('returns jaxpi\'s kdv.mat grid: 512 x with both ends, 201 t, and u(-1) = u(1)', () => {
    const ref = kdvReference();
    expect([ref.x.length, ref.t.length, ref.u.length]).toEqual([512, 201, 512 * 201]);
    expect([ref.x[0], ref.x[511], ref.t[0], ref.t[200]]).toEqual([-1, 1, 0, 1]);
    expect(ref.x[1]).toBeCloseTo(-1 + 2 / 511, 15);
    const ends = maxAbsDifference(ref.u.subarray(0, 201), ref.u.subarray(511 * 201));
    expect(ends).toBeLessThan(1e-13);
    // cos(πx) at t = 0, off the collocation points (spacing 2/511, not 2/256)
    expect(maxAbsDifference(Float64Array.from({ length: 512 }, (_, i) => ref.u[i * 201]), ref.x.map((x) => Math.cos(Math.PI * x)))).toBeLessThan(1e-13);
  });

  it('conserves mass, momentum ∫u² and energy ∫(u³/3 - δ² u_x²) through the soliton train', () => {
    const x = Float64Array.from({ length: 512 }, (_, i) => -1 + (2 * i) / 512);
    const sol = kdvReference({ x });
    const nt = sol.t.length;
    const at = (j: number) => kdvInvariants(Float64Array.from(x, (_, i) => sol.u[i * nt + j]), 2, DELTA);
    const [mass0, momentum0, energy0] = at(0);
    expect(Math.abs(mass0)).toBeLessThan(1e-15);
    expect(momentum0).toBeCloseTo(1, 14); // ∫cos²(πx) dx over [-1, 1)
    let [mass, momentum, energy] = [0, 0, 0];
    for (let j = 1; j < nt; j++) {
      const [m, p, e] = at(j);
      mass = Math.max(mass, Math.abs(m - mass0));
      momentum = Math.max(momentum, Math.abs(p / momentum0 - 1));
      energy = Math.max(energy, Math.abs(e / energy0 - 1));
    }
    // Measured: 7.9e-16 (absolute: the mode k = 0 never moves), 2.1e-11 and 4.7e-10 relative.
    expect(mass).toBeLessThan(1e-14);
    expect(momentum).toBeLessThan(1e-10);
    expect(energy).toBeLessThan(3e-9);
  });
});
