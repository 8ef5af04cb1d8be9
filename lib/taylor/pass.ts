import type { MLP } from '../models/index.js';
import { Jet, isZero } from './jet.js';
import { IndexSet, MultiIndex, degree } from './multi_index.js';
import { JetOps, Value } from './ops.js';
import { TAYLOR_RULES } from './rules/index.js';

/** An MLP's layers as values of some {@link JetOps}: weights [in,out] and biases [out]. */
export interface JetLayers {
  activation: MLP['activation'];
  weights: Value[];
  biases: Value[];
}

/**
 * The jet of an MLP's output [N,out] over `set`, one jet variable per
 * direction: the input's coefficient 0 is the points [N,in], coefficient e_j
 * is direction j ([1,in], broadcast over the points), higher ones are zero.
 *
 * Each linear layer maps every coefficient by the same weights (the bias goes
 * to coefficient 0 only), each activation by its recurrence. With tf ops the
 * result is differentiable w.r.t. weights and inputs; it must then run inside
 * a tf scope (tidy or tape) that owns the intermediates.
 */
export function mlpJet(ops: JetOps, layers: JetLayers, points: Value, directions: readonly (readonly number[])[], set: IndexSet): Jet {
  return mlpJetOf(layers, pointsJet(ops, points, directions, set));
}

/** The jet of an MLP's output from the jet of its input [N,in] (of points, or of an embedding of them). */
export function mlpJetOf(layers: JetLayers, input: Jet): Jet {
  let h = input;
  const rule = TAYLOR_RULES[layers.activation];
  const last = layers.weights.length - 1;
  layers.weights.forEach((w, i) => {
    h = linear(h, w, layers.biases[i]);
    if (i < last) h = rule(h);
  });
  return h;
}

/**
 * The jet of the input points: coefficient 0 is the points [N,in], coefficient e_j is direction j
 * ([1,in], broadcast over the points), higher ones are zero.
 */
export function pointsJet(ops: JetOps, points: Value, directions: readonly (readonly number[])[], set: IndexSet): Jet {
  return new Jet(ops, set, (alpha): Value | null => {
    if (isZero(alpha)) return points;
    if (degree(alpha) !== 1) return null;
    return ops.row(directions[alpha.findIndex((a) => a === 1)]);
  });
}

/** z = h W (+ b) as jets: every coefficient times W, the bias on coefficient 0 only. */
export function linear(h: Jet, w: Value, b?: Value): Jet {
  const ops = h.ops;
  const scaledW = new Map<number, Value>();
  const apply = (alpha: MultiIndex, factor: number) => {
    const c = h.at(alpha);
    if (c === null) return null;
    if (!scaledW.has(factor)) scaledW.set(factor, factor === 1 ? w : ops.mul(w, factor));
    const z = ops.matMul(c, scaledW.get(factor)!);
    return isZero(alpha) && b !== undefined ? ops.addBias(z, factor === 1 ? b : ops.mul(b, factor)) : z;
  };
  // A linear layer folds a factor into its small [in,out] weights instead of the [N,out] result.
  return new Jet(ops, h.set, (alpha) => apply(alpha, 1), apply);
}
