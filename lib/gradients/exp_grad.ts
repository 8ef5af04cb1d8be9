import * as tf from '@tensorflow/tfjs';

/**
 * Exp gradient that saves its input and recomputes exp(x).
 *
 * The stock version is the worst of the lot: it does not throw but treats
 * the saved exp(x) as a constant, so anything built from exp (a hand-written
 * sigmoid, softplus, swish) gets silently wrong second derivatives.
 *
 * @example
 * tf.registerGradient(expGradConfig);
 * tf.grad(tf.grad(tf.exp))(tf.scalar(1)); // e
 */
export const expGradConfig: tf.GradConfig = {
  kernelName: tf.Exp,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => tf.mul(dy as tf.Tensor, tf.exp(x)) };
  },
};
