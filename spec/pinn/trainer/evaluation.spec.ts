import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { Problem, Trainer, initBackend } from '../../../lib/index.js';
import { diskProblem } from '../../fixtures/disk_problem.js';

describe('problems on geometries', () => {
  beforeAll(async () => {
    await initBackend('wasm', { log: false });
  });

  it('systems: named residual parts, per-output errors, grid points outside the geometry left out', async () => {
    const exactU = (x: number, y: number) => x * x + y * y;
    const p: Problem = {
      ...diskProblem([{ kind: 'dirichlet', on: 'circle', value: 1 }, { kind: 'dirichlet', on: 'circle', value: 0, output: 'v' }]),
      outputs: ['u', 'v'],
      terms: ['u_xx', 'u_yy', 'v'],
      residual: (d) => [tf.sub(tf.add(d.u_xx, d.u_yy), 4) as tf.Tensor2D, d.v],
      residualNames: ['poisson', 'zero'],
      exact: (q) => [Float64Array.from(q.x, (x, i) => exactU(x, q.y[i])), Float64Array.from(q.x, (x) => 1 + 0 * x)],
      upToConstant: ['v'],
    };
    const trainer = new Trainer(p, { network: { hidden: [8] }, sampling: { domain: 64, boundary: 16 }, adam: { steps: 2 }, lbfgs: { steps: 0 } });
    await trainer.run();
    expect(Object.keys(trainer.history[0].parts)).toEqual(['residual:poisson', 'residual:zero', 'dirichlet(circle)', 'dirichlet(circle):v']);
    const ev = trainer.evaluate();
    expect(Object.keys(ev.relL2ByOutput)).toEqual(['u', 'v']);
    // Inside the unit disk on a 21 x 21 grid over [-1, 1]^2: the exact values are NaN exactly outside.
    let inside = 0;
    ev.points.x.forEach((x, i) => {
      const inDisk = x * x + ev.points.y[i] ** 2 <= 1 + 1e-9;
      expect(ev.inside[i]).toBe(inDisk ? 1 : 0);
      expect(Number.isNaN(ev.exact[0][i])).toBe(!inDisk);
      inside += inDisk ? 1 : 0;
    });
    expect(inside).toBeGreaterThan(300);
    // Errors by hand over the inside points; v up to a constant.
    const idx = Array.from(ev.inside.keys()).filter((i) => ev.inside[i]);
    const rel = (j: number) => Math.sqrt(idx.reduce((s, i) => s + (ev.predicted[j][i] - ev.exact[j][i]) ** 2, 0) / idx.reduce((s, i) => s + ev.exact[j][i] ** 2, 0));
    expect(ev.relL2ByOutput.u).toBeCloseTo(rel(0), 10);
    expect(ev.relL2ByOutput.v).toBeCloseTo(rel(1), 10);
    const meanShift = idx.reduce((s, i) => s + ev.predicted[1][i] - 1, 0) / idx.length;
    expect(Math.abs(meanShift)).toBeLessThan(1e-9);
    expect(Number.isFinite(ev.relL2)).toBe(true);
    trainer.dispose();
  });
});
