import * as tf from '@tensorflow/tfjs';

import { assertColumn, assertFunction, assertOneOf, assertOrder, describe } from './checks.js';
import { Seed, gradStep, recordTape } from './tape.js';

/** Options of {@link partial}. */
export interface PartialOptions {
  /** Not yet read (see the next commit). */
  seed?: Seed;
  /**
   * 'sum': the gradient of the sum of the outputs; 'ones': the gradient with
   * an explicit seed of ones (PyTorch's `backward(gradient=ones)`). Same numbers.
   * @default 'sum'
   */
  method?: Seed;
  /** Which output column to differentiate when u returns [N,k] with k > 1. */
  component?: number;
}

const FN = 'partial';

/**
 * The order-th partial derivative of u with respect to x, as [N,1].
 *
 * `u` maps x ([N,1]) to [N,1] or [N,k] pointwise (row i depends on row i of
 * x only, which is what makes the sum trick exact); capture other inputs by
 * closure. Calls nest: the inner call's result stays differentiable.
 *
 * @example
 * const u_x = partial(x => net.forward(x, t), x);
 * const u_xt = partial(x => partial(t => net.forward(x, t), t), x);
 */
export function partial(
  u: (x: tf.Tensor2D) => tf.Tensor,
  x: tf.Tensor2D,
  order = 1,
  options: PartialOptions = {},
): tf.Tensor2D {
  assertFunction(u, 'u', FN);
  assertColumn(x, 'x', FN);
  assertOrder(order, FN);
  const method = options.method ?? 'sum';
  assertOneOf(method, ['sum', 'ones'] as const, 'method', FN);
  const { outputs } = recordTape(() => {
    let y = selectColumn(u(x), x.shape[0], options.component);
    for (let k = 1; k <= order; k++) {
      const [g] = gradStep(y, [x], method);
      if (g === undefined && k === 1) {
        throw new Error(`'${FN}': u does not depend on x (no path from x to u's output); its derivative would be zeros. Check that u uses its argument.`);
      }
      // A derivative that is constant in x has a zero derivative, not an error.
      y = g ?? tf.zerosLike(x);
    }
    return [y];
  });
  return outputs[0] as tf.Tensor2D;
}

/** Picks one [N,1] column of u's output, checking its shape. */
export function selectColumn(y: unknown, n: number, component: number | undefined): tf.Tensor {
  if (!(y instanceof tf.Tensor) || y.rank !== 2 || y.shape[0] !== n) {
    throw new Error(`'${FN}': u must return a tensor of shape [N,k] with N = ${n}, but returned ${describe(y)}.`);
  }
  const k = y.shape[1] as number;
  if (component === undefined) {
    if (k !== 1) {
      throw new Error(`'${FN}': u returns ${k} columns; pass options.component (0..${k - 1}) to choose one.`);
    }
    return y;
  }
  if (!Number.isInteger(component) || component < 0 || component >= k) {
    throw new Error(`Option 'component' passed to '${FN}' must be an integer in 0..${k - 1}, but got ${describe(component)}.`);
  }
  return k === 1 ? y : tf.slice(y, [0, component], [n, 1]);
}
