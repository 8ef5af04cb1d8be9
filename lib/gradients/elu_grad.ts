import * as tf from '@tensorflow/tfjs';

/**
 * Elu gradient from its input: dy for x > 0, dy * exp(x) otherwise.
 *
 * The stock gradient saves y and calls the EluGrad kernel, which has no
 * gradient of its own; written with differentiable ops it nests to any order.
 *
 * @example
 * tf.registerGradient(eluGradConfig);
 * tf.grad(tf.grad(tf.elu))(tf.scalar(-1)); // exp(-1)
 */
export const eluGradConfig: tf.GradConfig = {
  kernelName: tf.Elu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    const g = dy as tf.Tensor;
    return { x: () => tf.where(tf.greater(x, 0), g, tf.mul(g, tf.exp(x))) };
  },
};
