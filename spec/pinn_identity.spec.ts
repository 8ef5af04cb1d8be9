import { beforeAll, describe, expect, it } from 'vitest';

import { BURGERS_NU, TrainOptions, Trainer, TrainerState, burgersProblem, heatProblem, initBackend, kdvProblem, waveProblem } from '../lib/index.js';

beforeAll(async () => {
  await initBackend('wasm', { log: false });
});

const plan: TrainOptions = {
  network: { hidden: [6, 6], seed: 2 },
  sampling: { domain: 32, boundary: 8, seed: 3 },
  adam: { steps: 3, lr: 1e-2 },
  lbfgs: { steps: 4, historySize: 3 },
};

/** A JSON copy, as a checkpoint file holds it. */
const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe('problem identity', () => {
  it('shipped problems state their constants', () => {
    expect(heatProblem(0.3).constants).toEqual({ alpha: 0.3 });
    expect(burgersProblem().constants).toEqual({ nu: BURGERS_NU });
    expect(waveProblem(2).constants).toEqual({ c: 2 });
    expect(kdvProblem(3, 0).constants).toEqual({ c: 3, x0: 0 });
  });

  it('a state of heat(alpha = 0.1) does not load into heat(alpha = 0.5), nor one that does not state its parameters', async () => {
    const a = new Trainer(heatProblem(0.1), plan);
    a.step();
    const state = copy(await a.state());
    a.dispose();
    expect(state.params).toEqual({ alpha: 0.1 });
    const b = new Trainer(heatProblem(0.5), plan);
    await expect(b.setState(state)).rejects.toThrow("The checkpoint is for problem 'heat' with parameters {alpha: 0.1}, but this run trains 'heat' with parameters {alpha: 0.5}.");
    const { params: _, ...unstated } = state;
    await expect(b.setState(unstated as TrainerState)).rejects.toThrow("The checkpoint does not state the parameters of problem 'heat'; this run's are {alpha: 0.5}. Start afresh.");
    b.dispose();
  });
});

describe('Trainer.setState is all-or-nothing', () => {
  /** Each spoils one part of a valid state from another run at another step. */
  const spoilers: [string, (s: TrainerState) => void, string][] = [
    ['Adam moments', (s) => s.adam!.moments.pop(), "The checkpoint's Adam state has 11 moments, expected 12."],
    ['L-BFGS vector', (s) => s.lbfgs!.x.pop(), 'L-BFGS state has 66 parameters, but this problem has 67.'],
    ['sampler state', (s) => (s.rng = [1, 2, 3] as never), "The checkpoint's sampler state (rng) must be four unsigned 32-bit integers, but got [1,2,3]."],
    ['points', (s) => delete (s.batch.interior as Record<string, number[]>).t, "The checkpoint's points (batch.interior) must have coordinates x, t of equal length, but have x."],
    ['condition points', (s) => s.batch.conditions.pop(), "The checkpoint's points (batch.conditions) must have one entry per condition (2), but have 1."],
    ['history', (s) => (s.history = {} as never), "The checkpoint's history must be an array of step records, but got {}."],
    ['weights', (s) => (s.layers[0].bias[0] = null as never), "layers[0].bias passed to 'Trainer.setState' must hold 6 finite numbers (one per output), but has 6."],
  ];

  for (const [what, spoil, message] of spoilers) {
    it(`refuses a state with bad ${what} and leaves the trainer exactly as it was`, async () => {
      const other = new Trainer(heatProblem(), plan);
      for (let i = 0; i < 5; i++) other.step();
      const bad = copy(await other.state());
      other.dispose();
      spoil(bad);
      const trainer = new Trainer(heatProblem(), plan);
      for (let i = 0; i < 4; i++) trainer.step();
      const before = copy(await trainer.state());
      await expect(trainer.setState(bad)).rejects.toThrow(message);
      expect(copy(await trainer.state())).toEqual(before);
      expect(trainer.stepCount).toBe(4);
      trainer.dispose();
    });
  }
});
