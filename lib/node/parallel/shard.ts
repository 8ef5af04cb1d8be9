import { Batch } from '../../pinn/batch.js';
import { LossShare } from '../../pinn/loss/parts.js';
import { countPoints } from '../../sampling/points.js';
import { Points } from '../../sampling/types.js';

/**
 * One worker's share of a batch: its slice of every point set, and per loss term the fraction
 * (its points / all points) by which its MEAN is scaled, so that the shards' losses sum to the whole one.
 */
export interface Shard extends LossShare {
  batch: Batch;
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
