import * as tf from '@tensorflow/tfjs';

/**
 * Tanh gradient that saves its input and recomputes tanh(x), so nested
 * gradients keep a path to x (see sigmoid_grad.ts for the cause).
 *
 * @example
 * tf.registerGradient(tanhGradConfig);
 * tf.grad(tf.grad(tf.tanh))(tf.scalar(0.5));
 */
export const tanhGradConfig: tf.GradConfig = {
  kernelName: tf.Tanh,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return {
      x: () => {
        const y = tf.tanh(x);
        return tf.mul(dy as tf.Tensor, tf.sub(1, tf.square(y)));
      },
    };
  },
};
