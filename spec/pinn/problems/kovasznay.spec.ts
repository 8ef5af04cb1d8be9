import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

import { Rng, kovasznayProblem } from '../../../lib/index.js';
import { sampleConditionPoints, toColumns } from '../../../lib/pinn/batch.js';
import { conditionMisfits } from '../../../lib/pinn/loss/misfits.js';
import { residuals } from '../../../lib/pinn/loss/residuals.js';
import { describeOnBackends } from '../../helpers/backends.js';

// A "network" that is the exact Kovasznay flow: the problem's residuals and conditions must vanish on it.
function kovasznayNet(re: number) {
  const lambda = re / 2 - Math.sqrt((re * re) / 4 + 4 * Math.PI * Math.PI);
  return {
    forward: (p: Record<string, tf.Tensor>) => {
      const e = tf.exp(tf.mul(p.x, lambda));
      const u = tf.sub(1, tf.mul(e, tf.cos(tf.mul(p.y, 2 * Math.PI))));
      const v = tf.mul(tf.mul(e, tf.sin(tf.mul(p.y, 2 * Math.PI))), lambda / (2 * Math.PI));
      const pr = tf.mul(tf.sub(1, tf.square(e)), 0.5);
      return tf.concat([u, v, pr], 1) as tf.Tensor2D;
    },
  };
}

describeOnBackends('kovasznay problem statement', () => {
  it('its residuals and boundary conditions vanish at the exact flow (float32)', () => {
    // The statement without its output transform, so the "network" is the solution itself.
    const problem = { ...kovasznayProblem(), transform: undefined };
    const net = kovasznayNet(20);
    const rng = new Rng(3);
    const p = toColumns({ x: Float64Array.from({ length: 64 }, () => -0.5 + 1.5 * rng.next()), y: Float64Array.from({ length: 64 }, () => -0.5 + 2 * rng.next()) });
    const sets = sampleConditionPoints(problem, 64, 'sobol', new Rng(1), {});
    tf.tidy(() => {
      for (const r of residuals(problem, net, p)) expect(tf.max(tf.abs(r)).dataSync()[0]).toBeLessThan(2e-4);
      problem.conditions.forEach((c, i) => {
        for (const m of conditionMisfits(problem, c, net, sets[i].map(toColumns))) expect(tf.max(tf.abs(m)).dataSync()[0]).toBeLessThan(1e-5);
      });
    });
  });
});
