import * as tf from '@tensorflow/tfjs';

/**
 * Softmax gradient that saves its logits and recomputes the softmax:
 * dx = y * dy - y * sum(y * dy, dim).
 *
 * @example
 * tf.registerGradient(softmaxGradConfig);
 * tf.grad(tf.grad(x => tf.softmax(x).slice(0, 1).sum()))(tf.tensor1d([1, 2]));
 */
export const softmaxGradConfig: tf.GradConfig = {
  kernelName: tf.Softmax,
  inputsToSave: ['logits'],
  gradFunc: (dy, saved, attrs) => {
    const [logits] = saved;
    const { dim } = attrs as unknown as tf.SoftmaxAttrs;
    return {
      logits: () => {
        const y = tf.softmax(logits, dim);
        const yDy = tf.mul(y, dy as tf.Tensor);
        return tf.sub(yDy, tf.mul(y, tf.sum(yDy, [dim], true)));
      },
    };
  },
};
