import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';

import { shareDataOnWasmClone } from '../../lib/backend/wasm_identity.js';
import { shareSavedTensors } from '../../lib/internals/index.js';
import { describeOnBackends } from '../helpers/backends.js';

describeOnBackends('shareSavedTensors (lib/internals/engine.ts)', () => {
  beforeAll(() => {
    shareDataOnWasmClone();
    shareSavedTensors(['cpu', 'wasm']);
  });

  it('keeps the saved inputs of the outermost scope without Identity kernels, with the same gradient', async () => {
    const x = tf.tensor1d([1, -2, 3]);
    const w = tf.variable(tf.tensor1d([0.5, 2, -1]));
    const before = tf.memory().numTensors;
    const step = () => tf.variableGrads(() => tf.sum(tf.square(tf.mul(x, w))) as tf.Scalar, [w]);
    const { kernels } = await tf.profile(() => {
      const { value, grads } = step();
      tf.dispose([value, grads[w.name]]);
    });
    expect(kernels.map((k) => k.name)).not.toContain('Identity');
    const { value, grads } = step();
    // d/dw sum((x w)^2) = 2 x^2 w
    expect(Array.from(grads[w.name].dataSync())).toEqual([1, 16, -18]);
    expect(value.dataSync()[0]).toBe(0.25 + 16 + 9);
    tf.dispose([value, grads[w.name]]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w]);
  });

  it('links the shared tensors on the tape before a gradient taken inside the scope reads them', () => {
    // a = x w is recorded at depth 1 (its inputs shared); the inner gradient d/dx sum(a^2) = 2 a w = 2 x w^2 walks
    // the Multiply and records its backward ops on the saved x and w. The outer gradient must reach w through them:
    // d/dw sum(2 x w^2) = 4 w sum(x).
    const x = tf.tensor1d([1, 2, 3]);
    const w = tf.variable(tf.scalar(1.5));
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => {
      const a = tf.mul(x, w);
      const [g] = tf.engine().gradients(() => tf.sum(tf.square(a)), [x]).grads;
      return tf.sum(g) as tf.Scalar;
    }, [w]);
    expect(value.dataSync()[0]).toBeCloseTo(2 * 1.5 * 1.5 * 6, 5);
    expect(grads[w.name].dataSync()[0]).toBeCloseTo(4 * 1.5 * 6, 5);
    tf.dispose([value, grads[w.name]]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w]);
  });

  it('leaves nested gradients to tfjs clones (second derivatives by tf.grad of tf.grad)', () => {
    const x = tf.tensor1d([0.3, -0.7]);
    // d2/dx2 tanh(x) = -2 tanh(x) (1 - tanh(x)^2)
    const d2 = tf.grad((v: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(tf.tanh(u)))(v)))(x);
    const expected = [0.3, -0.7].map((v) => -2 * Math.tanh(v) * (1 - Math.tanh(v) ** 2));
    Array.from(d2.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    tf.dispose([x, d2]);
  });
});
