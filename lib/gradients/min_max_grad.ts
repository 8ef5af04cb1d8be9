import * as tf from '@tensorflow/tfjs';

type Reducer = (x: tf.Tensor, axes: number[], keepDims: boolean) => tf.Tensor;

/**
 * Gradient of a max or min reduction that saves its input and recomputes the
 * extreme value: dy flows to every element equal to it.
 */
function extremeGrad(reduce: Reducer, axisAttr: 'reductionIndices' | 'axis'): tf.GradConfig['gradFunc'] {
  return (dy, saved, attrs) => {
    const [x] = saved;
    const axes = tf.util.parseAxisParam(attrs[axisAttr] as number | number[], x.shape);
    return {
      x: () => {
        const keptShape = tf.backend_util.expandShapeToKeepDim(
          tf.backend_util.computeOutAndReduceShapes(x.shape, axes)[0],
          axes,
        );
        const y = reduce(x, axes, true);
        const g = tf.reshape(dy as tf.Tensor, keptShape);
        return tf.mul(g, tf.cast(tf.equal(x, y), g.dtype));
      },
    };
  };
}

/**
 * Max gradient that saves its input instead of its output.
 *
 * @example
 * tf.registerGradient(maxGradConfig);
 * tf.grad(x => tf.max(x))(tf.tensor1d([1, 3, 2])); // [0, 1, 0]
 */
export const maxGradConfig: tf.GradConfig = {
  kernelName: tf.Max,
  inputsToSave: ['x'],
  gradFunc: extremeGrad((x, axes, keep) => tf.max(x, axes, keep), 'reductionIndices'),
};

/**
 * Min gradient that saves its input instead of its output.
 *
 * @example
 * tf.registerGradient(minGradConfig);
 * tf.grad(x => tf.min(x))(tf.tensor1d([1, 3, 2])); // [1, 0, 0]
 */
export const minGradConfig: tf.GradConfig = {
  kernelName: tf.Min,
  inputsToSave: ['x'],
  gradFunc: extremeGrad((x, axes, keep) => tf.min(x, axes, keep), 'axis'),
};
