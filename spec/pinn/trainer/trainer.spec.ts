import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { NonFiniteLossError, Problem, TrainOptions, Trainer, heat, heatProblem, initBackend, wave } from '../../../lib/index.js';

beforeAll(async () => {
  await initBackend('wasm', { log: false });
});

/** A small, quick plan: the point is the machinery, not the accuracy. */
const tiny: TrainOptions = {
  network: { hidden: [8, 8], seed: 2 },
  sampling: { method: 'sobol', domain: 64, boundary: 16, resampleEvery: 4, rar: { candidates: 64, add: 8 }, seed: 3 },
  adam: { steps: 6, lr: 1e-2 },
  lbfgs: { steps: 6, historySize: 5 },
};

/** The heat problem whose residual turns NaN from its `after`-th evaluation on. */
function poisoned(after: number): Problem {
  const base = heatProblem();
  let calls = 0;
  return { ...base, residual: (d, p) => (++calls >= after ? tf.mul(base.residual(d, p) as tf.Tensor2D, NaN) : base.residual(d, p)) as tf.Tensor2D };
}

describe('Trainer', () => {
  it('trains the heat equation to a relative L2 error below 5e-2 in a short run (Adam then L-BFGS)', async () => {
    const trainer = new Trainer(heat.problem(), { ...heat.defaults, sampling: { domain: 500, boundary: 100 }, adam: { steps: 150, lr: 2e-3 }, lbfgs: { steps: 100 } });
    const result = await trainer.run();
    const { relL2 } = trainer.evaluate();
    trainer.dispose();
    expect(result.steps).toBe(250);
    expect(trainer.history.map((r) => r.phase).lastIndexOf('adam')).toBe(149);
    expect(relL2).toBeLessThan(5e-2);
  });

  it('does not grow tf.memory().numTensors across Adam steps, resampling with RAR, and L-BFGS steps', () => {
    const trainer = new Trainer(wave.problem(), tiny);
    trainer.step();
    const start = tf.memory().numTensors;
    for (let i = 1; i < 12; i++) {
      trainer.step();
      expect(tf.memory().numTensors, `after step ${i + 1}`).toBe(start);
    }
    trainer.dispose();
  });

  it('resumes from a saved state on the same loss curve as an uninterrupted run (Adam moments, L-BFGS history, sampler)', async () => {
    const whole = new Trainer(heat.problem(), tiny);
    await whole.run();
    const reference = whole.history.map((r) => r.loss);
    whole.dispose();
    for (const cut of [5, 9]) {
      const first = new Trainer(heat.problem(), tiny);
      for (let i = 0; i < cut; i++) first.step();
      const saved = JSON.parse(JSON.stringify(await first.state()));
      first.dispose();
      const before = tf.memory().numTensors;
      const second = new Trainer(heat.problem(), tiny);
      await second.setState(saved);
      await second.run();
      const resumed = second.history.map((r) => r.loss);
      second.dispose();
      expect(tf.memory().numTensors, 'tensors left by a resumed trainer').toBe(before);
      expect(resumed.length).toBe(reference.length);
      resumed.forEach((l, i) => expect(Math.abs(l - reference[i]) / reference[i], `cut ${cut}, step ${i + 1}`).toBeLessThan(1e-5));
    }
  });

  it('stops on a NaN loss with a message that says where and what', async () => {
    const trainer = new Trainer(poisoned(4), tiny);
    const error = await trainer.run().catch((e) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect(error.message).toMatch(/^Training stopped at step 4 \(adam\): the loss is NaN \(residual NaN, initial [\d.e-]+, dirichlet\(x-min,x-max\) [\d.e-]+\)\. The trainer keeps its last finite state/);
    expect(trainer.stepCount).toBe(3);
    trainer.dispose();
  });

  it('refuses a state from another problem or other options, saying what differs', async () => {
    const a = new Trainer(heat.problem(), tiny);
    const state = await a.state();
    a.dispose();
    const other = new Trainer(wave.problem(), tiny);
    await expect(other.setState(state)).rejects.toThrow("The checkpoint is for problem 'heat', but this run trains 'wave'.");
    other.dispose();
    const longer = new Trainer(heat.problem(), { ...tiny, adam: { steps: 7, lr: 1e-2 } });
    await expect(longer.setState(state)).rejects.toThrow('The checkpoint was made with other training options (adam.steps: checkpoint 6, now 7)');
    longer.dispose();
    const wider = new Trainer(heat.problem(), { ...tiny, network: { hidden: [8, 9], seed: 2 } });
    await expect(wider.setState(state)).rejects.toThrow("The checkpoint's network is [2,8,8,1] tanh, but this run's is [2,8,9,1] tanh");
    wider.dispose();
  });

  it('stops when asked from the step callback, and goes on when run again', async () => {
    const trainer = new Trainer(heat.problem(), tiny);
    expect(await trainer.run({ onStep: (r) => { if (r.step === 3) trainer.stop(); } })).toMatchObject({ steps: 3, reason: 'stopped' });
    expect((await trainer.run()).steps).toBe(12);
    trainer.dispose();
  });

  it('stops early once the loss is below the tolerance', async () => {
    const trainer = new Trainer(heat.problem(), { ...tiny, tolerance: 1e9 });
    expect(await trainer.run()).toMatchObject({ steps: 1, reason: 'tolerance' });
    trainer.dispose();
  });

  it('checks its options, naming the option', () => {
    expect(() => new Trainer(heat.problem(), { adam: { lr: -1 } })).toThrow("Option 'options.adam.lr' passed to 'Trainer' must be a finite number > 0, but got -1.");
    expect(() => new Trainer(heat.problem(), { sampling: { method: 'grid' as never } })).toThrow("Option 'options.sampling.method' passed to 'Trainer' must be 'uniform', 'lhs' or 'sobol', but got \"grid\".");
  });
});

describe('Trainer L-BFGS below the loss noise', () => {
  beforeAll(async () => {
    await initBackend('cpu', { log: false });
  });

  const tiny = { adam: { steps: 20, lr: 1e-2 }, sampling: { domain: 32, boundary: 8 }, network: { hidden: [4] } };

  it('ends L-BFGS on a loss plateau, saying so, and resumes a checkpoint from before these options existed', async () => {
    const trainer = new Trainer(heatProblem(), { ...tiny, lbfgs: { steps: 400, gradientSearch: 1e-4, plateau: { iterations: 10, change: 0.5 } } });
    const result = await trainer.run();
    expect(result.reason).toMatch(/^converged: loss plateau \(it fell by [0-9.e+-]+ of itself in 10 iterations\)$/);
    expect(result.steps).toBeLessThan(420);
    expect((result.steps - 20) % 10).toBe(0);
    trainer.dispose();
    // A checkpoint written without lbfgs.gradientSearch and lbfgs.plateau loads into a Trainer with their defaults.
    const a = new Trainer(heatProblem(), { ...tiny, lbfgs: { steps: 3 } });
    for (let i = 0; i < 22; i++) a.step();
    const state = await a.state();
    const { gradientSearch, plateau, ...older } = state.options.lbfgs;
    expect([gradientSearch, plateau]).toEqual([0, null]);
    const b = new Trainer(heatProblem(), { ...tiny, lbfgs: { steps: 3 } });
    await b.setState({ ...state, options: { ...state.options, lbfgs: older as typeof state.options.lbfgs } });
    expect(b.step().loss).toBe(a.step().loss);
    a.dispose();
    b.dispose();
  });
});
