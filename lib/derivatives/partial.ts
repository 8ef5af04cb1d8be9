import * as tf from '@tensorflow/tfjs';

import { checkKeys } from '../internals/index.js';
import { applyFiniteGuard, assertColumn, assertFloatResult, finiteGuard, assertFunction, assertOneOf, assertOptionsObject, assertOrder, describe } from './checks.js';
import { Seed, gradStep, recordTape } from './tape.js';

/** Options of {@link partial}. */
export interface PartialOptions {
  /**
   * 'sum': the gradient of the sum of the outputs; 'ones': the gradient with
   * an explicit seed of ones (PyTorch's `backward(gradient=ones)`). Same
   * numbers. The same option as {@link partials}' `seed`.
   * @default 'sum'
   */
  seed?: Seed;
  /** Which output column to differentiate when u returns [N,k] with k > 1. */
  component?: number;
  /**
   * The former name of `seed`; still read, with a warning (once per process).
   * @deprecated use `seed`.
   */
  method?: Seed;
}

const FN = 'partial';

const OPTION_KEYS = ['seed', 'component', 'method'] as const;

const SEEDS = ['sum', 'ones'] as const;

let warnedMethod = false;

/** Applies the defaults of {@link PartialOptions} and checks every option. */
function checkPartialOptions(options: PartialOptions): { seed: Seed; component: number | undefined } {
  assertOptionsObject(options, FN);
  checkKeys(options, OPTION_KEYS, `options passed to '${FN}'`);
  if (options.seed !== undefined) assertOneOf(options.seed, SEEDS, 'seed', FN);
  if (options.method !== undefined) {
    assertOneOf(options.method, SEEDS, 'method', FN);
    if (options.seed !== undefined && options.seed !== options.method) {
      throw new Error(`Options 'seed' ('${options.seed}') and 'method' ('${options.method}') passed to '${FN}' disagree; 'method' is the deprecated name of 'seed': pass 'seed' only.`);
    }
    if (!warnedMethod) {
      warnedMethod = true;
      console.warn(`tfjs-pinn: option 'method' of '${FN}' is deprecated; use 'seed' (same values, 'sum' or 'ones'), as partials does.`);
    }
  }
  return { seed: options.seed ?? options.method ?? 'sum', component: options.component };
}

/**
 * The order-th partial derivative of u with respect to x, as [N,1].
 *
 * `u` maps x ([N,1]) to [N,1] or [N,k] pointwise (row i depends on row i of
 * x only, which is what makes the sum trick exact); capture other inputs by
 * closure. Calls nest: the inner call's result stays differentiable. The
 * result is a new tensor; x and anything u captures or returns stay yours.
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
  const { seed, component } = checkPartialOptions(options);
  const guard = finiteGuard([{ what: "Argument 'x'", t: x }], FN);
  // Differentiating by a clone (same data) keeps nested calls over one tensor
  // apart: partial(x => partial(t => f(x, t), a), a) is f_xt, not d/da of f(a, a).
  const leaf = x.clone();
  try {
    return applyFiniteGuard([differentiate(u, leaf, order, seed, component)], guard)[0];
  } catch (error) {
    guard?.dispose();
    throw error;
  } finally {
    leaf.dispose();
  }
}

function differentiate(u: (x: tf.Tensor2D) => tf.Tensor, x: tf.Tensor2D, order: number, seed: Seed, component: number | undefined): tf.Tensor2D {
  const { outputs } = recordTape(() => {
    let y = selectColumn(u(x), x.shape[0], component);
    for (let k = 1; k <= order; k++) {
      const [g] = gradStep(y, [x], seed);
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

/** Picks one [N,1] column of u's output, checking its shape and dtype. */
export function selectColumn(y: unknown, n: number, component: number | undefined): tf.Tensor {
  if (!(y instanceof tf.Tensor) || y.rank !== 2 || y.shape[0] !== n) {
    throw new Error(`'${FN}': u must return a tensor of shape [N,k] with N = ${n}, but returned ${describe(y)}.`);
  }
  assertFloatResult(y, FN);
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
