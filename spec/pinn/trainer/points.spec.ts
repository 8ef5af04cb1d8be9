import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { Rng, Trainer, burgersProblem, heatProblem } from '../../../lib/index.js';
import { checkTrainOptions } from '../../../lib/pinn/options.js';
import { drawBatch } from '../../../lib/pinn/trainer/points.js';
import { samplePoints } from '../../../lib/sampling/points.js';
import { residuals } from '../../../lib/pinn/loss/residuals.js';
import { heatInverse as heatInverseFixture } from '../../fixtures/heat_inverse.js';
import { describeOnBackends } from '../../helpers/backends.js';

/** Heat u_t = k u_xx, k unknown, observed at 40 random points (the data condition of options.sampling.residualAtData). */
const heatInverse = () => heatInverseFixture({ points: 40, seed: 7, init: -2, grid: 11, exact: false });

const plan = { network: { hidden: [6], seed: 3 }, adam: { steps: 1, lr: 1e-3 }, lbfgs: { steps: 0 } };

describeOnBackends('options.sampling.residualAtData', () => {
  it('with domain 0 evaluates the residual at the data points only: the loss part is their mean square residual', async () => {
    const before = tf.memory().numTensors;
    const problem = heatInverse();
    const data = problem.conditions[0] as { points: Record<string, number[]> };
    const trainer = new Trainer(problem, { ...plan, sampling: { domain: 0, residualAtData: true } });
    const p = trainer.collocationPoints;
    expect(Array.from(p.x)).toEqual(data.points.x);
    expect(Array.from(p.t)).toEqual(data.points.t);
    // By hand, before the step: the residual at the 40 data points with the initial weights and k = e^-2.
    const want = tf.tidy(() => {
      const cols = { x: tf.tensor2d(data.points.x, [40, 1]), t: tf.tensor2d(data.points.t, [40, 1]) };
      const r = residuals(problem, trainer.net, cols, { k: tf.scalar(Math.exp(-2)) })[0];
      return tf.mean(tf.square(r)).dataSync()[0];
    });
    const record = await trainer.stepAsync();
    expect(want).toBeGreaterThan(0);
    expect(Math.abs(record.parts.residual - want) / want).toBeLessThan(1e-5);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('with domain N keeps the same N sampled points first and appends the data points', () => {
    const before = tf.memory().numTensors;
    const problem = heatInverse();
    const data = problem.conditions[0] as { points: Record<string, number[]> };
    const plain = new Trainer(problem, { ...plan, sampling: { domain: 16, seed: 4 } });
    const both = new Trainer(problem, { ...plan, sampling: { domain: 16, seed: 4, residualAtData: true } });
    const a = plain.collocationPoints;
    const b = both.collocationPoints;
    expect(b.x.length).toBe(16 + 40);
    expect(Array.from(b.x.slice(0, 16))).toEqual(Array.from(a.x));
    expect(Array.from(b.t.slice(0, 16))).toEqual(Array.from(a.t));
    expect(Array.from(b.x.slice(16))).toEqual(data.points.x);
    expect(Array.from(b.t.slice(16))).toEqual(data.points.t);
    plain.dispose();
    both.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses domain 0 without it, a non-boolean, and a problem without data, by name', () => {
    const before = tf.memory().numTensors;
    expect(() => new Trainer(heatInverse(), { ...plan, sampling: { domain: 0 } })).toThrow(
      "Option 'options.sampling.domain' passed to 'Trainer' must be an integer >= 1 (0 only with options.sampling.residualAtData), but got 0.",
    );
    expect(() => new Trainer(heatInverse(), { ...plan, sampling: { residualAtData: 'yes' as unknown as boolean } })).toThrow(
      "Option 'options.sampling.residualAtData' passed to 'Trainer' must be true or false, but got \"yes\".",
    );
    expect(() => new Trainer(heatProblem(), { ...plan, sampling: { residualAtData: true } })).toThrow(
      "Option 'options.sampling.residualAtData' passed to 'Trainer' is true, but problem 'heat' has no data condition whose points could carry the residual.",
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('problems on geometries', () => {
  it('a box problem draws the same points as before geometry (interior and faces)', () => {
    const problem = burgersProblem();
    const options = checkTrainOptions({ sampling: { method: 'sobol', domain: 300, boundary: 40 } });
    const batch = drawBatch(problem, options.sampling, new Rng(7), {}, null);
    const rng = new Rng(7);
    const interior = samplePoints(problem.domain!, 300, 'sobol', rng, { index: 0, shift: [] });
    expect(Array.from(batch.interior.x)).toEqual(Array.from(interior.x));
    expect(Array.from(batch.interior.t)).toEqual(Array.from(interior.t));
    // Condition 0 (initial), then 1 (x-min, x-max), as samplePoints drew them face by face.
    const c0 = { index: 0, shift: [] as number[] };
    const init = samplePoints(problem.domain!, 40, 'sobol', rng, c0, { t: 0 });
    const c1 = { index: 0, shift: [] as number[] };
    const lo = samplePoints(problem.domain!, 20, 'sobol', rng, c1, { x: -1 });
    const hi = samplePoints(problem.domain!, 20, 'sobol', rng, c1, { x: 1 });
    expect(Array.from(batch.conditions[0][0].x)).toEqual(Array.from(init.x));
    expect(Array.from(batch.conditions[1][0].t)).toEqual(Array.from(lo.t));
    expect(Array.from(batch.conditions[1][1].t)).toEqual(Array.from(hi.t));
    expect(Array.from(batch.conditions[1][0]['n:x'])).toEqual(new Array(20).fill(-1));
  });
});
