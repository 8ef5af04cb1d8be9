import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { parseMat } from '../../lib/data/index.js';
import { allenCahnReference } from '../../lib/reference/index.js';
import { maxAbsDifference, relativeL2 } from '../helpers/distance.js';

// Raissi et al.'s reference (chebfun, 512 Fourier modes, ETDRK4, dt = 1e-5): x [1,512], tt [1,201], uu [512,201].
const acMat = () => parseMat(readFileSync(new URL('../../data/raissi/AC.mat', import.meta.url)), 'AC.mat');

describe('allenCahnReference against AC.mat', () => {
  const mat = acMat();
  const ref = allenCahnReference();

  it('returns AC.mat\'s grid in its layout', () => {
    expect(Array.from(ref.x)).toEqual(Array.from(mat.x.data));
    expect(Array.from(ref.t)).toEqual(Array.from(mat.tt.data));
    expect(ref.u.length).toBe(mat.uu.data.length);
  });

  it('reproduces AC.mat to 1e-10 with its defaults (the same discretisation, a coarser dt)', () => {
    // Measured: max 5.3e-11, relative L2 1.3e-11 (at dt = 1e-5, AC.mat's own step: 1.8e-13).
    expect(maxAbsDifference(ref.u, mat.uu.data)).toBeLessThan(2e-10);
    expect(relativeL2(ref.u, mat.uu.data)).toBeLessThan(5e-11);
  });

  it('departs from AC.mat by the aliasing of 5u³ when dealiased, and by no more', () => {
    const dealiased = allenCahnReference({ dealias: true });
    // Measured: max 5.3e-6, relative L2 2.2e-7: what aliasing contributes at 512 modes.
    const d = maxAbsDifference(dealiased.u, mat.uu.data);
    expect(d).toBeGreaterThan(2e-6);
    expect(d).toBeLessThan(2e-5);
    expect(relativeL2(dealiased.u, mat.uu.data)).toBeLessThan(1e-6);
  });
});
