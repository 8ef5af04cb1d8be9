import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { MLP, PROBLEMS, Rng, burgersProblem, initBackend, partials } from '../../../lib/index.js';
import { sampleConditionPoints, toColumns } from '../../../lib/pinn/batch.js';
import { conditionMisfits } from '../../../lib/pinn/loss/misfits.js';
import { solutionOf, solutionTerms } from '../../../lib/pinn/loss/solution.js';
import { buildProblem } from '../../../lib/node/index.js';

beforeAll(async () => {
  await initBackend('cpu', { log: false });
});

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

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
