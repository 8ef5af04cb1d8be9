import { describe, expect, it } from 'vitest';

import { allenCahnReference, kdvReference } from '../../lib/reference/index.js';
import { maxAbsDifference } from '../helpers/distance.js';

/** Max errors at each dt against a solve at `fine`, and the ratios of successive errors. */
function study(solve: (dt: number) => Float64Array, steps: number[], fine: number): { errors: number[]; ratios: number[] } {
  const reference = solve(fine);
  const errors = steps.map((dt) => maxAbsDifference(solve(dt), reference));
  return { errors, ratios: errors.slice(1).map((e, i) => errors[i] / e) };
}

describe('ETDRK4 converges at fourth order in dt (halving dt divides the error by about 16)', () => {
  it('on Allen–Cahn (512 modes, t = 0.25, 0.5, 1)', () => {
    const { errors, ratios } = study((dt) => allenCahnReference({ dt, t: [0.25, 0.5, 1] }).u, [1e-2, 5e-3, 2.5e-3], 1.25e-4);
    // Measured: errors 2.0e-7, 1.2e-8, 7.4e-10; ratios 16.7, 16.3.
    for (const r of ratios) {
      expect(r).toBeGreaterThan(14);
      expect(r).toBeLessThan(19);
    }
    expect(errors[2]).toBeGreaterThan(1e-11); // still above rounding, so the ratios measure the method
  });

  it('on KdV (128 modes, t = 0.5, on its 512-point grid)', () => {
    const { errors, ratios } = study((dt) => kdvReference({ modes: 128, dt, t: [0.5] }).u, [5e-4, 2.5e-4, 1.25e-4], 1.5625e-5);
    // Measured: errors 1.3e-7, 8.3e-9, 5.1e-10; ratios 16.1, 16.2.
    for (const r of ratios) {
      expect(r).toBeGreaterThan(13);
      expect(r).toBeLessThan(19);
    }
    expect(errors[2]).toBeGreaterThan(1e-11);
  });
});
