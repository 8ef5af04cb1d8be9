import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  MLP,
  PROBLEMS,
  Problem,
  Rng,
  burgersProblem,
  checkProblem,
  initBackend,
  partials,
} from '../lib/index.js';
import { buildProblem } from '../lib/node/index.js';
import { sampleConditionPoints, toColumns } from '../lib/pinn/batch.js';
import { conditionMisfits } from '../lib/pinn/loss/misfits.js';
import { solutionOf, solutionTerms } from '../lib/pinn/loss/solution.js';

beforeAll(async () => {
  await initBackend('cpu', { log: false });
});

const column = (v: number[]) => tf.tensor2d(v, [v.length, 1]);
const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

describe('checkProblem', () => {
  it('names what is wrong', () => {
    expect(() => checkProblem({ ...burgersProblem(), domain: { x: [1, -1], t: [0, 1] } })).toThrow("Problem 'burgers': domain.x must be an interval [lo, hi] with lo < hi, but got [1,-1].");
    expect(() => checkProblem({ ...burgersProblem(), inputs: ['xx', 't'] })).toThrow("Problem 'burgers': 'inputs' must name the inputs by single characters");
    expect(() => checkProblem({ ...burgersProblem(), conditions: [{ kind: 'dirichlet', on: 'y-min', value: 0 }] })).toThrow(
      "Boundary part 'y-min' of problem 'burgers' is not one of x-min, x-max, t-min, t-max.",
    );
  });

  it('accepts every shipped problem', () => {
    for (const m of Object.values(PROBLEMS)) expect(checkProblem(buildProblem(m)).name).toBeTruthy();
  });
});

describe('affine output transform (Leibniz rule)', () => {
  it('gives the same terms as nested reverse mode on the transformed function', () => {
    const problem = burgersProblem();
    const net = new MLP({ sizes: [2, 8, 8, 1], seed: 3, inputs: ['x', 't'] });
    const rng = new Rng(2);
    const p = toColumns({ x: Float64Array.from({ length: 16 }, () => 2 * rng.next() - 1), t: Float64Array.from({ length: 16 }, () => rng.next()) });
    const terms = ['u', 'u_t', 'u_x', 'u_xx', 'u_xt', 'u_xxt'];
    const before = tf.memory().numTensors;
    const viaLeibniz = solutionTerms(problem, net, p, terms);
    const viaReverse = partials(solutionOf(problem, net), p, terms, { method: 'reverse' });
    for (const t of terms) expect(maxAbsDiff(viaLeibniz[t], viaReverse[t]), t).toBeLessThan(1e-4);
    [...Object.values(viaLeibniz), ...Object.values(viaReverse)].forEach((x) => x.dispose());
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
  });

  it('satisfies every condition marked imposed, whatever the network', () => {
    for (const m of Object.values(PROBLEMS)) {
      const problem = buildProblem(m);
      const net = new MLP({ sizes: [problem.inputs.length, 6, problem.outputs.length], seed: 5, inputs: problem.inputs });
      const sets = sampleConditionPoints(problem, 32, 'uniform', new Rng(1), {});
      problem.conditions.forEach((c, i) => {
        if (!c.imposed) return;
        const misfit = tf.tidy(() => {
          const ms = conditionMisfits(problem, c, net, sets[i].map(toColumns));
          return Math.max(...ms.map((x) => tf.max(tf.abs(x)).dataSync()[0]));
        });
        expect(misfit, `${problem.name} ${c.kind}`).toBeLessThan(1e-5);
      });
      net.dispose();
    }
  });
});

describe('condition misfits', () => {
  const square: Problem = {
    name: 'square',
    title: 'test',
    inputs: ['x'],
    outputs: ['u'],
    domain: { x: [0, 1] },
    terms: ['u'],
    residual: (d) => d.u,
    conditions: [],
    grid: { x: 2 },
  };
  const net = { forward: (p: Record<string, tf.Tensor>) => tf.square(p.x) as tf.Tensor2D };
  const at = (x: number) => [{ x: column([x]) }];

  it('Neumann uses the outward normal: -u_x on x-min, +u_x on x-max', () => {
    const c = { kind: 'neumann' as const, on: ['x-min' as const, 'x-max' as const], value: 0 };
    const [lo, hi] = conditionMisfits(square, c, net, [...at(0), ...at(1)]);
    expect(lo.dataSync()[0]).toBeCloseTo(-0, 6);
    expect(hi.dataSync()[0]).toBeCloseTo(2, 6);
  });

  it('periodic compares values (and derivatives) at both ends', () => {
    const c = { kind: 'periodic' as const, input: 'x', derivatives: 1 };
    const [u, ux] = conditionMisfits(square, c, net, [...at(0), ...at(1)]);
    expect(u.dataSync()[0]).toBeCloseTo(-1, 6);
    expect(ux.dataSync()[0]).toBeCloseTo(-2, 6);
    const sine = { forward: (p: Record<string, tf.Tensor>) => tf.sin(tf.mul(p.x, 2 * Math.PI)) as tf.Tensor2D };
    for (const m of conditionMisfits(square, c, sine, [...at(0), ...at(1)])) expect(Math.abs(m.dataSync()[0])).toBeLessThan(1e-5);
  });

  it('Dirichlet and data misfits are u minus the given values', () => {
    const d = conditionMisfits(square, { kind: 'dirichlet', on: 'x-max', value: (p) => tf.mul(p.x, 3) as tf.Tensor2D }, net, at(1));
    expect(d[0].dataSync()[0]).toBeCloseTo(-2, 6);
    const data = conditionMisfits(square, { kind: 'data', points: { x: [0.5] }, values: [1] }, net, [{ x: column([0.5]) }]);
    expect(data[0].dataSync()[0]).toBeCloseTo(-0.75, 6);
  });
});
