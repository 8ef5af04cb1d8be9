// The `marching` option and what time marching refuses: each error names the option or the problem and
// says what to do (lib/pinn/marching/options.ts, windows.ts; the Trainer's refusal in trainer/trainer.ts).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  MarchingTrainer,
  Problem,
  TrainOptions,
  Trainer,
  burgersProblem,
  checkTrainOptions,
  createTrainer,
  heatProblem,
  initBackend,
  interval,
  poisson2dProblem,
  spaceTime,
  waveProblem,
} from '../../../lib/index.js';
import { parallelTrainer } from '../../../lib/node/index.js';
import { heatInverse } from '../../fixtures/heat_inverse.js';

const tiny: TrainOptions = { network: { hidden: [4] }, sampling: { domain: 16, boundary: 4 }, adam: { steps: 1 }, lbfgs: { steps: 0 } };
const marching = (m: unknown): TrainOptions => ({ ...tiny, marching: m as TrainOptions['marching'] });

beforeAll(async () => {
  await initBackend('cpu', { log: false });
});

describe('options.marching', () => {
  it('defaults to null and applies warmStart: true', () => {
    expect(checkTrainOptions({}).marching).toBeNull();
    expect(checkTrainOptions({ marching: null }).marching).toBeNull();
    expect(checkTrainOptions({ marching: { windows: 4 } }).marching).toEqual({ windows: 4, warmStart: true, handoff: 'loss' });
    expect(checkTrainOptions({ marching: { windows: 1, warmStart: false } }).marching).toEqual({ windows: 1, warmStart: false, handoff: 'loss' });
  });

  it('passes checked options through the checker unchanged (each window trains with the run checked once)', () => {
    const checked = checkTrainOptions({ ...tiny, marching: { windows: 3 }, sampling: { rar: { candidates: 8, add: 2 }, resampleEvery: 5 }, adam: { decay: { every: 2, rate: 0.5 } } });
    expect(checkTrainOptions(checked)).toEqual(checked);
  });

  it('refuses bad values and unknown keys, naming the option', () => {
    const bad: [unknown, string][] = [
      [{ windows: 0 }, "Option 'options.marching.windows' passed to 'Trainer' must be an integer >= 1 (the number of time windows), but got 0."],
      [{ windows: 2.5 }, "Option 'options.marching.windows' passed to 'Trainer' must be an integer >= 1 (the number of time windows), but got 2.5."],
      [{}, "Option 'options.marching.windows' passed to 'Trainer' must be an integer >= 1 (the number of time windows), but got undefined."],
      [{ windows: 2, warmStart: 1 }, "Option 'options.marching.warmStart' passed to 'Trainer' must be true or false, but got 1."],
      [{ windows: 2, warmstart: true }, "Unknown key 'warmstart' in options.marching passed to 'Trainer'; valid keys: windows, warmStart, handoff. Did you mean 'warmStart'?"],
      [4, "Option 'options.marching' passed to 'Trainer' must be an object or null, but got 4."],
    ];
    for (const [m, message] of bad) expect(() => checkTrainOptions({ marching: m as TrainOptions['marching'] }), JSON.stringify(m)).toThrow(message);
    expect(() => checkTrainOptions({ windows: 3 } as TrainOptions)).toThrow("Unknown key 'windows' in options passed to 'Trainer'; valid keys: network, sampling, adam, lbfgs, weights, marching, balance, causal, tolerance. 'windows' is an option of options.marching.");
  });

  it('is refused by a plain Trainer, which names createTrainer and MarchingTrainer, before any tensor exists', () => {
    const before = tf.memory().numTensors;
    expect(() => new Trainer(heatProblem(), marching({ windows: 2 }))).toThrow(
      "Option 'options.marching' passed to 'Trainer' trains time windows one after another, which a Trainer does not do: use createTrainer(problem, options) or new MarchingTrainer(problem, options).",
    );
    expect(() => new MarchingTrainer(heatProblem(), tiny)).toThrow("Option 'options.marching' passed to 'MarchingTrainer' must be { windows, warmStart? }, but got null;");
    expect(tf.memory().numTensors).toBe(before);
  });

  it('makes createTrainer return a MarchingTrainer, and a Trainer without it', () => {
    const a = createTrainer(heatProblem(), marching({ windows: 2 }));
    const b = createTrainer(heatProblem(), tiny);
    expect(a).toBeInstanceOf(MarchingTrainer);
    expect(b).toBeInstanceOf(Trainer);
    expect(a.totalSteps).toBe(2);
    a.dispose();
    b.dispose();
  });

  it('is refused by parallelTrainer, which names the option, before any worker starts', async () => {
    await expect(parallelTrainer('heat', marching({ windows: 2 }), { workers: 2 })).rejects.toThrow("Option 'options.marching' passed to 'parallelTrainer' is not supported");
  });
});

