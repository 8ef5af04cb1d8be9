import * as tf from '@tensorflow/tfjs';

import type { MLP } from '../models/index.js';
import { Jet, isZero } from './jet.js';
import { jetMatMul } from './mat_mul.js';
import { IndexSet, MultiIndex, degree } from './multi_index.js';
import { TAYLOR_RULES } from './rules/index.js';

/**
 * The jet of an MLP's output [N,out] over `set`, one jet variable per
 * direction: the input's coefficient 0 is the points [N,in], coefficient e_j
 * is direction j ([1,in], broadcast over the points), higher ones are zero.
 *
 * Each linear layer maps every coefficient by the same weights (the bias goes
 * to coefficient 0 only), each activation by its recurrence; everything is
 * plain tf ops, so the result is differentiable w.r.t. weights and inputs.
 * Must run inside a tf scope (tidy or tape) that owns the intermediates.
 */
export function mlpJet(net: MLP, points: tf.Tensor2D, directions: readonly (readonly number[])[], set: IndexSet): Jet {
  let h = new Jet(set, (alpha): tf.Tensor | null => {
    if (isZero(alpha)) return points;
    if (degree(alpha) !== 1) return null;
    return tf.tensor2d([directions[alpha.findIndex((a) => a === 1)] as number[]]);
  });
  const rule = TAYLOR_RULES[net.activation];
  const last = net.weights.length - 1;
  net.weights.forEach((w, i) => {
    h = linear(h, w, net.biases[i]);
    if (i < last) h = rule(h);
  });
  return h;
}

/** z = h W + b as jets: every coefficient times W, the bias on coefficient 0 only. */
function linear(h: Jet, w: tf.Tensor2D, b: tf.Tensor1D): Jet {
  const scaledW = new Map<number, tf.Tensor2D>();
  return new Jet(
    h.set,
    (alpha: MultiIndex) => {
      const c = h.at(alpha);
      if (c === null) return null;
      const z = jetMatMul(c as tf.Tensor2D, w);
      return isZero(alpha) ? tf.add(z, b) : z;
    },
    (alpha: MultiIndex, factor: number) => {
      const c = h.at(alpha);
      if (c === null) return null;
      if (!scaledW.has(factor)) scaledW.set(factor, tf.mul(w, factor));
      const z = jetMatMul(c as tf.Tensor2D, scaledW.get(factor)!);
      return isZero(alpha) ? tf.add(z, tf.mul(b, factor)) : z;
    },
  );
}
