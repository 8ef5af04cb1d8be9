import * as tf from '@tensorflow/tfjs';

import { PointwiseModel } from '../../derivatives/index.js';
import { Batch, TensorBatch } from '../../pinn/batch.js';
import { conditionName } from '../../pinn/domain.js';
import { LossParts, LossWeights, conditionMisfits, residuals } from '../../pinn/loss.js';
import { countPoints } from '../../pinn/sampling.js';
import { Points, Problem } from '../../pinn/types.js';

/**
 * One worker's share of a batch: its slice of every point set, and per loss term the fraction
 * (its points / all points) by which its MEAN is scaled, so that the shards' losses sum to the whole one.
 */
export interface Shard {
  batch: Batch;
  /** The interior points' fraction (scales every residual part). */
  residual: number;
  /** Per condition, its points' fraction over all its point sets (0: this shard has none of them). */
  conditions: number[];
  /** Per condition, the first row of this shard in each of its point sets (a data condition's values are sliced alike). */
  offsets: number[][];
}

/** Rows [from, to) of a point set, copied (so it can be sent to a worker on its own). */
function slicePoints(p: Points, from: number, to: number): Points {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.slice(from, to)]));
}

/** Shard `i` of `n` rows: rows [floor(i n / W), floor((i + 1) n / W)). */
function range(n: number, i: number, workers: number): [number, number] {
  return [Math.floor((i * n) / workers), Math.floor(((i + 1) * n) / workers)];
}

/**
 * The batch split into `workers` contiguous shards: each point set (the interior and every condition
 * point set) row-wise, so a periodic condition's two faces keep their pairs.
 *
 * @example
 * const [a, b] = shardBatch(batch, 2);
 * a.residual + b.residual; // 1
 */
export function shardBatch(batch: Batch, workers: number): Shard[] {
  const n = countPoints(batch.interior);
  return Array.from({ length: workers }, (_, i) => {
    const [from, to] = range(n, i, workers);
    const conditions = batch.conditions.map((sets) => sets.map((p) => slicePoints(p, ...range(countPoints(p), i, workers))));
    const shares = batch.conditions.map((sets, c) => {
      const all = sets.reduce((s, p) => s + countPoints(p), 0);
      const mine = conditions[c].reduce((s, p) => s + countPoints(p), 0);
      return all === 0 ? 0 : mine / all;
    });
    const offsets = batch.conditions.map((sets) => sets.map((p) => range(countPoints(p), i, workers)[0]));
    return { batch: { interior: slicePoints(batch.interior, from, to), conditions }, residual: n === 0 ? 0 : (to - from) / n, conditions: shares, offsets };
  });
}

/**
 * {@link lossParts} on one shard: every part's MEAN scaled by the shard's fraction of that term's points,
 * so the shards' parts (and totals) sum to the whole batch's. A term with no points in this shard is 0
 * (not computed); empty point sets of a condition are left out of its misfits. Same part names, in the same order.
 *
 * @example
 * const { total } = tf.tidy(() => shardLossParts(problem, net, tensors, weights, {}, shard));
 * // summed over all shards: lossParts(problem, net, wholeBatch, weights).total
 */
export function shardLossParts(problem: Problem, net: PointwiseModel, batch: TensorBatch, weights: LossWeights, k: Record<string, tf.Scalar>, shard: Omit<Shard, 'batch'>): LossParts {
  const parts: Record<string, tf.Scalar> = {};
  const rs = residuals(problem, net, batch.interior, k);
  if (Array.isArray(weights.residual) && weights.residual.length !== rs.length) {
    throw new Error(`Option 'options.weights.residual' gives ${weights.residual.length} weights, but problem '${problem.name}' has ${rs.length} residual${rs.length === 1 ? '' : 's'}: give one weight per residual, or one number for all.`);
  }
  rs.forEach((r, i) => {
    const w = Array.isArray(weights.residual) ? (weights.residual[i] ?? 1) : (weights.residual ?? 1);
    const name = problem.residualNames?.[i] !== undefined ? `residual:${problem.residualNames[i]}` : rs.length === 1 ? 'residual' : `residual${i}`;
    parts[name] = tf.mul(tf.mean(tf.square(r)), w * shard.residual) as tf.Scalar;
  });
  problem.conditions.forEach((c, i) => {
    if (c.imposed) return;
    let name = conditionName(problem, c, i);
    const w = c.weight ?? weights.conditions?.[name] ?? 1;
    if (name in parts) name = `${name}#${i}`;
    const sets = batch.conditions[i];
    const rows = (s: (typeof sets)[number]) => s[problem.inputs[0]].shape[0];
    if (shard.conditions[i] === 0 || sets.every((s) => rows(s) === 0)) {
      parts[name] = tf.scalar(0);
      return;
    }
    // A periodic condition's two faces are sliced alike (both empty or neither); other kinds' sets stand alone.
    // A data condition's observed values belong to its points: this shard's rows of them.
    const own = c.kind === 'data' ? { ...c, values: c.values.slice(shard.offsets[i][0], shard.offsets[i][0] + rows(sets[0])) } : c;
    const misfits = conditionMisfits(problem, own, net, c.kind === 'periodic' ? sets : sets.filter((s) => rows(s) > 0));
    const all = misfits.length === 1 ? misfits[0] : tf.concat(misfits, 0);
    parts[name] = tf.mul(tf.mean(tf.square(all)), w * shard.conditions[i]) as tf.Scalar;
  });
  const total = tf.addN(Object.values(parts)) as tf.Scalar;
  return { total, parts };
}
