import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { MLP, Problem, TrainOptions, Trainer, initBackend } from '../../../lib/index.js';

beforeAll(async () => {
  await initBackend('wasm', { log: false });
});

const plan: TrainOptions = {
  network: { hidden: [6], seed: 4 },
  sampling: { domain: 32, boundary: 8, seed: 1 },
  adam: { steps: 3, lr: 1e-2 },
  lbfgs: { steps: 3, historySize: 3 },
};

/** u'' = -π² cos(πx) on [0, 1] with u' = 0 at both ends: u is fixed only up to a constant, so the output bias gets no gradient. */
const neumann: Problem = {
  name: 'neumann',
  title: 'pure Neumann',
  inputs: ['x'],
  outputs: ['u'],
  domain: { x: [0, 1] },
  terms: ['u_xx'],
  residual: (d, p) => tf.add(d.u_xx, tf.mul(tf.cos(tf.mul(p.x, Math.PI)), Math.PI ** 2)) as tf.Tensor2D,
  conditions: [{ kind: 'neumann', on: ['x-min', 'x-max'], value: 0 }],
  grid: { x: 11 },
};

describe('weights without a gradient', () => {
  const cases: [string, Problem][] = [
    ['a pure-Neumann problem', neumann],
    ['a problem with no conditions', { ...neumann, name: 'free', conditions: [] }],
  ];
  for (const [name, problem] of cases) {
    it(`trains ${name} through Adam and L-BFGS, leaving the output bias as it was`, async () => {
      const before = tf.memory().numTensors;
      const trainer = new Trainer(problem, plan);
      const bias = Array.from((trainer.net as MLP).biases.at(-1)!.dataSync());
      const result = await trainer.run();
      expect(trainer.history.map((r) => r.phase)).toContain('lbfgs');
      expect(Number.isFinite(result.loss)).toBe(true);
      expect(result.loss).toBeLessThan(trainer.history[0].loss);
      expect(Array.from((trainer.net as MLP).biases.at(-1)!.dataSync())).toEqual(bias);
      trainer.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
