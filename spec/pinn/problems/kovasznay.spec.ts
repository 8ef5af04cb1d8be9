import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { Rng, cavityProblem, kovasznayExact, kovasznayProblem, poissonDiskExact, poissonDiskSource } from '../../../lib/index.js';
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
