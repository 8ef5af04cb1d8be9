import * as tf from '@tensorflow/tfjs';

/**
 * Every kernel tfjs-pinn registers a gradient for. The property specs check
 * that REPAIRED_GRADIENTS holds nothing outside this list, so a new
 * registration cannot skip the comparison with stock.
 */
export const WATCHED_KERNELS: readonly string[] = [
  tf.Sigmoid,
  tf.Tanh,
  tf.Exp,
  tf.Pow,
  tf.Elu,
  tf.Softmax,
  tf.Max,
  tf.Min,
  tf.Greater,
  tf.Less,
  tf.LessEqual,
  tf.Equal,
  tf.NotEqual,
  tf.LogicalAnd,
  tf.LogicalOr,
  tf.LogicalNot,
  tf.BatchMatMul,
];

/**
 * Stands in for "stock tfjs has no gradient here": throws what the engine
 * throws when it meets a kernel without one on the tape.
 */
function missingGradient(kernelName: string): tf.GradConfig {
  return {
    kernelName,
    gradFunc: () => {
      throw new Error(`Cannot compute gradient: gradient function not found for ${kernelName}.`);
    },
  };
}

/**
 * Reads stock tfjs's gradient configs of {@link WATCHED_KERNELS} from the
 * registry. Call it before tfjs-pinn is imported (the import re-registers
 * them): a module that imports this one first, and the library after it,
 * gets stock configs by ESM evaluation order.
 */
export function captureStockGradients(): tf.GradConfig[] {
  return WATCHED_KERNELS.map((name) => tf.getGradient(name) ?? missingGradient(name));
}

/** Stock tfjs's configs, captured when this module is first evaluated. */
export const STOCK_GRADIENTS: readonly tf.GradConfig[] = captureStockGradients();
