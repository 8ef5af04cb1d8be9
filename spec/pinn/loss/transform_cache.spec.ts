import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

import { MLP, Trainer, burgers, lossParts } from '../../../lib/index.js';
import { TensorBatch } from '../../../lib/pinn/batch.js';
import { TransformTermsCache, withTransformCache } from '../../../lib/pinn/loss/transform_cache.js';
import { describeOnBackends } from '../../helpers/backends.js';

// The Trainer computes an affine output transform's terms once per point set. Its loss must equal the loss
// computed afresh, also after the points change, and the kept tensors must be freed with the points.

const batchOf = (seed: number, n: number): TensorBatch => ({
  interior: { x: tf.randomUniform([n, 1], -1, 1, 'float32', seed) as tf.Tensor2D, t: tf.randomUniform([n, 1], 0, 1, 'float32', seed + 1) as tf.Tensor2D },
  conditions: [],
});

describeOnBackends('output transform terms cache', () => {
  it('gives the same loss and weight gradients as computing the terms afresh, across a change of points', () => {
    const problem = burgers.problem();
    const net = new MLP({ sizes: [2, 10, 10, 1], activation: 'tanh', seed: 3 });
    const cache = new TransformTermsCache();
    const before = tf.memory().numTensors;
    const lossAndGrad = (batch: TensorBatch, c?: TransformTermsCache) => {
      const { value, grads } = tf.variableGrads(() => withTransformCache(c, () => lossParts(problem, net, batch).total), net.variables);
      const out = [value.dataSync()[0], ...net.variables.flatMap((v) => Array.from(grads[v.name].dataSync()))];
      value.dispose();
      tf.dispose(Object.values(grads));
      return out;
    };
    for (const [seed, n] of [[1, 300], [7, 200]]) {
      const batch = batchOf(seed, n);
      const fresh = lossAndGrad(batch);
      const first = lossAndGrad(batch, cache); // computes and keeps the terms
      const cached = lossAndGrad(batch, cache); // reads them
      expect(cache.size).toBe(2); // value and scale at these points
      for (const got of [first, cached]) got.forEach((v, i) => expect(v).toBeCloseTo(fresh[i], 6));
      tf.dispose([batch.interior.x, batch.interior.t]); // like a resample: the next lookup frees this entry
    }
    expect(cache.size).toBe(0);
    cache.dispose();
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
  });

  it('the Trainer frees the kept terms with itself', () => {
    const before = tf.memory().numTensors;
    const trainer = new Trainer(burgers.problem(), { ...burgers.defaults, network: { hidden: [8], seed: 1 }, sampling: { domain: 64, boundary: 16, resampleEvery: 2 }, adam: { steps: 5, lr: 1e-3 }, lbfgs: { steps: 0 } });
    for (let i = 0; i < 5; i++) trainer.step();
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
