// Causal training (lib/pinn/loss/causal.ts; option `causal`): the chunk matrix orders points by time, the weights
// follow w_i = exp(-eps · sum_{k<i} L_k) (hand-computed case), carry no gradient, are monotone in time, reach 1 at a
// zero residual; systems share one set of weights; the Trainer reports the smallest and resumes bit for bit.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { Problem, TrainOptions, Trainer, heatProblem, poisson2dProblem, schrodingerProblem } from '../../../lib/index.js';
import { disposeTensorBatch, pointsFromJSON, toTensorBatch } from '../../../lib/pinn/batch.js';
import { causalChunkMatrix, causalResidualLoss } from '../../../lib/pinn/loss/causal.js';
import { residuals } from '../../../lib/pinn/loss/residuals.js';
import { describeOnBackends } from '../../helpers/backends.js';

const plan: TrainOptions = {
  network: { hidden: [8, 8], seed: 2 },
  sampling: { domain: 64, boundary: 16, seed: 3 },
  adam: { steps: 6, lr: 1e-2 },
  lbfgs: { steps: 4, historySize: 3 },
  causal: { chunks: 8, epsilon: 1 },
};

/** A JSON copy, as a checkpoint file holds it. */
const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe('causalChunkMatrix', () => {
  it('puts the points in chunks by time rank, floor or ceil of N / M each, with 1 / n_i in its column', () => {
    const times = Float64Array.of(0.5, 0.1, 0.9, 0.3, 0.7, 0.2, 0.6);
    const c = causalChunkMatrix(times, 3);
    const rows = c.arraySync();
    c.dispose();
    // By rank: 0.1 (1), 0.2 (5), 0.3 (3) | 0.5 (0), 0.6 (6) | 0.7 (4), 0.9 (2); ranks 0-2 -> 0, 3-4 -> 1, 5-6 -> 2.
    const chunkOf = rows.map((r) => r.findIndex((v) => v > 0));
    expect(chunkOf).toEqual([1, 0, 2, 0, 2, 0, 1]);
    rows.forEach((r, j) => expect(r[chunkOf[j]]).toBeCloseTo(1 / [3, 2, 2][chunkOf[j]], 7));
    rows.forEach((r) => expect(r.filter((v) => v !== 0).length).toBe(1));
  });

  it('refuses fewer points than chunks', () => {
    expect(() => causalChunkMatrix([0.1, 0.2], 3)).toThrow("'causalChunkMatrix' needs at least one point per chunk, but got 2 points for 3 chunks.");
  });
});

