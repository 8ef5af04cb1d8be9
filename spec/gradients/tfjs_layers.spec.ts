// Stock tfjs's gradient configs are read first: importing the library below re-registers them.
import { STOCK_GRADIENTS } from '../helpers/stock_gradients.js';

import * as tf from '@tensorflow/tfjs';
import { afterAll, expect, it } from 'vitest';

import { REPAIRED_GRADIENTS, repairHigherOrderGradients } from '../../lib/index.js';
import { describeOnBackends } from '../helpers/backends.js';
import { seeded, useGradients } from '../helpers/gradient_matrix.js';
import { relativeError } from '../helpers/close.js';

// A tfjs-layers user who imports tfjs-pinn for something else must train exactly as before.
// The baseline runs in this process with stock tfjs's gradient configs registered for its
// duration; then the library's configs are back and the same model trains again.
const STEPS = 5;
const TOKENS = 4;
const FEATURES = 3;

afterAll(() => {
  repairHigherOrderGradients();
});

/**
 * Dense layers around an attention-like block: softmax(q k^T) v, both products
 * batched rank-3 matMuls (tf.layers.dot), the first with a transposed operand.
 */
function attentionModel(): tf.LayersModel {
  const input = tf.input({ shape: [TOKENS, FEATURES] });
  const h = tf.layers.dense({ units: 8, activation: 'tanh' }).apply(input) as tf.SymbolicTensor;
  const q = tf.layers.dense({ units: 4 }).apply(h) as tf.SymbolicTensor;
  const k = tf.layers.dense({ units: 4 }).apply(h) as tf.SymbolicTensor;
  const v = tf.layers.dense({ units: 4, activation: 'sigmoid' }).apply(h) as tf.SymbolicTensor;
  const scores = tf.layers.dot({ axes: [2, 2] }).apply([q, k]) as tf.SymbolicTensor;
  const weights = tf.layers.softmax({ axis: -1 }).apply(scores) as tf.SymbolicTensor;
  const mixed = tf.layers.dot({ axes: [2, 1] }).apply([weights, v]) as tf.SymbolicTensor;
  const flat = tf.layers.flatten().apply(mixed) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: 1 }).apply(flat) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

/** Trains a fresh copy of the model from `initial` for STEPS Adam steps with `configs` registered. */
async function train(initial: tf.Tensor[], configs: readonly tf.GradConfig[]): Promise<{ weights: Float32Array[]; losses: number[] }> {
  useGradients(configs);
  const model = attentionModel();
  model.setWeights(initial);
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
  const batch = 8;
  const x = tf.tensor3d(seeded(batch * TOKENS * FEATURES, 1), [batch, TOKENS, FEATURES]);
  const y = tf.tensor2d(seeded(batch, 2), [batch, 1]);
  const losses: number[] = [];
  // IS_TEST (set by spec/setup.ts) makes tfjs count backend data ids around every kernel; on wasm
  // tfjs-layers' fused Dense matMul on a rank-3 input trips that count with or without tfjs-pinn.
  const isTest = tf.env().getBool('IS_TEST');
  tf.env().set('IS_TEST', false);
  try {
    for (let step = 0; step < STEPS; step++) losses.push((await model.trainOnBatch(x, y)) as number);
    return { weights: model.getWeights().map((w) => w.dataSync() as Float32Array), losses };
  } finally {
    tf.dispose([x, y]);
    model.optimizer.dispose();
    model.dispose();
    tf.env().set('IS_TEST', isTest);
    useGradients(REPAIRED_GRADIENTS);
  }
}

describeOnBackends('a tfjs-layers model trains the same with and without tfjs-pinn', () => {
  it(`${STEPS} Adam steps of dense + batched matMul attention: same losses and weights (1e-6)`, async () => {
    const template = attentionModel();
    const initial = template.getWeights().map((w) => w.clone());
    template.dispose();
    const before = tf.memory().numTensors;
    const stock = await train(initial, STOCK_GRADIENTS);
    const library = await train(initial, REPAIRED_GRADIENTS);
    expect(tf.memory().numTensors).toBe(before);
    // The baseline really trained: every weight moved and the loss went down.
    initial.forEach((w, i) => expect(relativeError(stock.weights[i], w.dataSync()), `weight ${i} moved`).toBeGreaterThan(1e-4));
    expect(stock.losses.at(-1)!).toBeLessThan(stock.losses[0]);
    const errors = stock.weights.map((w, i) => relativeError(library.weights[i], w));
    expect(relativeError(library.losses, stock.losses), 'losses').toBeLessThanOrEqual(1e-6);
    errors.forEach((err, i) => expect(err, `weight ${i}`).toBeLessThanOrEqual(1e-6));
    tf.dispose(initial);
  });
});
