import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { MLP, Rng, initBackend } from '../../../lib/index.js';
import { sampleConditionPoints, toColumns } from '../../../lib/pinn/batch.js';
import { lossParts } from '../../../lib/pinn/loss/parts.js';
import { diskProblem } from '../../fixtures/disk_problem.js';

describe('problems on geometries', () => {
  beforeAll(async () => {
    await initBackend('wasm', { log: false });
  });

  it('loss parts keep two conditions of the same name apart', () => {
    const p = diskProblem([{ kind: 'dirichlet', on: 'circle', value: 1 }, { kind: 'dirichlet', on: 'circle', value: 0 }]);
    const net = new MLP({ sizes: [2, 4, 1], seed: 1, inputs: ['x', 'y'] });
    const sets = sampleConditionPoints(p, 16, 'sobol', new Rng(1), {});
    const names = tf.tidy(() => Object.keys(lossParts(p, net, { interior: toColumns({ x: Float64Array.of(0), y: Float64Array.of(0) }), conditions: sets.map((s) => s.map(toColumns)) }).parts));
    expect(names).toEqual(['residual', 'dirichlet(circle)', 'dirichlet(circle)#1']);
    net.dispose();
  });
});
