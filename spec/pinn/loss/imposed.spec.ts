import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { Condition, OutputTransform, PROBLEMS, Problem, Trainer, burgersProblem, initBackend, waveProblem } from '../../../lib/index.js';
import { disk } from '../../../lib/geometry/index.js';
import { buildProblem } from '../../../lib/node/index.js';
import { diskProblem } from '../../fixtures/disk_problem.js';

beforeAll(async () => {
  await initBackend('cpu', { log: false });
});

const small = { network: { hidden: [4] }, sampling: { domain: 8, boundary: 4 }, adam: { steps: 1 }, lbfgs: { steps: 0 } };
const sinpx = (x: tf.Tensor) => tf.sin(tf.mul(x, Math.PI));

/** Burgers with another transform or other conditions. */
function burgersWith(transform: OutputTransform, conditions?: Condition[]): Problem {
  const base = burgersProblem();
  return { ...base, transform, conditions: conditions ?? base.conditions };
}

/** The constructor's error message, or 'accepted' (and no tensor left behind either way). */
function construct(problem: Problem): string {
  const before = tf.memory().numTensors;
  let out = 'accepted';
  try {
    new Trainer(problem, small).dispose();
  } catch (e) {
    out = (e as Error).message;
  }
  expect(tf.memory().numTensors, 'tensors left by the check').toBe(before);
  return out;
}

describe('conditions marked imposed are verified numerically by the Trainer', () => {
  it('accepts every shipped problem', () => {
    // Problems that read data files (burgers-inverse, schrodinger's reference) get them from the project root.
    for (const m of Object.values(PROBLEMS)) {
      const problem = buildProblem(m);
      expect(construct(problem), problem.name).toBe('accepted');
    }
  });

  it('refuses a scale that never vanishes (1 + x²) on the Dirichlet ends, naming the condition and the misfit', () => {
    const message = construct(burgersWith({ value: (p) => tf.neg(sinpx(p.x)), scale: (p) => tf.add(1, tf.square(p.x)) }));
    expect(message).toMatch(/^Problem 'burgers': conditions\[0\] \(initial\) is marked imposed, but the transform does not satisfy it: the largest misfit is [\d.e+-]+ at x = [\d.e+-]+, t = 0 \(with a random network N\)\. Fix the transform, or drop 'imposed' so the condition becomes a loss term\.$/);
    const onlyEnds = construct(burgersWith({ value: (p) => tf.mul(p.t, 0), scale: (p) => tf.add(1, tf.square(p.x)) }, [{ kind: 'dirichlet', on: ['x-min', 'x-max'], value: 0, imposed: true }]));
    expect(onlyEnds).toMatch(/^Problem 'burgers': conditions\[0\] \(dirichlet\(x-min,x-max\)\) is marked imposed, but the transform does not satisfy it: the largest misfit is ([\d.e+-]+) at x = -?1, t = /);
    expect(Number(/misfit is ([\d.e+-]+)/.exec(onlyEnds)![1])).toBeGreaterThan(1e-2);
  });

  it('refuses a value that is not the condition value where the scale vanishes', () => {
    const message = construct(burgersWith({ value: (p) => sinpx(p.x), scale: (p) => tf.mul(p.t, tf.sub(1, tf.square(p.x))) }));
    expect(message).toMatch(/^Problem 'burgers': conditions\[0\] \(initial\) is marked imposed, but the transform does not satisfy it/);
  });

  it('checks a general function transform with random networks', () => {
    const good = (n: tf.Tensor2D, p: Record<string, tf.Tensor2D>) => tf.add(tf.neg(sinpx(p.x)), tf.mul(tf.mul(p.t, tf.sub(1, tf.square(p.x))), n));
    expect(construct(burgersWith(good))).toBe('accepted');
    const bad = (n: tf.Tensor2D, p: Record<string, tf.Tensor2D>) => tf.mul(n, tf.add(1, tf.square(p.x)));
    expect(construct(burgersWith(bad))).toMatch(/^Problem 'burgers': conditions\[0\] \(initial\) is marked imposed, but the transform does not satisfy it/);
  });

  it('checks an imposed initial velocity through the t-derivative of the transform', () => {
    const wave = waveProblem();
    const withVelocity = (scale: (p: Record<string, tf.Tensor2D>) => tf.Tensor): Problem => ({
      ...wave,
      conditions: [...wave.conditions.slice(0, 2), { kind: 'initialVelocity', value: 0, imposed: true }],
      transform: { value: (p) => sinpx(p.x), scale },
    });
    // u = sin(πx) + t x(1-x) N: u_t(0, x) = x(1-x) N(x, 0), not zero.
    expect(construct(withVelocity((p) => tf.mul(p.t, tf.mul(p.x, tf.sub(1, p.x)))))).toMatch(/^Problem 'wave': conditions\[2\] \(initialVelocity\) is marked imposed, but the transform does not satisfy it/);
    // u = sin(πx) + t² x(1-x) N: u_t(0, x) = 0.
    expect(construct(withVelocity((p) => tf.mul(tf.square(p.t), tf.mul(p.x, tf.sub(1, p.x)))))).toBe('accepted');
  });

  it('checks imposed Neumann and periodic conditions', () => {
    const base = burgersProblem();
    const neumann: Condition = { kind: 'neumann', on: ['x-min', 'x-max'], value: 0, imposed: true };
    // u = (1 - x²)² N has u_x = 0 at x = ±1 only if N's part vanishes: it does, (1 - x²)² and its derivative are 0 there.
    expect(construct({ ...base, conditions: [neumann], transform: { value: (p) => tf.mul(p.x, 0), scale: (p) => tf.square(tf.sub(1, tf.square(p.x))) } })).toBe('accepted');
    expect(construct({ ...base, conditions: [neumann], transform: { value: (p) => tf.mul(p.x, 0), scale: (p) => tf.sub(1, tf.square(p.x)) } })).toMatch(/conditions\[0\] \(neumann\(x-min,x-max\)\) is marked imposed, but the transform does not satisfy it/);
    const periodic: Condition = { kind: 'periodic', input: 'x', imposed: true };
    expect(construct({ ...base, conditions: [periodic], transform: { value: (p) => tf.mul(p.x, 0), scale: (p) => tf.sub(1, tf.square(p.x)) } })).toBe('accepted');
    expect(construct({ ...base, conditions: [periodic], transform: { value: (p) => p.x, scale: (p) => tf.sub(1, tf.square(p.x)) } })).toMatch(/conditions\[0\] \(periodic\(x\)\) is marked imposed, but the transform does not satisfy it: the largest misfit is 2/);
  });
});

describe('problems on geometries', () => {
  beforeAll(async () => {
    await initBackend('wasm', { log: false });
  });

  it('the Trainer verifies imposed conditions on boundary points that carry normals (every shipped geometry problem)', () => {
    for (const m of [PROBLEMS['poisson-disk'], PROBLEMS.kovasznay, PROBLEMS.cavity]) {
      const t = new Trainer(m.problem(), { network: { hidden: [4] }, sampling: { domain: 16, boundary: 8 }, adam: { steps: 1 }, lbfgs: { steps: 0 } });
      t.dispose();
    }
    // and refuses a false claim
    const g = disk({ x: 0, y: 0 }, 1);
    const wrong = diskProblem([{ kind: 'dirichlet', on: 'circle', value: 1, imposed: true }], { transform: { value: (q) => tf.mul(q.x, 0), scale: (q) => g.distance(q) } });
    expect(() => new Trainer(wrong, { network: { hidden: [4] } })).toThrow('is marked imposed, but the transform does not satisfy it');
  });
});
