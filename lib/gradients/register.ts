import * as tf from '@tensorflow/tfjs';

import { batchMatMulGradConfig } from './batch_mat_mul_grad.js';
import { COMPARISON_GRADIENTS } from './comparison_grad.js';
import { eluGradConfig } from './elu_grad.js';
import { expGradConfig } from './exp_grad.js';
import { maxGradConfig, minGradConfig } from './min_max_grad.js';
import { powGradConfig } from './pow_grad.js';
import { sigmoidGradConfig } from './sigmoid_grad.js';
import { softmaxGradConfig } from './softmax_grad.js';
import { tanhGradConfig } from './tanh_grad.js';

/**
 * Every kernel whose stock tfjs 4.x gradient reads a saved output, which
 * breaks nested gradients. MaxPool, MaxPool3D and LRN also save outputs, but
 * their backward kernels (MaxPoolGrad, LRNGrad) have no gradients at all, so
 * re-registering them would not make them twice differentiable. LogSoftmax
 * is left out because no tfjs 4.22 backend implements that kernel: the
 * tf.logSoftmax op is a customGrad that saves its output, which no gradient
 * registration reaches (write x - tf.logSumExp(x, axis, true) instead). The
 * comparison kernels get zero gradients because the repaired gradients branch
 * on them (`where(greater(x, 0), ...)`) and stock tfjs registers none.
 * BatchMatMul is not broken, only slow on wasm: see batch_mat_mul_grad.ts.
 */
export const REPAIRED_GRADIENTS: readonly tf.GradConfig[] = [
  sigmoidGradConfig,
  tanhGradConfig,
  expGradConfig,
  powGradConfig,
  eluGradConfig,
  softmaxGradConfig,
  maxGradConfig,
  minGradConfig,
  ...COMPARISON_GRADIENTS,
  batchMatMulGradConfig,
];

/**
 * Re-registers the gradients of {@link REPAIRED_GRADIENTS} so that nested
 * `tf.grad` works to any order (tensorflow/tfjs#3252). Importing tfjs-pinn
 * already does this; call it yourself only if your app holds a second copy of
 * tfjs-core. Idempotent; returns the names of the kernels it (re)registered.
 *
 * @example
 * repairHigherOrderGradients();
 * tf.grad(tf.grad(tf.sigmoid))(tf.scalar(0.5)); // works
 */
export function repairHigherOrderGradients(): string[] {
  const changed: string[] = [];
  for (const config of REPAIRED_GRADIENTS) {
    if (tf.getGradient(config.kernelName) !== config) {
      tf.registerGradient(config);
      changed.push(config.kernelName);
    }
  }
  return changed;
}

repairHigherOrderGradients();
