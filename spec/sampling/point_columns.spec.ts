// checkPointColumns (lib/sampling/points.ts) and every predict that takes plain points: a column of another
// length, a plain array or a non-finite coordinate is refused by name, where it once gave NaN (Trainer,
// Solution) or a silent 0 (MarchingTrainer, PiecewiseSolution) for the rows past the shorter column.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { MarchingTrainer, Points, TrainOptions, Trainer, heatProblem, initBackend } from '../../lib/index.js';
import { checkPointColumns } from '../../lib/sampling/points.js';

const plan: TrainOptions = { network: { hidden: [4], seed: 1 }, sampling: { domain: 16, boundary: 4, seed: 1 }, adam: { steps: 1 }, lbfgs: { steps: 0 } };
const good: Points = { x: Float64Array.of(0.25, 0.5), t: Float64Array.of(0.1, 0.9) };
const bad: [string, unknown, RegExp][] = [
  ['a shorter column', { x: Float64Array.of(0.25, 0.5), t: Float64Array.of(0.1) }, /same number of points, but 'x' has 2 and 't' has 1/],
  ['a plain array', { x: [0.25], t: Float64Array.of(0.1) }, /input 'x' as a Float64Array, but got an array of length 1 \(Float64Array\.from/],
  ['a missing input', { x: Float64Array.of(0.25) }, /input 't' as a Float64Array, but got nothing/],
  ['a NaN coordinate', { x: Float64Array.of(0.25, NaN), t: Float64Array.of(0.1, 0.2) }, /finite coordinates, but 'x'\[1\] is NaN/],
  ['an infinite coordinate', { x: Float64Array.of(0.25), t: Float64Array.of(Infinity) }, /'t'\[0\] is Infinity/],
  ['null', null, /must be an object with one Float64Array per input \(x, t\), but got null/],
];

beforeAll(async () => {
  await initBackend('cpu', { log: false });
});

describe('checkPointColumns', () => {
  it('passes finite Float64Array columns of one length, extra columns ignored', () => {
    expect(() => checkPointColumns({ ...good, y: Float64Array.of(1) }, ['x', 't'], 'f')).not.toThrow();
  });
  it.each(bad)('refuses %s, naming the function', (_, points, message) => {
    expect(() => checkPointColumns(points, ['x', 't'], 'Solution.predict')).toThrow(/passed to 'Solution\.predict'/);
    expect(() => checkPointColumns(points, ['x', 't'], 'Solution.predict')).toThrow(message);
  });
});

describe('predict on plain points', () => {
  it('is refused by name on every trainer and solution, and leaves no tensor behind', async () => {
    const trainer = new Trainer(heatProblem(), plan);
    const marching = new MarchingTrainer(heatProblem(), { ...plan, marching: { windows: 2 } });
    const solution = trainer.solution();
    const piecewise = marching.solution();
    const before = tf.memory().numTensors;
    const calls: [string, (p: Points) => unknown][] = [
      ['Trainer.predict', (p) => trainer.predict(p)],
      ['Trainer.predictAsync', (p) => trainer.predictAsync(p)],
      ['Solution.predict', (p) => solution.predict(p)],
      ['Solution.partials', (p) => solution.partials(p, ['u_x'])],
      ['MarchingTrainer.predict', (p) => marching.predict(p)],
      ['MarchingTrainer.predictAsync', (p) => marching.predictAsync(p)],
      ['PiecewiseSolution.predict', (p) => piecewise.predict(p)],
      ['PiecewiseSolution.partials', (p) => piecewise.partials(p, ['u_x'])],
    ];
    for (const [fn, call] of calls) {
      for (const [, points, message] of bad) {
        const run = async () => call(points as Points);
        await expect(run(), `${fn}`).rejects.toThrow(new RegExp(`'${fn.replace('.', '\\.')}'`));
        await expect(run(), `${fn}`).rejects.toThrow(message);
      }
      // The same call on good points answers: one finite value per point.
      const out = (await call(good)) as Float64Array[] | Record<string, Float64Array>;
      const first = Array.isArray(out) ? out[0] : Object.values(out)[0];
      expect(first.length, fn).toBe(2);
      expect(Array.from(first).every(Number.isFinite), fn).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(before);
    solution.dispose();
    piecewise.dispose();
    trainer.dispose();
    marching.dispose();
  });
});
