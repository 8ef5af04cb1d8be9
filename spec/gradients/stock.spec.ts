// Stock tfjs's gradient configs are read first: importing the library below re-registers them.
import { STOCK_GRADIENTS, WATCHED_KERNELS } from '../helpers/stock_gradients.js';

import * as tf from '@tensorflow/tfjs';
import { afterAll, expect, it } from 'vitest';

import { REPAIRED_GRADIENTS, repairHigherOrderGradients } from '../../lib/index.js';
import { describeOnBackends } from '../helpers/backends.js';
import { compareWithStock, gradientCases, forwardRuns, gradientsOf, kernelsHit } from '../helpers/gradient_matrix.js';

// Gradients are global to the process: whatever tfjs-pinn registers changes every tfjs user's
// gradients. Each case is differentiated with stock's config and with the library's; they must agree.
const TOLERANCE = 1e-5;
const CASES = gradientCases();

afterAll(() => {
  repairHigherOrderGradients();
});

it('compares against stock configs, read before the library registered its own', () => {
  for (const config of STOCK_GRADIENTS) expect(REPAIRED_GRADIENTS).not.toContain(config);
  // Stock Sigmoid saves its output; the library's saves its input.
  expect(STOCK_GRADIENTS.find((c) => c.kernelName === 'Sigmoid')?.outputsToSave).toEqual([true]);
});

it('has cases for every kernel the library registers a gradient for', () => {
  const registered = REPAIRED_GRADIENTS.map((c) => c.kernelName);
  expect(WATCHED_KERNELS).toEqual(expect.arrayContaining(registered));
  const covered = new Set(CASES.map((c) => c.kernel));
  for (const name of registered) expect(covered.has(name), `no case in the matrix for ${name}`).toBe(true);
});

describeOnBackends('each registered gradient equals stock tfjs where stock works', () => {
  it('every case goes through the gradient of the kernel it names', () => {
    const missed = CASES.filter((c) => forwardRuns(c) && !kernelsHit(c, REPAIRED_GRADIENTS).has(c.kernel)).map((c) => c.name);
    expect(missed).toEqual([]);
  });

  for (const c of CASES) {
    it(c.name, () => {
      expect(compareWithStock(c, STOCK_GRADIENTS, REPAIRED_GRADIENTS, TOLERANCE)).toBeUndefined();
      // tfjs leaks the tape's saved tensors when a gradient throws, so only a working gradient is checked for leaks.
      const before = tf.memory().numTensors;
      if (gradientsOf(c, c.f, REPAIRED_GRADIENTS).error === undefined) expect(tf.memory().numTensors).toBe(before);
    });
  }
});

describeOnBackends('matMul gradient where tfjs cannot broadcast', () => {
  it('refuses batch axes broadcast on both sides (tfjs computes that product wrong), naming the shapes and the way out', () => {
    const a = tf.ones([2, 1, 3, 4]);
    const b = tf.ones([1, 3, 4, 5]);
    expect(() => tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.matMul(p, q).sum())([a, b])).toThrow(
      "matMul gradient: batch shapes [2,1] and [1,3] are broadcast on both sides, which tfjs's matMul kernels do not compute correctly (they flatten the batch axes); tf.broadcastTo both operands to [2,3] first.",
    );
    tf.dispose([a, b]);
  });
});
