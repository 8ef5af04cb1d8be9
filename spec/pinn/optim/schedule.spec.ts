// learningRate (lib/pinn/optim/schedule.ts): warm-up and exponential decay against their closed forms, and the
// Trainer following it (options adam.warmup, adam.decay.staircase), checked options.
import { beforeAll, describe, expect, it } from 'vitest';

import { TrainOptions, Trainer, checkTrainOptions, heatProblem, initBackend } from '../../../lib/index.js';
import { Schedule, learningRate } from '../../../lib/pinn/optim/schedule.js';

beforeAll(async () => {
  await initBackend('cpu', { log: false });
});

const close = (a: number, b: number) => expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(1e-12);

describe('learningRate', () => {
  it('without warm-up or decay is the constant rate', () => {
    for (const s of [0, 1, 999, 1e6]) expect(learningRate({ lr: 3e-3, warmup: null, decay: null }, s)).toBe(3e-3);
  });

  it('with a staircase decay is the Trainer schedule before warm-ups existed, lr · rate^floor(s / every)', () => {
    const schedule: Schedule = { lr: 1e-3, warmup: null, decay: { every: 2000, rate: 0.9, staircase: true } };
    for (const s of [0, 1, 1999, 2000, 2001, 3999, 4000, 123456]) expect(learningRate(schedule, s)).toBe(1e-3 * 0.9 ** Math.floor(s / 2000));
  });

  it('with a smooth decay is optax exponential_decay, lr · rate^(s / every), equal to the staircase at multiples of every', () => {
    const smooth: Schedule = { lr: 1e-3, warmup: null, decay: { every: 2000, rate: 0.9, staircase: false } };
    close(learningRate(smooth, 1000), 1e-3 * Math.sqrt(0.9));
    close(learningRate(smooth, 500), 1e-3 * 0.9 ** 0.25);
    for (const k of [0, 1, 5]) close(learningRate(smooth, 2000 * k), learningRate({ ...smooth, decay: { ...smooth.decay!, staircase: true } }, 2000 * k));
    for (let s = 1; s < 10_000; s += 97) expect(learningRate(smooth, s)).toBeLessThan(learningRate(smooth, s - 1));
  });

  it('warms up linearly from `from` · lr to lr over N steps, then decays from the end of the warm-up (optax warmup_exponential_decay_schedule)', () => {
    const schedule: Schedule = { lr: 2e-3, warmup: { steps: 100, from: 0 }, decay: { every: 50, rate: 0.5, staircase: false } };
    expect(learningRate(schedule, 0)).toBe(0);
    close(learningRate(schedule, 25), 5e-4);
    close(learningRate(schedule, 99), 2e-3 * 0.99);
    expect(learningRate(schedule, 100)).toBe(2e-3);
    close(learningRate(schedule, 150), 1e-3);
    close(learningRate(schedule, 175), 2e-3 * 0.5 ** 1.5);
    const from = { ...schedule, warmup: { steps: 10, from: 0.1 } };
    close(learningRate(from, 0), 2e-4);
    close(learningRate(from, 5), 2e-3 * 0.55);
    expect(learningRate(from, 10)).toBe(2e-3);
  });
});

describe('the Trainer follows the schedule', () => {
  const plan: TrainOptions = { network: { hidden: [6, 6], seed: 2 }, sampling: { domain: 32, boundary: 8, seed: 3 }, adam: { steps: 4, lr: 1e-2 }, lbfgs: { steps: 0 } };

  it('takes a first step of rate 0 with a warm-up from 0 (the weights stay: the second loss is the first), then moves', () => {
    const trainer = new Trainer(heatProblem(), { ...plan, adam: { ...plan.adam, warmup: { steps: 3 } } });
    try {
      const [a, b, c] = [trainer.step(), trainer.step(), trainer.step()];
      expect(b.loss).toBe(a.loss);
      expect(c.loss).not.toBe(b.loss);
    } finally {
      trainer.dispose();
    }
  });

  it('follows a staircase decay (the default) and a smooth one step by step', () => {
    // A decay of rate 1e-30 after the first step stops training in all but the first step.
    const stopped = new Trainer(heatProblem(), { ...plan, adam: { ...plan.adam, decay: { every: 1, rate: 1e-30 } } });
    const smooth = new Trainer(heatProblem(), { ...plan, adam: { ...plan.adam, decay: { every: 2, rate: 1e-30, staircase: false } } });
    const stair = new Trainer(heatProblem(), { ...plan, adam: { ...plan.adam, decay: { every: 2, rate: 1e-30 } } });
    try {
      const losses = (t: Trainer) => [t.step(), t.step(), t.step(), t.step()].map((r) => r.loss);
      const [s, m, st] = [losses(stopped), losses(smooth), losses(stair)];
      // every 1: steps 2.. have rate ~0, so losses 2, 3, 4 are equal.
      expect(s[2]).toBe(s[1]);
      expect(s[3]).toBe(s[1]);
      // smooth, every 2: step 2 has rate 1e-15 · lr, no move; staircase every 2: step 2 has the full rate.
      expect(m[2]).toBe(m[1]);
      expect(st[2]).not.toBe(st[1]);
      expect(st[3]).toBe(st[2]);
    } finally {
      [stopped, smooth, stair].forEach((t) => t.dispose());
    }
  });

  it('checks the schedule options, naming them', () => {
    const make = (adam: unknown) => () => checkTrainOptions({ adam } as TrainOptions);
    expect(make({ warmup: { steps: 0 } })).toThrow("Option 'options.adam.warmup.steps' passed to 'Trainer' must be an integer >= 1, but got 0.");
    expect(make({ warmup: { steps: 10, from: 1 } })).toThrow("Option 'options.adam.warmup.from' passed to 'Trainer' must be a number in [0, 1), but got 1.");
    expect(make({ warmup: 100 })).toThrow("Option 'options.adam.warmup' passed to 'Trainer' must be an object or null, but got 100.");
    expect(make({ warmup: { step: 10 } })).toThrow("Unknown key 'step' in options.adam.warmup passed to 'Trainer'; valid keys: steps, from. Did you mean 'steps'?");
    expect(make({ decay: { every: 10, rate: 0.5, staircase: 'no' } })).toThrow("Option 'options.adam.decay.staircase' passed to 'Trainer' must be true or false, but got \"no\".");
    expect(checkTrainOptions({ adam: { decay: { every: 10, rate: 0.5 }, warmup: { steps: 5 } } }).adam).toEqual({
      steps: 1000,
      lr: 1e-3,
      decay: { every: 10, rate: 0.5, staircase: true },
      warmup: { steps: 5, from: 0 },
    });
    expect(checkTrainOptions({}).adam).toEqual({ steps: 1000, lr: 1e-3, decay: null, warmup: null });
  });
});
