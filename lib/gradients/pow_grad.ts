import * as tf from '@tensorflow/tfjs';

/** Sums a broadcast gradient back down to the shape of the input it belongs to. */
function reduceTo(grad: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, grad.shape);
  const reduced = axes.length > 0 ? tf.sum(grad, axes) : grad;
  return tf.reshape(reduced, shape);
}

/**
 * Pow gradient that saves only its inputs and recomputes a^b where the
 * exponent's gradient needs it, so nested gradients keep a path to a and b.
 *
 * @example
 * tf.registerGradient(powGradConfig);
 * tf.grad(tf.grad(x => tf.pow(x, 3)))(tf.scalar(2)); // 12
 */
export const powGradConfig: tf.GradConfig = {
  kernelName: tf.Pow,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved) => {
    const [a, b] = saved;
    const g = dy as tf.Tensor;
    return {
      a: () => {
        const bf = tf.cast(b, 'float32');
        return reduceTo(tf.mul(g, tf.mul(bf, tf.pow(a, tf.sub(bf, 1)))), a.shape);
      },
      b: () => {
        const logA = tf.where(tf.greater(a, 0), tf.log(a), tf.zerosLike(a));
        return reduceTo(tf.mul(g, tf.mul(tf.pow(a, b), logA)), b.shape);
      },
    };
  },
};
