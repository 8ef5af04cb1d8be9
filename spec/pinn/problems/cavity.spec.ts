import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

import { GHIA_RE100_U, GHIA_RE100_V, Rng, Trainer, cavity, cavityProblem, ghiaErrors } from '../../../lib/index.js';
import { toColumns } from '../../../lib/pinn/batch.js';
import { residuals } from '../../../lib/pinn/loss/residuals.js';
import { solutionTerms } from '../../../lib/pinn/loss/solution.js';
import { describeOnBackends } from '../../helpers/backends.js';

describeOnBackends('cavity module', () => {
  it('the lifting (N = 0) has u = lid(x) on the lid, zero velocity on the other walls, and the smooth profile s(x)(3y² − 2y) deep down', () => {
    const problem = cavity.problem();
    const zero = { forward: (p: Record<string, tf.Tensor>) => tf.mul(tf.concat([p.x, p.y, p.x], 1), 0) as tf.Tensor2D };
    const xs = [0.05, 0.3, 0.5, 0.9];
    tf.tidy(() => {
      const lid = (x: number) => (1 - Math.cosh(20 * (x - 0.5)) / Math.cosh(10)) ** 2;
      const top = solutionTerms(problem, zero, toColumns({ x: Float64Array.from(xs), y: new Float64Array(4).fill(1) }), ['u', 'v']);
      const uTop = top.u.dataSync();
      xs.forEach((x, i) => expect(Math.abs(uTop[i] - lid(x))).toBeLessThan(1e-5));
      expect(tf.max(tf.abs(top.v)).dataSync()[0]).toBeLessThan(1e-6);
      // At y = 0.2, y⁸ < 3e-6: the lifting is the smooth profile's flow, u = 16 x²(1 − x)² (3y² − 2y).
      const deep = solutionTerms(problem, zero, toColumns({ x: Float64Array.from(xs), y: new Float64Array(4).fill(0.2) }), ['u']).u.dataSync();
      xs.forEach((x, i) => expect(Math.abs(deep[i] - 16 * x * x * (1 - x) ** 2 * (3 * 0.04 - 0.4))).toBeLessThan(1e-4));
    });
  });

  it('writes both centre lines as CSV and a picture with the network profiles and all 34 of Ghia et al.\'s points; ghiaErrors reads the same lines', () => {
    const t = new Trainer(cavity.problem(), { network: { hidden: [8], seed: 3 }, sampling: { domain: 16, boundary: 8 }, adam: { steps: 0 }, lbfgs: { steps: 0 } });
    const files = cavity.files!(t, null);
    expect(Object.keys(files).sort()).toEqual(['centerline.csv', 'centerline.svg', 'centerline_v.csv']);
    const rows = files['centerline.csv'].trim().split('\n');
    expect(rows[0]).toBe('y,u');
    expect(rows).toHaveLength(102);
    const svg = files['centerline.svg'];
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<circle /g)).toHaveLength(GHIA_RE100_U.length + GHIA_RE100_V.length);
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).not.toContain('NaN');
    // u at (0.5, 1) is the lid speed whatever the network: (1 − 1/cosh 10)², 1.8e-4 below Ghia's 1 there.
    const [uTop] = t.predict({ x: Float64Array.of(0.5), y: Float64Array.of(1) });
    expect(Math.abs(uTop[0] - (1 - 1 / Math.cosh(10)) ** 2)).toBeLessThan(1e-5);
    const e = ghiaErrors(t);
    const [u] = t.predict({ x: new Float64Array(17).fill(0.5), y: Float64Array.from(GHIA_RE100_U, (r) => r[0]) });
    expect(e.ghia_max_abs_error_u).toBeCloseTo(Math.max(...GHIA_RE100_U.map(([, g], i) => Math.abs(u[i] - g))), 12);
    t.dispose();
  });

  it('the residuals are weighted by r²/(r² + 0.1²), r the distance to the nearer lid corner', () => {
    // N_p = k x adds k w(x, y) to the momentum-x residual and nothing else: the difference of k = 2 and k = 1 is w.
    const problem = cavity.problem();
    const net = (k: number) => ({ forward: (p: Record<string, tf.Tensor>) => tf.concat([tf.mul(p.x, 0), tf.mul(p.y, 0), tf.mul(p.x, k)], 1) as tf.Tensor2D });
    const pts = { x: Float64Array.of(0.5, 0.02, 0.9, 0.3), y: Float64Array.of(0.5, 0.98, 0.95, 0.1) };
    tf.tidy(() => {
      const p = toColumns(pts);
      const [a] = residuals(problem, net(1), p);
      const [b] = residuals(problem, net(2), p);
      const got = tf.sub(b, a).dataSync();
      pts.x.forEach((x, i) => {
        const r2 = Math.min(x, 1 - x) ** 2 + (1 - pts.y[i]) ** 2;
        expect(Math.abs(got[i] - r2 / (r2 + 0.01))).toBeLessThan(1e-4);
      });
    });
  });
});

describeOnBackends('cavity problem statement', () => {
  it('the lifting of the lid velocity is divergence-free: with N = 0 the continuity residual vanishes', () => {
    const problem = cavityProblem();
    const zero = { forward: (p: Record<string, tf.Tensor>) => tf.mul(tf.concat([p.x, p.y, p.x], 1), 0) as tf.Tensor2D };
    const rng = new Rng(5);
    const p = toColumns({ x: Float64Array.from({ length: 64 }, () => rng.next()), y: Float64Array.from({ length: 64 }, () => rng.next()) });
    tf.tidy(() => {
      const [, , continuity] = residuals(problem, zero, p);
      expect(tf.max(tf.abs(continuity)).dataSync()[0]).toBeLessThan(1e-4);
    });
  });
});
