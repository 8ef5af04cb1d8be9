import * as tf from '@tensorflow/tfjs';

import { PointwiseModel } from '../../derivatives/index.js';
import { TensorBatch } from '../batch.js';
import { conditionName } from '../problem/names.js';
import { Problem } from '../types.js';
import { conditionMisfits } from './misfits.js';
import { residuals } from './residuals.js';
import { causalResidualLoss } from './causal.js';

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
  /** The weight each part was multiplied by: its fixed weight times its adaptive one (balancing, set by the Trainer; 1 without). */
  weights: Record<string, number>;
  /** With causal weights: the smallest of them (see causalResidualLoss). */
  causalMinWeight?: tf.Scalar;
}

/**
 * What adapts the loss during training (lib/pinn/weighting), beyond the fixed {@link LossWeights}:
 * constants of the gradient, set by the Trainer.
 */
export interface LossAdaptation {
  /** Adaptive weights by part name, multiplying the fixed ones (balancing; a part not named keeps 1). */
  scale?: Record<string, number>;
  /** Causal weighting of the residual parts: the chunk matrix of the interior points (causalChunkMatrix) and epsilon. */
  causal?: { chunks: tf.Tensor2D; epsilon: number };
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
 * The loss parts' names: one per residual ('residual', 'residual0', ... or 'residual:NAME' after
 * problem.residualNames), then one per condition with a loss term (see conditionName; a repeated name
 * gets '#index'), null for imposed conditions.
 *
 * @example
 * partNames(heatProblem(), 1); // { residuals: ['residual'], conditions: ['initial', 'dirichlet(x-min,x-max)'] }
 */
export function partNames(problem: Problem, residualCount: number): { residuals: string[]; conditions: (string | null)[] } {
  const residuals = Array.from({ length: residualCount }, (_, i) =>
    problem.residualNames?.[i] !== undefined ? `residual:${problem.residualNames[i]}` : residualCount === 1 ? 'residual' : `residual${i}`,
  );
  const taken = new Set(residuals);
  const conditions = problem.conditions.map((c, i) => {
    if (c.imposed) return null;
    const name = conditionName(problem, c, i);
    // Two conditions with the same name (e.g. two operator conditions on one part) keep separate parts.
    const unique = taken.has(name) ? `${name}#${i}` : name;
    taken.add(unique);
    return unique;
  });
  return { residuals, conditions };
}

/**
 * Loss = sum of weighted mean squared residuals and condition misfits.
 * Conditions marked `imposed` (satisfied by the output transform) are left out;
 * `k` holds the trainable parameters' values, passed to the residual.
 * With `share` (one part of the points, see `LossShare`) every MEAN is scaled by that part's fraction of
 * its term's points, and a term with no points in the part is 0: the parts' losses sum to the whole batch's.
 * With `adapt` (set by the Trainer: adaptive weights by part name, causal chunks) each part is also multiplied
 * by its adaptive weight, and the residuals' mean squares are replaced by their causally weighted chunk means
 * (causalResidualLoss).
 *
 * @example
 * const { total, parts } = tf.tidy(() => lossParts(problem, net, batch, {residual: 1}));
 * parts['initial'].print();
 */
export function lossParts(
  problem: Problem,
  net: PointwiseModel,
  batch: TensorBatch,
  weights: LossWeights = {},
  k: Record<string, tf.Scalar> = {},
  share?: LossShare,
  adapt?: LossAdaptation,
): LossParts {
  const parts: Record<string, tf.Scalar> = {};
  const used: Record<string, number> = {};
  const rs = residuals(problem, net, batch.interior, k);
  if (Array.isArray(weights.residual) && weights.residual.length !== rs.length) {
    throw new Error(`Option 'options.weights.residual' gives ${weights.residual.length} weights, but problem '${problem.name}' has ${rs.length} residual${rs.length === 1 ? '' : 's'}: give one weight per residual, or one number for all.`);
  }
  if (adapt?.causal !== undefined && share !== undefined) throw new Error(`'lossParts': causal weights need all the residual points at once, not a share of them.`);
  const names = partNames(problem, rs.length);
  // Adaptive weights multiply the fixed ones (a part without one keeps its fixed weight exactly).
  const weightOf = (name: string, fixed: number) => (used[name] = adapt?.scale?.[name] === undefined ? fixed : fixed * adapt.scale[name]);
  const causal = adapt?.causal && causalResidualLoss(rs, adapt.causal.chunks, adapt.causal.epsilon);
  rs.forEach((r, i) => {
    const w = weightOf(names.residuals[i], Array.isArray(weights.residual) ? (weights.residual[i] ?? 1) : (weights.residual ?? 1));
    const mean = causal ? causal.losses[i] : tf.mean(tf.square(r));
    parts[names.residuals[i]] = tf.mul(mean, w * (share?.residual ?? 1)) as tf.Scalar;
  });
  problem.conditions.forEach((c, i) => {
    const name = names.conditions[i];
    if (name === null) return;
    const w = weightOf(name, c.weight ?? weights.conditions?.[conditionName(problem, c, i)] ?? 1);
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
  return { total, parts, weights: used, ...(causal ? { causalMinWeight: causal.minWeight } : {}) };
}
