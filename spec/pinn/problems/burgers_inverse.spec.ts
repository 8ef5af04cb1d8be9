import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { burgersInverseProblem, gridPoints, parseMat } from '../../../lib/index.js';

describe('burgers-inverse', () => {
  it('states Raissi\'s identification problem on burgers_shock.mat: 2000 seeded points, truth l1 = 1, l2 = 0.01/pi, error on the data grid', () => {
    const mat = parseMat(readFileSync('data/raissi/burgers_shock.mat'));
    const p = burgersInverseProblem(mat);
    const data = p.conditions[0];
    expect(data.kind).toBe('data');
    if (data.kind !== 'data') return;
    expect(data.values.length).toBe(2000);
    expect(p.exactParameters).toEqual({ lambda1: 1, lambda2: 0.01 / Math.PI });
    expect(p.domain).toEqual({ x: [-1, 1], t: [0, 0.99] });
    // exact() is the data itself: at (x_i, t_j) it returns usol[i][j].
    const g = gridPoints(p.domain!, p.grid);
    const u = p.exact!(g)[0];
    const i = 37;
    const j = 80;
    expect(u[j * 256 + i]).toBe(mat.usol.data[i * 100 + j]);
    expect(burgersInverseProblem(mat, { noise: 0.01 }).conditions[0]).not.toEqual(data);
    expect(() => p.exact!({ x: Float64Array.of(0.001), t: Float64Array.of(0) })).toThrow('burgers-inverse knows u only on its data grid, but was asked at x = 0.001.');
  });
});
