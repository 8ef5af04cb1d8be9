import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Problem, TrainOptions, Trainer, heatProblem, initBackend } from '../lib/index.js';
import { tapeActive } from '../lib/internals/engine.js';
import { readCheckpoint, writeCheckpoint } from '../lib/node/index.js';

let dir: string;
beforeAll(async () => {
  await initBackend('wasm', { log: false });
  dir = await mkdtemp(join(tmpdir(), 'pinn-edges-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const plan: TrainOptions = {
  network: { hidden: [6], seed: 2 },
  sampling: { domain: 16, boundary: 4, seed: 3 },
  adam: { steps: 2, lr: 1e-2 },
  lbfgs: { steps: 2, historySize: 2 },
};

/** Heat whose residual does `bad` instead from its `after`-th call on. */
function failing(after: number, bad: (d: Record<string, tf.Tensor2D>) => tf.Tensor): Problem {
  const base = heatProblem();
  let calls = 0;
  return { ...base, residual: (d, p) => (++calls >= after ? bad(d) : base.residual(d, p)) };
}

describe('a failed step', () => {
  const failures: [string, (d: Record<string, tf.Tensor2D>) => tf.Tensor][] = [
    ['a residual that throws', () => {
      throw new Error('boom');
    }],
    ['a residual of the wrong shape', (d) => tf.concat([d.u_t, d.u_t], 1)],
    ['a NaN residual', (d) => tf.mul(d.u_t, NaN)],
  ];
  for (const [what, bad] of failures) {
    for (const after of [1, 3]) {
      it(`leaks no tensor and leaves no tape active: ${what}, ${after === 1 ? 'in Adam' : 'in L-BFGS'}`, () => {
        const trainer = new Trainer(failing(after, bad), plan);
        for (let i = 1; i < after; i++) trainer.step();
        const before = tf.memory().numTensors;
        expect(() => trainer.step()).toThrow();
        expect(tf.memory().numTensors).toBe(before);
        expect(tapeActive()).toBe(false);
        expect(() => trainer.step()).toThrow();
        expect(tf.memory().numTensors).toBe(before);
        expect(tapeActive()).toBe(false);
        trainer.dispose();
      });
    }
  }
});

describe('a residual that reads a term missing from problem.terms', () => {
  it('is told which term and what problem.terms holds', () => {
    const p: Problem = { ...heatProblem(), terms: ['u_t'] };
    const trainer = new Trainer(p, plan);
    const before = tf.memory().numTensors;
    expect(() => trainer.step()).toThrow("Problem 'heat': the residual reads d.u_xx, which is not in problem.terms [u_t]; add 'u_xx' to terms.");
    expect(tf.memory().numTensors).toBe(before);
    expect(tapeActive()).toBe(false);
    trainer.dispose();
  });
});

describe('checkpoint files written at once', () => {
  it('two concurrent writes to one path leave one whole checkpoint and no temporary file', async () => {
    const states = [];
    for (const seed of [1, 2, 3, 4]) {
      const trainer = new Trainer(heatProblem(), { ...plan, network: { hidden: [40, 40], seed }, sampling: { domain: 2000, boundary: 200 } });
      states.push(JSON.parse(JSON.stringify(await trainer.state())));
      trainer.dispose();
    }
    const path = join(dir, 'shared', 'checkpoint.json');
    const results = await Promise.allSettled(states.map((s) => writeCheckpoint(path, s)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const read = await readCheckpoint(path);
    expect(states.some((s) => JSON.stringify(s) === JSON.stringify(read))).toBe(true);
    expect(await readdir(join(dir, 'shared'))).toEqual(['checkpoint.json']);
  });
});
