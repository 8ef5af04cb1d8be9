import * as tf from '@tensorflow/tfjs';

/** Activation functions a PINN uses: smooth, so every derivative order is meaningful. */
export const ACTIVATIONS = ['tanh', 'sigmoid', 'sin', 'softplus', 'swish', 'gelu'] as const;

/** Name of an activation in {@link ACTIVATIONS}. */
export type ActivationName = (typeof ACTIVATIONS)[number];

const SQRT1_2 = Math.SQRT1_2;

const FUNCTIONS: Record<ActivationName, (x: tf.Tensor) => tf.Tensor> = {
  tanh: (x) => tf.tanh(x),
  sigmoid: (x) => tf.sigmoid(x),
  sin: (x) => tf.sin(x),
  softplus: (x) => tf.softplus(x),
  swish: (x) => tf.mul(x, tf.sigmoid(x)),
  // The exact (erf) GELU, as PyTorch's default, not the tanh approximation.
  gelu: (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, SQRT1_2)))),
};

/**
 * The activation function called `name`; throws, listing the choices, for any other name.
 *
 * @example
 * const act = activation('tanh');
 * act(tf.tensor2d([[0.5]]));
 */
export function activation(name: ActivationName): (x: tf.Tensor) => tf.Tensor {
  const f = FUNCTIONS[name];
  if (f === undefined || !Object.hasOwn(FUNCTIONS, name)) {
    throw new Error(`Unknown activation ${JSON.stringify(name)}: expected one of ${ACTIVATIONS.join(', ')}.`);
  }
  return f;
}
