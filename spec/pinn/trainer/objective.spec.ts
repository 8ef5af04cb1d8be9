import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

import { MLP, burgers } from '../../../lib/index.js';
import { readAsync, readSync } from '../../../lib/internals/index.js';
import { TensorBatch } from '../../../lib/pinn/batch.js';
import { lossAndGradsReads } from '../../../lib/pinn/trainer/objective.js';
import { describeOnBackends } from '../../helpers/backends.js';

// The flat gradient L-BFGS reads (joined in JS from one read of every gradient on cpu and wasm) must be the
// gradients end to end in the variables' order, synchronous or not, and leave nothing behind.

describeOnBackends('loss and gradient read-back', () => {
  it("'flat' is every gradient flattened in order, equal to the gradients returned", async () => {
    const problem = burgers.problem();
    const net = new MLP({ sizes: [2, 6, 5, 1], activation: 'tanh', seed: 4 });
    const batch: TensorBatch = {
      interior: { x: tf.randomUniform([40, 1], -1, 1, 'float32', 2) as tf.Tensor2D, t: tf.randomUniform([40, 1], 0, 1, 'float32', 3) as tf.Tensor2D },
      conditions: [],
    };
    const before = tf.memory().numTensors;
    for (const run of [readSync, readAsync] as const) {
      const got = await run(lossAndGradsReads(problem, net, batch, {}, net.variables, () => ({}), 'flat'));
      const want = got.grads.flatMap((g) => Array.from(g.dataSync()));
      expect(got.flat!.length).toBe(net.variables.reduce((n, v) => n + v.size, 0));
      expect(Array.from(got.flat!)).toEqual(want);
      expect(want.some((v) => v !== 0)).toBe(true);
      tf.dispose(got.grads);
    }
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
    tf.dispose([batch.interior.x, batch.interior.t]);
  });
});
