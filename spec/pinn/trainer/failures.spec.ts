import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { MLP, NonFiniteLossError, Problem, TrainOptions, Trainer, TrainerState, heatProblem, initBackend } from '../../../lib/index.js';
import { tapeActive } from '../../../lib/internals/engine.js';

beforeAll(async () => {
  await initBackend('wasm', { log: false });
});

/** Small and without resampling, so the residual is called once per loss evaluation. */
const plan: TrainOptions = {
  network: { hidden: [8, 8], seed: 2 },
  sampling: { method: 'sobol', domain: 64, boundary: 16, seed: 3 },
  adam: { steps: 4, lr: 1e-2 },
  lbfgs: { steps: 8, historySize: 5 },
};

/** Heat whose residual is NaN from its `after`-th evaluation on. */
function nanLoss(after: number): Problem {
  const base = heatProblem();
  let calls = 0;
  return { ...base, residual: (d, p) => (++calls >= after ? tf.mul(base.residual(d, p) as tf.Tensor2D, NaN) : base.residual(d, p)) as tf.Tensor2D };
}

/**
 * Heat whose loss stays finite but whose gradient is NaN from the `after`-th
 * evaluation on: sqrt(u_t² - u_t²) is 0, its derivative 0/0.
 */
function nanGradient(after: number): Problem {
  const base = heatProblem();
  let calls = 0;
  return {
    ...base,
    residual: (d, p) => {
      const r = base.residual(d, p) as tf.Tensor2D;
      return (++calls >= after ? tf.add(r, tf.sqrt(tf.sub(tf.square(d.u_t), tf.square(d.u_t)))) : r) as tf.Tensor2D;
    },
  };
}

const finite = (xs: number[]) => xs.every((x) => Number.isFinite(x));

/** Every number of a saved state's weights and optimiser state. */
function stateNumbers(s: TrainerState): number[] {
  const out = s.layers.flatMap((l) => [...l.weight.flat(), ...l.bias]);
  if (s.adam) out.push(...s.adam.moments.flat());
  if (s.lbfgs) out.push(...s.lbfgs.x, s.lbfgs.f ?? 0, ...(s.lbfgs.g ?? []));
  return out;
}

/** The error of a run, the state after it (through JSON, as a checkpoint file), and whether that state loads. */
async function runToError(problem: Problem) {
  const trainer = new Trainer(problem, plan);
  const error = await trainer.run().catch((e) => e);
  const state: TrainerState = JSON.parse(JSON.stringify(await trainer.state()));
  const steps = trainer.stepCount;
  trainer.dispose();
  const fresh = new Trainer(heatProblem(), plan);
  const loaded = await fresh.setState(state).then(() => 'loaded', (e: Error) => e.message);
  fresh.dispose();
  return { error, state, steps, loaded };
}

describe('non-finite values stop training at once', () => {
  it('Adam: a NaN loss stops at that step, saying the loss is not finite; the state after it is finite and loads', async () => {
    const { error, state, steps, loaded } = await runToError(nanLoss(3));
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect(error.nonFinite).toBe('loss');
    expect(error.message).toMatch(/^Training stopped at step 3 \(adam\): the loss is NaN \(residual NaN, initial [\d.e-]+, dirichlet\(x-min,x-max\) [\d.e-]+\)\./);
    expect(steps).toBe(2);
    expect(finite(stateNumbers(state))).toBe(true);
    expect(loaded).toBe('loaded');
  });

  it('Adam: a finite loss with a NaN gradient stops before the update, saying the gradient is not finite', async () => {
    const { error, state, steps, loaded } = await runToError(nanGradient(3));
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect(error.nonFinite).toBe('gradient');
    expect(error.message).toMatch(/^Training stopped at step 3 \(adam\): the gradient is not finite \(the loss is [\d.e-]+: residual [\d.e-]+, initial [\d.e-]+, dirichlet\(x-min,x-max\) [\d.e-]+\)\./);
    expect(steps).toBe(2);
    expect(state.adam?.iterations).toBe(2);
    expect(finite(stateNumbers(state))).toBe(true);
    expect(loaded).toBe('loaded');
  });

  it('L-BFGS: a loss that turns NaN inside the line search and stays NaN stops training instead of reporting convergence', async () => {
    // 4 Adam steps, then L-BFGS: evaluation 5 is its first point, 7 is inside the second line search.
    const { error, state, loaded } = await runToError(nanLoss(7));
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect(error.nonFinite).toBe('loss');
    expect(error.record.phase).toBe('lbfgs');
    expect(error.message).toMatch(/^Training stopped at step \d+ \(lbfgs\): the loss is NaN/);
    expect(finite(stateNumbers(state))).toBe(true);
    expect(loaded).toBe('loaded');
  });

  it('L-BFGS: a NaN gradient at every new point stops training instead of reporting convergence', async () => {
    const { error, state, loaded } = await runToError(nanGradient(7));
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect(error.nonFinite).toBe('gradient');
    expect(error.record.phase).toBe('lbfgs');
    expect(finite(stateNumbers(state))).toBe(true);
    expect(loaded).toBe('loaded');
  });

  it('L-BFGS: the weights after the error are those of the last accepted point', async () => {
    const trainer = new Trainer(nanLoss(7), plan);
    await trainer.run().catch(() => undefined);
    const state = await trainer.state();
    const x = state.layers.flatMap((l, i) => [...(trainer.net as MLP).weights[i].dataSync(), ...l.bias]);
    expect(x.length).toBe(state.lbfgs!.x.length);
    const weights = trainer.net.variables.flatMap((v) => Array.from(v.dataSync()));
    weights.forEach((w, i) => expect(w, `weight ${i}`).toBe(Math.fround(state.lbfgs!.x[i])));
    trainer.dispose();
  });
});

/** A plan that reaches L-BFGS at the third step. */
const shortPlan: TrainOptions = {
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
        const trainer = new Trainer(failing(after, bad), shortPlan);
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
    const trainer = new Trainer(p, shortPlan);
    const before = tf.memory().numTensors;
    expect(() => trainer.step()).toThrow("Problem 'heat': the residual reads d.u_xx, which is not in problem.terms [u_t]; add 'u_xx' to terms.");
    expect(tf.memory().numTensors).toBe(before);
    expect(tapeActive()).toBe(false);
    trainer.dispose();
  });
});