describe('problems time marching refuses, by name and with what to do', () => {
  const refused = (problem: Problem) => {
    const before = tf.memory().numTensors;
    let message = '';
    try {
      new MarchingTrainer(problem, marching({ windows: 2 })).dispose();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(tf.memory().numTensors).toBe(before);
    return message;
  };
  const heat = heatProblem();

  it('a problem without a time input', () => {
    expect(refused(poisson2dProblem())).toBe("Option 'options.marching' passed to 'MarchingTrainer' cuts the time input into windows, but problem 'poisson2d' has none (problem.time is not set); train it without options.marching.");
  });

  it('a problem without an initial condition', () => {
    expect(refused({ ...heat, conditions: heat.conditions.slice(1) })).toBe(
      "Option 'options.marching' passed to 'MarchingTrainer' takes each window's initial condition from the previous window's solution, but problem 'heat' has no 'initial' condition to replace.",
    );
  });

  it('an initial condition imposed by the output transform (Burgers), saying how to state it instead', () => {
    expect(refused(burgersProblem())).toBe(
      "Option 'options.marching' passed to 'MarchingTrainer' moves the initial condition to each window's start, but problem 'burgers' imposes conditions[0] (initial) by its output transform, which holds it at t = 0 only and cannot be moved. " +
        "State it as a loss term: drop 'imposed: true' from the condition and the factor of transform.scale that vanishes at t = 0 (keep the rest, e.g. the boundary factor); or, if the transform imposes the initial value and nothing else, use options.marching.handoff 'imposed'; or train without options.marching.",
    );
    expect(refused(waveProblem())).toContain("imposes conditions[0] (initial) by its output transform");
  });

  it('a problem on a geometry, learned parameters, data, periodicity in time, and conditions on the time faces or the whole boundary', () => {
    const { domain: _, ...rest } = heat;
    expect(refused({ ...rest, geometry: spaceTime(interval('x', [0, 1]), 't', [0, 1]) })).toBe(
      "Option 'options.marching' passed to 'MarchingTrainer' cuts the time interval of a box domain into windows, but problem 'heat' is stated on a geometry (interval × time); state it with 'domain', or train it without options.marching.",
    );
    const inverse = heatInverse({ points: 8 });
    expect(refused({ ...inverse, conditions: [...heat.conditions, ...inverse.conditions] })).toContain("so problem 'heat-inverse''s trainable parameters [k] would get one value per window");
    const { parameters: _p, exactParameters: _e, ...forward } = inverse;
    expect(refused({ ...forward, residual: heat.residual, conditions: [...heat.conditions, ...inverse.conditions] })).toContain("but problem 'heat-inverse' has observed data in conditions[2] (data2), which time marching does not split between windows");
    expect(refused({ ...heat, conditions: [...heat.conditions, { kind: 'periodic', input: 't' }] })).toContain("but problem 'heat''s conditions[2] (periodic(t)) is periodic in t");
    expect(refused({ ...heat, conditions: [...heat.conditions, { kind: 'dirichlet', on: 't-max', value: 0 }] })).toBe(
      "Option 'options.marching' passed to 'MarchingTrainer' gives every window its own t-faces, but problem 'heat''s conditions[2] (dirichlet(t-max)) is on 't-max', which would then mean each window's faces: name the faces of the other inputs (e.g. 'x-min', 'x-max'), state an initial value with kind 'initial', or train without options.marching.",
    );
    expect(refused({ ...heat, conditions: [heat.conditions[0], { kind: 'dirichlet', on: 'boundary', value: 0 }] })).toContain("(dirichlet(boundary)) is on 'boundary'");
  });
});
