import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { Problem, TrainOptions, Trainer, heatProblem, initBackend } from '../../lib/index.js';

beforeAll(async () => {
  await initBackend('cpu', { log: false });
});

const make = (options: unknown) => () => new Trainer(heatProblem(), options as TrainOptions).dispose();

describe('Trainer options', () => {
  it('rejects unknown keys at every level, suggesting the nearest valid key or the section that has it', () => {
    expect(make({ steps: 3 })).toThrow("Unknown key 'steps' in options passed to 'Trainer'; valid keys: network, sampling, adam, lbfgs, weights, marching, balance, causal, tolerance. 'steps' is an option of options.adam and options.lbfgs.");
    expect(make({ sampling: { points: 100 } })).toThrow("Unknown key 'points' in options.sampling passed to 'Trainer'; valid keys: method, domain, residualAtData, boundary, resampleEvery, rar, seed.");
    expect(make({ adam: { step: 10 } })).toThrow("Unknown key 'step' in options.adam passed to 'Trainer'; valid keys: steps, lr, decay, warmup. Did you mean 'steps'?");
    expect(make({ network: { hiden: [4] } })).toThrow("Unknown key 'hiden' in options.network passed to 'Trainer'; valid keys: hidden, activation, seed, architecture, embedding, factorization, normalize. Did you mean 'hidden'?");
    expect(make({ lbfgs: { history: 5 } })).toThrow("Unknown key 'history' in options.lbfgs passed to 'Trainer'; valid keys: steps, resampleOnStall, lr, historySize, toleranceGrad, toleranceChange, maxLineSearch, restarts, gradientSearch, plateau.");
    expect(make({ lbfgs: { plateau: { iterations: 10, chang: 1e-3 } } })).toThrow("Unknown key 'chang' in options.lbfgs.plateau passed to 'Trainer'; valid keys: iterations, change. Did you mean 'change'?");
    expect(make({ weights: { residuals: 1 } })).toThrow("Unknown key 'residuals' in options.weights passed to 'Trainer'; valid keys: residual, conditions. Did you mean 'residual'?");
    expect(make({ sampling: { resampleEvery: 5, rar: { candidate: 10, add: 2 } } })).toThrow("Unknown key 'candidate' in options.sampling.rar passed to 'Trainer'; valid keys: candidates, add. Did you mean 'candidates'?");
    expect(make({ adam: { decay: { every: 10, rate: 0.5, factor: 2 } } })).toThrow("Unknown key 'factor' in options.adam.decay passed to 'Trainer'; valid keys: every, rate, staircase.");
  });

  it('range-checks every number, naming the option as the API spells it', () => {
    expect(make({ weights: { residual: -1 } })).toThrow("Option 'options.weights.residual' passed to 'Trainer' must be a finite number >= 0 or an array of them (one per residual), but got -1.");
    expect(make({ weights: { residual: [1, NaN] } })).toThrow("Option 'options.weights.residual' passed to 'Trainer' must be a finite number >= 0 or an array of them (one per residual), but got [1,null].");
    expect(make({ weights: { conditions: { initial: -2 } } })).toThrow("Option 'options.weights.conditions.initial' passed to 'Trainer' must be a finite number >= 0, but got -2.");
    expect(make({ weights: { conditions: { intial: 2 } } })).toThrow(
      "Option 'options.weights.conditions' passed to 'Trainer' names 'intial', which is not a condition of problem 'heat' (its conditions: initial, dirichlet(x-min,x-max)). Did you mean 'initial'?",
    );
    expect(make({ network: { seed: 1.5 } })).toThrow("Option 'options.network.seed' passed to 'Trainer' must be an integer >= 0, but got 1.5.");
    expect(make({ sampling: { seed: -1 } })).toThrow("Option 'options.sampling.seed' passed to 'Trainer' must be an integer >= 0, but got -1.");
    expect(make({ adam: { lr: Infinity } })).toThrow("Option 'options.adam.lr' passed to 'Trainer' must be a finite number > 0, but got Infinity.");
    expect(make({ adam: { steps: 2.5 } })).toThrow("Option 'options.adam.steps' passed to 'Trainer' must be an integer >= 0, but got 2.5.");
    expect(make({ tolerance: Infinity })).toThrow("Option 'options.tolerance' passed to 'Trainer' must be a finite number >= 0, but got Infinity.");
    expect(make({ tolerance: -1 })).toThrow("Option 'options.tolerance' passed to 'Trainer' must be a finite number >= 0, but got -1.");
    expect(make({ adam: { decay: { every: 10, rate: 2 } } })).toThrow("Option 'options.adam.decay.rate' passed to 'Trainer' must be a number in (0, 1], but got 2.");
    expect(make({ network: { activation: 'tahn' } })).toThrow("Option 'options.network.activation' passed to 'Trainer' must be one of");
    expect(make({ lbfgs: { gradientSearch: -1e-4 } })).toThrow("Option 'options.lbfgs.gradientSearch' passed to 'Trainer' must be a finite number >= 0 (a fraction of the loss), but got -0.0001.");
    expect(make({ lbfgs: { plateau: { iterations: 0, change: 1e-3 } } })).toThrow("Option 'options.lbfgs.plateau.iterations' passed to 'Trainer' must be an integer >= 1, but got 0.");
    expect(make({ lbfgs: { plateau: { iterations: 10, change: NaN } } })).toThrow("Option 'options.lbfgs.plateau.change' passed to 'Trainer' must be a finite number >= 0, but got NaN.");
    expect(make({ adam: 5 })).toThrow("Option 'options.adam' passed to 'Trainer' must be an object, but got 5.");
    expect(make({ sampling: { resampleEvery: 5, rar: { candidates: 10, add: 20 } } })).toThrow("Option 'options.sampling.rar.add' passed to 'Trainer' must be an integer in [1, 10] (at most options.sampling.rar.candidates), but got 20.");
    expect(make({ sampling: { rar: { candidates: 10, add: 2 } } })).toThrow(
      "Option 'options.sampling.rar' passed to 'Trainer' is set, but it only acts when points are redrawn: set options.sampling.resampleEvery or options.lbfgs.resampleOnStall above 0.",
    );
  });

  it('refuses residual weights whose count is not the number of residuals, at the first step, leaking nothing', () => {
    const trainer = new Trainer(heatProblem(), { weights: { residual: [1, 2] }, sampling: { domain: 8, boundary: 4 }, network: { hidden: [3] } });
    const before = tf.memory().numTensors;
    expect(() => trainer.step()).toThrow("Option 'options.weights.residual' gives 2 weights, but problem 'heat' has 1 residual: give one weight per residual, or one number for all.");
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });

  it('refuses a weight for a condition that the transform imposes (it has no loss term)', () => {
    const p = { ...heatProblem(), conditions: [{ kind: 'initial', value: 0, imposed: true }], transform: { value: () => tf.scalar(0), scale: (q: Record<string, tf.Tensor>) => q.t } } as unknown as Problem;
    expect(() => new Trainer(p, { weights: { conditions: { initial: 2 } } })).toThrow("Option 'options.weights.conditions' passed to 'Trainer' names 'initial', which is imposed by the transform and has no loss term to weight.");
  });

  it('speaks of the API, not of command-line flags, when a state was made with other options', async () => {
    const a = new Trainer(heatProblem(), { adam: { steps: 2 }, lbfgs: { steps: 0 }, sampling: { domain: 8, boundary: 4 }, network: { hidden: [3] } });
    const state = await a.state();
    a.dispose();
    const b = new Trainer(heatProblem(), { adam: { steps: 3 }, lbfgs: { steps: 0 }, sampling: { domain: 8, boundary: 4 }, network: { hidden: [3] } });
    await expect(b.setState(state)).rejects.toThrow(
      'The checkpoint was made with other training options (adam.steps: checkpoint 2, now 3); load it into a Trainer made with the same options, or start afresh.',
    );
    b.dispose();
  });
});
