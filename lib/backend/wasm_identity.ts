import * as tf from '@tensorflow/tfjs';

/**
 * tfjs's wasm Identity kernel (tf.clone, and every tensor the tape saves)
 * copies its input, so saving the scratch tensors for the gradient copied
 * all of them on every step (4% of a training step at N = 10,000). Tensors are
 * immutable, so the clone can share the data, as the cpu backend's and the
 * wasm Reshape kernel already do.
 */
export function shareDataOnWasmClone(): void {
  if (tf.getKernel('Identity', 'wasm') !== undefined) tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const x = inputs.x as tf.TensorInfo;
      (backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
}
