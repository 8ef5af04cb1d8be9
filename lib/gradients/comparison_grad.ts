import * as tf from '@tensorflow/tfjs';

/**
 * A zero gradient for a comparison or logical kernel. A comparison is piecewise
 * constant, so its derivative is zero wherever it is defined; stock tfjs
 * registers none (except for GreaterEqual), which makes any gradient that
 * branches with `tf.where(tf.greater(x, 0), ...)` fail one order further up
 * with "gradient function not found for Greater".
 */
function zeroGradConfig(kernelName: string, inputs: string[]): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: inputs,
    gradFunc: (_dy, saved) => Object.fromEntries(inputs.map((name, i) => [name, () => tf.zeros(saved[i].shape)])),
  };
}

/**
 * Zero gradients for Greater, Less, LessEqual, Equal, NotEqual and the
 * logical kernels (tf.where's own gradient applies logicalNot to its condition).
 *
 * @example
 * COMPARISON_GRADIENTS.forEach(tf.registerGradient);
 * tf.grad(tf.grad(tf.elu))(tf.scalar(-1)); // exp(-1), the Elu repair branches on x > 0
 */
export const COMPARISON_GRADIENTS: readonly tf.GradConfig[] = [
  ...[tf.Greater, tf.Less, tf.LessEqual, tf.Equal, tf.NotEqual, tf.LogicalAnd, tf.LogicalOr].map((k) => zeroGradConfig(k, ['a', 'b'])),
  zeroGradConfig(tf.LogicalNot, ['x']),
];
