import * as tf from '@tensorflow/tfjs';

import { JET_MAT_MUL } from '../internals/kernel_names.js';

let registered = false;

/**
 * a b for [M,k] x [k,n], with a gradient that is cheap on wasm.
 *
 * tfjs's stock MatMul gradient asks for a^T dy and dy b^T through the
 * transposeA/transposeB flags, which the wasm kernel runs 5-10x slower than a
 * plain product (measured at [10000,20] x [20,20]: 5.2 ms with transposeB
 * against 0.9 ms for an explicit transpose and a plain product), and a
 * backward pass through a jet is mostly such products. This op runs the
 * backend's BatchMatMul kernel forward and builds its gradient from
 * explicit transposes and itself, so it stays differentiable to any order.
 * Other backends use tf.matMul, whose transposed products are not slower.
 */
export function jetMatMul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  if (tf.getBackend() !== 'wasm') return tf.matMul(a, b);
  if (!registered) register();
  return tf.engine().runKernel(JET_MAT_MUL, { a, b }, {}) as tf.Tensor2D;
}

function register(): void {
  tf.registerKernel({
    kernelName: JET_MAT_MUL,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const stock = tf.getKernel('BatchMatMul', 'wasm');
      if (stock === undefined) throw new Error(`'jetMatMul' needs the wasm backend's BatchMatMul kernel, which is not registered.`);
      return stock.kernelFunc({ inputs, backend, attrs: { transposeA: false, transposeB: false } });
    },
  });
  tf.registerGradient({
    kernelName: JET_MAT_MUL,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as tf.Tensor2D[];
      return {
        a: () => jetMatMul(dy as tf.Tensor2D, tf.transpose(b)),
        b: () => jetMatMul(tf.transpose(a), dy as tf.Tensor2D),
      };
    },
  });
  registered = true;
}
