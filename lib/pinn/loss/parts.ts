import * as tf from '@tensorflow/tfjs';

import { PointwiseModel } from '../../derivatives/index.js';
import { TensorBatch } from '../batch.js';
import { conditionName } from '../problem/names.js';
import { Problem } from '../types.js';
import { conditionMisfits } from './misfits.js';
import { residuals } from './residuals.js';

/** Weights of the loss terms: the residual(s), and any condition by its name (see conditionName). */
export interface LossWeights {
  /** Weight of each residual's mean square (one number for all, or one per residual). @default 1 */
  residual?: number | number[];
  /** Weight per condition name, e.g. {'initial': 10}; a condition's own `weight` wins. */
  conditions?: Record<string, number>;
}

/** The loss and its named parts (each already weighted). */
export interface LossParts {
  /** The sum of the parts. */
  total: tf.Scalar;
  /** Each weighted part by its name ('residual', 'initial', 'dirichlet(x-min,x-max)', ...). */
  parts: Record<string, tf.Scalar>;
}

/**
 * A part of the points (one worker's shard): per loss term, the fraction (its points / all points) by
 * which that term's MEAN is scaled, so that the parts' losses sum to the whole one.
 */
export interface LossShare {
  /** The interior points' fraction (scales every residual part). */
  residual: number;
  /** Per condition, its points' fraction over all its point sets (0: this part has none of them; the term is 0). */
  conditions: number[];
  /** Per condition, the first row of this part in each of its point sets (a data condition's values are cut alike). */
  offsets: number[][];
}

/**
 * Loss = sum of weighted mean squared residuals and condition misfits.
 * Conditions marked `imposed` (satisfied by the output transform) are left out;
 * `k` holds the trainable parameters' values, passed to the residual.
 * With `share` (one part of the points, see `LossShare`) every MEAN is scaled by that part's fraction of
 * its term's points, and a term with no points in the part is 0: the parts' losses sum to the whole batch's.
 *
 * @example
 * const { total, parts } = tf.tidy(() => lossParts(problem, net, batch, {residual: 1}));
 * parts['initial'].print();
 */
export function lossParts(problem: Problem, net: PointwiseModel, batch: TensorBatch, weights: LossWeights = {}, k: Record<string, tf.Scalar> = {}, share?: LossShare): LossParts {
  const parts: Record<string, tf.Scalar> = {};
  const rs = residuals(problem, net, batch.interior, k);
  if (Array.isArray(weights.residual) && weights.residual.length !== rs.length) {
    throw new Error(`Option 'options.weights.residual' gives ${weights.residual.length} weights, but problem '${problem.name}' has ${rs.length} residual${rs.length === 1 ? '' : 's'}: give one weight per residual, or one number for all.`);
  }
  rs.forEach((r, i) => {
    const w = Array.isArray(weights.residual) ? (weights.residual[i] ?? 1) : (weights.residual ?? 1);
    const name = problem.residualNames?.[i] !== undefined ? `residual:${problem.residualNames[i]}` : rs.length === 1 ? 'residual' : `residual${i}`;
    parts[name] = tf.mul(tf.mean(tf.square(r)), w * (share?.residual ?? 1)) as tf.Scalar;
  });
  problem.conditions.forEach((c, i) => {
    if (c.imposed) return;
    let name = conditionName(problem, c, i);
    const w = c.weight ?? weights.conditions?.[name] ?? 1;
    // Two conditions with the same name (e.g. two operator conditions on one part) keep separate parts.
    if (name in parts) name = `${name}#${i}`;
    let sets = batch.conditions[i];
    let own = c;
    if (share !== undefined) {
      const rows = (set: (typeof sets)[number]) => set[problem.inputs[0]].shape[0];
      if (share.conditions[i] === 0 || sets.every((set) => rows(set) === 0)) {
        parts[name] = tf.scalar(0);
        return;
      }
      // A data condition's observed values belong to its points: this share's rows of them. A periodic
      // condition's two faces are cut alike (both empty or neither); other kinds' point sets stand alone.
      if (c.kind === 'data') own = { ...c, values: c.values.slice(share.offsets[i][0], share.offsets[i][0] + rows(sets[0])) };
      if (c.kind !== 'periodic') sets = sets.filter((set) => rows(set) > 0);
    }
    const misfits = conditionMisfits(problem, own, net, sets);
    const all = misfits.length === 1 ? misfits[0] : tf.concat(misfits, 0);
    parts[name] = tf.mul(tf.mean(tf.square(all)), w * (share?.conditions[i] ?? 1)) as tf.Scalar;
  });
  const total = tf.addN(Object.values(parts)) as tf.Scalar;
  return { total, parts };
}
