import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { Problem, TrainOptions, Trainer, checkProblem, heatProblem, initBackend } from '../lib/index.js';

beforeAll(async () => {
  await initBackend('cpu', { log: false });
});

const make = (options: unknown) => () => new Trainer(heatProblem(), options as TrainOptions).dispose();

describe('Trainer options', () => {
  it('rejects unknown keys at every level, suggesting the nearest valid key or the section that has it', () => {
    expect(make({ steps: 3 })).toThrow("Unknown key 'steps' in options passed to 'Trainer'; valid keys: network, sampling, adam, lbfgs, weights, marching, tolerance. 'steps' is an option of options.adam and options.lbfgs.");
    expect(make({ sampling: { points: 100 } })).toThrow("Unknown key 'points' in options.sampling passed to 'Trainer'; valid keys: method, domain, residualAtData, boundary, resampleEvery, rar, seed.");
    expect(make({ adam: { step: 10 } })).toThrow("Unknown key 'step' in options.adam passed to 'Trainer'; valid keys: steps, lr, decay. Did you mean 'steps'?");
    expect(make({ network: { hiden: [4] } })).toThrow("Unknown key 'hiden' in options.network passed to 'Trainer'; valid keys: hidden, activation, seed. Did you mean 'hidden'?");
    expect(make({ lbfgs: { history: 5 } })).toThrow("Unknown key 'history' in options.lbfgs passed to 'Trainer'; valid keys: steps, resampleOnStall, lr, historySize, toleranceGrad, toleranceChange, maxLineSearch, restarts, gradientSearch, plateau.");
    expect(make({ lbfgs: { plateau: { iterations: 10, chang: 1e-3 } } })).toThrow("Unknown key 'chang' in options.lbfgs.plateau passed to 'Trainer'; valid keys: iterations, change. Did you mean 'change'?");
    expect(make({ weights: { residuals: 1 } })).toThrow("Unknown key 'residuals' in options.weights passed to 'Trainer'; valid keys: residual, conditions. Did you mean 'residual'?");
    expect(make({ sampling: { resampleEvery: 5, rar: { candidate: 10, add: 2 } } })).toThrow("Unknown key 'candidate' in options.sampling.rar passed to 'Trainer'; valid keys: candidates, add. Did you mean 'candidates'?");
    expect(make({ adam: { decay: { every: 10, rate: 0.5, factor: 2 } } })).toThrow("Unknown key 'factor' in options.adam.decay passed to 'Trainer'; valid keys: every, rate.");
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

describe('Trainer L-BFGS below the loss noise', () => {
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

describe('checkProblem', () => {
  const heat = heatProblem();
  const withCondition = (c: unknown): Problem => ({ ...heat, conditions: [heat.conditions[0], c as never] });
  const check = (p: unknown) => () => checkProblem(p as Problem);

  it('rejects unknown keys on the problem and on each condition', () => {
    expect(check({ ...heat, condition: [] })).toThrow("Unknown key 'condition' in problem 'heat'; valid keys: name, title, inputs, outputs, domain, geometry, time, terms, residual, residualNames, conditions, transform, exact, grid, upToConstant, constants, params, parameters, exactParameters. Did you mean 'conditions'?");
    expect(check(withCondition({ kind: 'dirichlet', on: 'x-min', value: 0, wieght: 2 }))).toThrow(
      "Unknown key 'wieght' in problem 'heat', conditions[1] (dirichlet); valid keys: kind, output, weight, imposed, on, value. Did you mean 'weight'?",
    );
    expect(check(withCondition({ kind: 'periodic', input: 'x', value: 0 }))).toThrow("Unknown key 'value' in problem 'heat', conditions[1] (periodic); valid keys: kind, output, weight, imposed, input, derivatives.");
    expect(check({ ...heat, transform: { value: () => 0, scale: () => 0, shift: () => 0 } })).toThrow("Unknown key 'shift' in problem 'heat', transform; valid keys: value, scale.");
  });

  it('checks every field of a condition, naming it', () => {
    expect(check(withCondition({ kind: 'dirichlet', on: [], value: 0 }))).toThrow("Problem 'heat': conditions[1].on must name at least one boundary part such as 'x-min' (or 'boundary'), or be a predicate on a point, but got [].");
    expect(check(withCondition({ kind: 'dirichlet', on: 'x-min', value: 'zero' }))).toThrow("Problem 'heat': conditions[1].value must be a finite number or a function of the points returning [N,1], but got \"zero\".");
    expect(check(withCondition({ kind: 'dirichlet', on: 'x-min', value: NaN }))).toThrow("Problem 'heat': conditions[1].value must be a finite number or a function of the points returning [N,1], but got NaN.");
    expect(check(withCondition({ kind: 'dirichlet', on: 'x-min' }))).toThrow("Problem 'heat': conditions[1].value must be a finite number or a function of the points returning [N,1], but got undefined.");
    expect(check(withCondition({ kind: 'dirichlet', on: 'x-min', value: 0, weight: Infinity }))).toThrow("Problem 'heat': conditions[1].weight must be a finite number >= 0, but got Infinity.");
    expect(check(withCondition({ kind: 'dirichlet', on: 'x-min', value: 0, imposed: 'yes' }))).toThrow("Problem 'heat': conditions[1].imposed must be true or false, but got \"yes\".");
    expect(check(withCondition({ kind: 'dirichlet', on: 'x-min', value: 0, imposed: true }))).toThrow("Problem 'heat': conditions[1] (dirichlet(x-min)) is marked imposed, but the problem has no transform to impose it.");
    expect(check(withCondition({ kind: 'periodic', input: 'x', derivatives: -1 }))).toThrow("Problem 'heat': conditions[1].derivatives must be an integer >= 0, but got -1.");
    expect(check(withCondition({ kind: 'periodic', input: 'z' }))).toThrow("Problem 'heat': conditions[1].input must be one of the inputs [x, t], but got \"z\".");
  });

  it('checks data conditions: points and values present, of one length, finite', () => {
    expect(check(withCondition({ kind: 'data' }))).toThrow("Problem 'heat': conditions[1].values must be a non-empty array of finite numbers (the observations), but got undefined.");
    expect(check(withCondition({ kind: 'data', values: [1, 2] }))).toThrow("Problem 'heat': conditions[1].points must be {x: number[], t: number[]} (coordinates of the observations), but got undefined.");
    expect(check(withCondition({ kind: 'data', values: [1, 2], points: { x: [0, 1], t: [0] } }))).toThrow("Problem 'heat': conditions[1].points.t must hold 2 finite coordinates, one per value, but has 1.");
    expect(check(withCondition({ kind: 'data', values: [1, NaN], points: { x: [0, 1], t: [0, 0] } }))).toThrow("Problem 'heat': conditions[1].values[1] is NaN; observations must be finite numbers.");
    expect(check(withCondition({ kind: 'data', values: [1, 2], points: { x: [0, NaN], t: [0, 0] } }))).toThrow("Problem 'heat': conditions[1].points.x[1] is NaN; coordinates must be finite numbers.");
    expect(check(withCondition({ kind: 'data', values: [1, 2], points: { x: [0, 1], t: [0, 0], y: [1, 1] } }))).toThrow("Unknown key 'y' in problem 'heat', conditions[1].points; valid keys: x, t.");
  });

  it('checks grid, transform, params, terms and names', () => {
    expect(check({ ...heat, grid: { x: 10, t: 10, y: 4 } })).toThrow("Unknown key 'y' in problem 'heat', grid; valid keys: x, t.");
    expect(check({ ...heat, grid: { x: 10, t: 1.5 } })).toThrow("Problem 'heat': grid.t must be an integer >= 2 (grid points along t), but got 1.5.");
    expect(check({ ...heat, transform: 3 })).toThrow("Problem 'heat': 'transform' must be a function (net, p) => u or {value, scale} (functions of the points), but got 3.");
    expect(check({ ...heat, transform: { value: () => 0 } })).toThrow("Problem 'heat': transform.scale must be a function of the points, but got undefined.");
    expect(check({ ...heat, constants: { alpha: '0.1' } })).toThrow("Problem 'heat': constants.alpha must be a finite number, but got \"0.1\".");
    // The deprecated name still works, is checked alike, and cannot be given beside the new one.
    expect(check({ ...heat, constants: undefined, params: { alpha: '0.1' } })).toThrow("Problem 'heat': params.alpha must be a finite number, but got \"0.1\".");
    expect(check({ ...heat, params: { alpha: 0.1 } })).toThrow("Problem 'heat': give 'constants' or its deprecated name 'params', not both.");
    expect(check({ ...heat, terms: ['u_t', 'u_yy'] })).toThrow("Problem 'heat': terms[1] 'u_yy' must be an output [u] followed by '_' and inputs [x, t], e.g. 'u_x'.");
    expect(check({ ...heat, name: '' })).toThrow("Problem '': 'name' must be a non-empty string, but got \"\".");
    expect(check({ ...heat, exact: 5 })).toThrow("Problem 'heat': 'exact' must be a function of the points, but got 5.");
  });
});
