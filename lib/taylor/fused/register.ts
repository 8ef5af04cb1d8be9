import * as tf from '@tensorflow/tfjs';

import { shareDataOnWasmClone } from '../../backend/wasm_identity.js';
import { FUSED_BACKENDS } from '../../internals/backend_arrays.js';
import { gradientDepth, recordedVjp, shareSavedTensors } from '../../internals/engine.js';
import { JET_BACKWARD, JET_FORWARD, JET_FORWARD_ONCE } from '../../internals/kernel_names.js';
import { backwardKernel } from './backward.js';
import { forwardKernel } from './forward.js';
import { plans } from './plan.js';
import { tfJet } from './reference.js';

let registered = false;

/**
 * Registers the fused jet kernels and their gradients on cpu and wasm, once, on the first fused call (not at
 * import: a process that never takes Taylor mode keeps tfjs as it was). It also makes the wasm Identity kernel
 * share data (see shareDataOnWasmClone), which the gradient's saved scratch tensors need to be cheap, and has the tape
 * keep saved tensors of gradients that run unrecorded without any Identity kernel (see shareSavedTensors).
 */
export function registerFusedJet(): void {
  if (registered) return;
  shareDataOnWasmClone();
  // Both backends' Identity kernels now share data: the tape can keep saved tensors without them.
  shareSavedTensors(FUSED_BACKENDS);
  for (const backendName of FUSED_BACKENDS) {
    tf.registerKernel({ kernelName: JET_FORWARD, backendName, kernelFunc: forwardKernel(backendName, false) as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: JET_FORWARD_ONCE, backendName, kernelFunc: forwardKernel(backendName, true) as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: JET_BACKWARD, backendName, kernelFunc: backwardKernel(backendName) as unknown as tf.KernelFunc });
  }
  const backward = (scratch: tf.Tensor, dy: tf.Tensor | tf.Tensor[], attrs: tf.NamedAttrMap) =>
    tf.engine().runKernel(JET_BACKWARD, [scratch, ...(Array.isArray(dy) ? dy : [dy])] as unknown as tf.NamedTensorMap, attrs) as unknown as tf.Tensor[];
  tf.registerGradient({
    kernelName: JET_FORWARD,
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const plan = plans.get((attrs as { plan: string }).plan)!;
      const c = plan.blocks.length;
      const params = saved.slice(0, c + 2 * plan.layers);
      const scratch = saved[c + 2 * plan.layers] as tf.Tensor | undefined;
      let grads: tf.Tensor[];
      if (gradientDepth() > 0 || scratch === undefined) {
        // Someone records this gradient to differentiate it again: build it from differentiable tf ops.
        // A derivative coefficient does not depend on the last bias (nor, for order >= 2 alone, on much else): zeros then.
        const dys = Array.isArray(dy) ? dy : [dy];
        grads = recordedVjp(() => tfJet(plan, params.slice(0, c) as tf.Tensor2D[], params.slice(c)), params, dys);
      } else {
        grads = backward(scratch, dy, attrs);
      }
      const thunks: Record<number, () => tf.Tensor> = Object.fromEntries(grads.map((g, i) => [i, () => g]));
      // The scratch tensor is memory, not an argument of the function: it has no gradient.
      if (scratch !== undefined) thunks[grads.length] = () => tf.zerosLike(scratch);
      return thunks;
    },
  });
  tf.registerGradient({
    kernelName: JET_FORWARD_ONCE,
    inputsToSave: ['0'],
    gradFunc: (dy, [scratch], attrs) => {
      // Its forward pass found that this gradient would run unrecorded; a recorded one would lack the inputs it needs.
      if (gradientDepth() > 0) throw new Error(`tfjs-pinn internal: the gradient of ${JET_FORWARD_ONCE} is being recorded (gradient depth ${gradientDepth()}), which its forward pass ruled out.`);
      const grads = backward(scratch, dy, attrs);
      const thunks: Record<number, () => tf.Tensor> = Object.fromEntries(grads.map((g, i) => [i + 1, () => g]));
      thunks[0] = () => tf.zerosLike(scratch);
      return thunks;
    },
  });
  registered = true;
}
