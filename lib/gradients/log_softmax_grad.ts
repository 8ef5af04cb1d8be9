import * as tf from '@tensorflow/tfjs';

/**
 * LogSoftmax gradient that saves its logits: dx = dy - softmax(x) * sum(dy, axis).
 *
 * @example
 * tf.registerGradient(logSoftmaxGradConfig);
 * tf.grad(tf.grad(x => tf.logSoftmax(x).slice(0, 1).sum()))(tf.tensor1d([1, 2]));
 */
export const logSoftmaxGradConfig: tf.GradConfig = {
  kernelName: tf.LogSoftmax,
  inputsToSave: ['logits'],
  gradFunc: (dy, saved, attrs) => {
    const [logits] = saved;
    const { axis } = attrs as unknown as tf.LogSoftmaxAttrs;
    return {
      logits: () => {
        const g = dy as tf.Tensor;
        const p = tf.softmax(logits, axis);
        return tf.sub(g, tf.mul(p, tf.sum(g, [axis], true)));
      },
    };
  },
};