describeOnBackends('causalResidualLoss', () => {
  it('equals the formula on a hand-computed case: w_i = exp(-eps · sum_{k<i} L_k), loss = mean_i w_i L_i', () => {
    const before = tf.memory().numTensors;
    // Points j = 0..5 at times 0.5, 0.1, 0.9, 0.3, 0.7, 0.2; chunks (M = 3) by rank: {1, 5}, {3, 0}, {4, 2}.
    const chunks = causalChunkMatrix([0.5, 0.1, 0.9, 0.3, 0.7, 0.2], 3);
    const r = tf.tensor2d([1, 2, 3, 0, 1, 0], [6, 1]);
    const { losses, minWeight, weights } = causalResidualLoss([r], chunks, 0.5);
    // L = [(2^2 + 0^2) / 2, (0^2 + 1^2) / 2, (1^2 + 3^2) / 2] = [2, 0.5, 5]; w = [1, e^-1, e^-1.25].
    const w = [1, Math.exp(-0.5 * 2), Math.exp(-0.5 * 2.5)];
    expect(Array.from(weights.dataSync())).toEqual(w.map((v) => expect.closeTo(v, 6)));
    expect(losses[0].dataSync()[0]).toBeCloseTo((2 * w[0] + 0.5 * w[1] + 5 * w[2]) / 3, 6);
    expect(minWeight.dataSync()[0]).toBeCloseTo(Math.exp(-1.25), 6);
    tf.dispose([chunks, r, losses, minWeight, weights]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('holds the weights constant in the gradient: d loss / d r_j = 2 r_j w_c(j) / (n_c(j) M)', () => {
    const chunks = causalChunkMatrix([0.5, 0.1, 0.9, 0.3, 0.7, 0.2], 3);
    const r = tf.tensor2d([1, 2, 3, 0, 1, 0], [6, 1]);
    const g = tf.grad((x: tf.Tensor) => causalResidualLoss([x as tf.Tensor2D], chunks, 0.5).losses[0])(r);
    const w = [1, Math.exp(-1), Math.exp(-1.25)];
    const chunkOf = [1, 0, 2, 1, 2, 0];
    const expected = [1, 2, 3, 0, 1, 0].map((rj, j) => (2 * rj * w[chunkOf[j]]) / (2 * 3));
    Array.from(g.dataSync()).forEach((v, j) => expect(v, `r_${j}`).toBeCloseTo(expected[j], 6));
    tf.dispose([chunks, r, g]);
  });

  it('gives weights non-increasing in time, point by point, for a network residual; min weight -> 1 as the residual -> 0', () => {
    const trainer = new Trainer(heatProblem(), plan);
    const t = trainer.collocationPoints.t;
    const chunks = causalChunkMatrix(t, 8);
    const columns = toTensorBatch({ interior: trainer.collocationPoints, conditions: [] }).interior;
    const owner = chunks.argMax(1);
    for (const scale of [1, 1e-2, 1e-4]) {
      const r = tf.tidy(() => tf.mul(residuals(trainer.problem, trainer.net, columns)[0], scale * 30) as tf.Tensor2D);
      const { losses, minWeight, weights } = causalResidualLoss([r], chunks, 1);
      const w = weights.dataSync();
      const perPoint = Array.from(owner.dataSync(), (c) => w[c]);
      const order = Array.from(t.keys()).sort((a, b) => t[a] - t[b]);
      for (let i = 1; i < order.length; i++) expect(perPoint[order[i]]).toBeLessThanOrEqual(perPoint[order[i - 1]]);
      const min = minWeight.dataSync()[0];
      if (scale === 1) expect(min).toBeLessThan(0.5);
      if (scale === 1e-4) expect(min).toBeGreaterThan(1 - 1e-5);
      tf.dispose([r, losses, minWeight, weights]);
    }
    tf.dispose([chunks, owner, ...Object.values(columns)]);
    trainer.dispose();
  });
});

describeOnBackends('Trainer option causal', () => {
  it('reports the smallest causal weight of each step, the one the chunks of its points give; new chunks for new points, no tensor left', () => {
    const options: TrainOptions = { ...plan, sampling: { ...plan.sampling, resampleEvery: 1 } };
    const trainer = new Trainer(heatProblem(), options);
    try {
      const r = trainer.step();
      const before = tf.memory().numTensors;
      // A fresh trainer holds the weights and points of step 1 (points are redrawn from step 2 on).
      const fresh = new Trainer(heatProblem(), options);
      const batch = toTensorBatch({ interior: fresh.collocationPoints, conditions: [] });
      const chunks = causalChunkMatrix(fresh.collocationPoints.t, 8);
      const direct = tf.tidy(() => ({ ...causalResidualLoss(residuals(fresh.problem, fresh.net, batch.interior), chunks, 1) }));
      expect(r.causalMinWeight).toBeCloseTo(direct.minWeight.dataSync()[0], 6);
      expect(r.parts.residual).toBeCloseTo(direct.losses[0].dataSync()[0], 6);
      tf.dispose([chunks, direct.losses, direct.minWeight, direct.weights]);
      disposeTensorBatch(batch);
      fresh.dispose();
      for (let i = 1; i < 10; i++) {
        const record = trainer.step();
        expect(record.causalMinWeight).toBeGreaterThan(0);
        expect(record.causalMinWeight).toBeLessThanOrEqual(1);
      }
      expect(tf.memory().numTensors).toBe(before);
      expect(trainer.history.every((h) => typeof h.causalMinWeight === 'number')).toBe(true);
    } finally {
      trainer.dispose();
    }
  });

  it('with epsilon 0 (all weights 1) and equal chunks is the plain mean square: the same losses as without it', () => {
    const a = new Trainer(heatProblem(), { ...plan, causal: { chunks: 8, epsilon: 0 } });
    const b = new Trainer(heatProblem(), { ...plan, causal: null });
    try {
      for (let i = 0; i < 8; i++) {
        const [ra, rb] = [a.step(), b.step()];
        expect(ra.causalMinWeight).toBe(1);
        expect(Math.abs(ra.loss - rb.loss) / rb.loss, `step ${i + 1}`).toBeLessThan(1e-5);
      }
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('weights a system by its residuals\' summed chunk losses: one set of weights for all', async () => {
    const trainer = new Trainer(schrodingerProblem(), { ...plan, causal: { chunks: 4, epsilon: 2 } });
    try {
      const r = trainer.step();
      const fresh = new Trainer(schrodingerProblem(), plan);
      const batch = toTensorBatch({ interior: pointsFromJSON((await trainer.state()).batch.interior), conditions: [] });
      const chunks = causalChunkMatrix(fresh.collocationPoints.t, 4);
      const [l0, l1, w] = tf.tidy(() => {
        const [re, im] = residuals(fresh.problem, fresh.net, batch.interior);
        const chunkMeans = (x: tf.Tensor2D) => tf.matMul(tf.square(x), chunks, true, false).reshape([4]);
        const L = tf.add(chunkMeans(re), chunkMeans(im));
        return [chunkMeans(re), chunkMeans(im), tf.exp(tf.mul(tf.cumsum(L, 0, true), -2))];
      });
      const [a, b, ws] = [l0.dataSync(), l1.dataSync(), w.dataSync()];
      const mean = (l: ArrayLike<number>) => Array.from(l).reduce((s, v, i) => s + v * ws[i], 0) / 4;
      expect(r.parts['residual:real']).toBeCloseTo(mean(a), 6);
      expect(r.parts['residual:imaginary']).toBeCloseTo(mean(b), 6);
      expect(r.causalMinWeight).toBeCloseTo(Math.min(...ws), 6);
      tf.dispose([l0, l1, w, chunks]);
      disposeTensorBatch(batch);
      fresh.dispose();
    } finally {
      trainer.dispose();
    }
  });

  it('resumes from a checkpoint on the same loss curve bit for bit (Adam, fresh points every step, L-BFGS)', async () => {
    const options: TrainOptions = { ...plan, sampling: { ...plan.sampling, resampleEvery: 1 } };
    const whole = new Trainer(heatProblem(), options);
    await whole.run();
    whole.dispose();
    for (const cut of [3, 7]) {
      const first = new Trainer(heatProblem(), options);
      for (let i = 0; i < cut; i++) first.step();
      const saved = copy(await first.state());
      first.dispose();
      const second = new Trainer(heatProblem(), options);
      await second.setState(saved);
      await second.run();
      expect(second.history.map((h) => [h.loss, h.causalMinWeight])).toEqual(whole.history.map((h) => [h.loss, h.causalMinWeight]));
      second.dispose();
    }
  });

  it('refuses a checkpoint whose recorded smallest weight is not in [0, 1], naming it', async () => {
    const trainer = new Trainer(heatProblem(), plan);
    try {
      trainer.step();
      const state = copy(await trainer.state());
      state.history[0].causalMinWeight = 1.5;
      await expect(trainer.setState(state)).rejects.toThrow("The checkpoint's history[0].causalMinWeight is 1.5; expected a number in [0, 1].");
    } finally {
      trainer.dispose();
    }
  });
});

describe('option causal is checked', () => {
  const make = (problem: () => Problem, options: unknown) => () => new Trainer(problem(), options as TrainOptions).dispose();

  it('refuses a problem without a time input, and fewer points than chunks, naming the option', () => {
    const before = tf.memory().numTensors;
    expect(make(poisson2dProblem, { causal: {} })).toThrow(
      "Option 'options.causal' passed to 'Trainer' orders the residual points by time, but problem 'poisson2d' has no time input (its 'time' is not set; inputs: x, y); set options.causal to null.",
    );
    expect(make(heatProblem, { sampling: { domain: 20 }, causal: { chunks: 32 } })).toThrow(
      "Option 'options.causal' passed to 'Trainer' splits the residual points into 32 chunks (options.causal.chunks), but there are only 20 (options.sampling.domain): give at least one point per chunk.",
    );
    // Refused before any weight was made.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses bad values by name', () => {
    expect(make(heatProblem, { causal: { chunks: 0 } })).toThrow("Option 'options.causal.chunks' passed to 'Trainer' must be an integer >= 1, but got 0.");
    expect(make(heatProblem, { causal: { chunks: 2.5 } })).toThrow("Option 'options.causal.chunks' passed to 'Trainer' must be an integer >= 1, but got 2.5.");
    expect(make(heatProblem, { causal: { epsilon: -1 } })).toThrow("Option 'options.causal.epsilon' passed to 'Trainer' must be a finite number >= 0, but got -1.");
    expect(make(heatProblem, { causal: { epsilon: NaN } })).toThrow("Option 'options.causal.epsilon' passed to 'Trainer' must be a finite number >= 0, but got NaN.");
    expect(make(heatProblem, { causal: { chunk: 4 } })).toThrow("Unknown key 'chunk' in options.causal passed to 'Trainer'; valid keys: chunks, epsilon. Did you mean 'chunks'?");
    expect(make(heatProblem, { causal: 32 })).toThrow("Option 'options.causal' passed to 'Trainer' must be an object or null, but got 32.");
  });
});
