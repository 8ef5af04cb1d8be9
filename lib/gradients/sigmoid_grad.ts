import * as tf from '@tensorflow/tfjs';

/**
 * Sigmoid gradient that saves its input instead of its output.
 *
 * Stock tfjs saves y = sigmoid(x); the engine records the saved copy on the
 * tape before the Sigmoid node itself, so an outer gradient finds no path
 * from x and nested `tf.grad` throws (tensorflow/tfjs#3252). Recomputing y
 * from the saved x keeps the path.
 *
 * @example
 * tf.registerGradient(sigmoidGradConfig);
 * tf.grad(tf.grad(tf.sigmoid))(tf.scalar(0.5)); // -0.0576...
 */
export const sigmoidGradConfig: tf.GradConfig = {
  kernelName: tf.Sigmoid,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return {
      x: () => {
        const y = tf.sigmoid(x);
        return tf.mul(dy as tf.Tensor, tf.mul(y, tf.sub(1, y)));
      },
    };
  },
};
