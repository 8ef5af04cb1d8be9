import * as tf from '@tensorflow/tfjs';

import { dropTapeAfterError } from '../../internals/engine.js';
import { Reads, read } from '../../internals/reads.js';
import { Rng } from '../../sampling/rng.js';
import { countPoints, pickPoints } from '../../sampling/points.js';
import { toColumns } from '../batch.js';
import { conditionMisfits } from '../loss/misfits.js';
import { partNames } from '../loss/parts.js';
import { residuals } from '../loss/residuals.js';
import { withTransformCache } from '../loss/transform_cache.js';
import { Columns, Points } from '../types.js';
import { LossSetting } from './setting.js';

/** `count` distinct indices of [0, n) drawn with `rng` (all of them, in order, when count >= n). */
function subsample(n: number, count: number, rng: Rng): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (count >= n) return all;
  // A partial Fisher-Yates shuffle: the first `count` places.
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rng.next() * (n - i));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, count).sort((a, b) => a - b);
}

/** One loss part on a subsample of its points: how to compute its misfit column (all entries, [E,1]). */
interface SampledPart {
  name: string;
  misfits: () => tf.Tensor2D;
}

/**
 * Each loss part's NTK trace per point: the mean over a subsample of its points (at most `points`, drawn with
 * `rng`) of ||d m_e / d theta||^2, m_e the part's misfit (residual, condition misfit) at point e before the
 * squaring and weighting, theta all the trained tensors: the diagonal of the neural tangent kernel that NTK
 * weighting balances (Wang, Yu & Perdikaris 2022). One forward and backward pass per sampled point (a
 * periodic condition's point counts once per matched derivative); all read back at once. Causal weights do
 * not enter (jaxpi scales the residual's by them; here the trace is of the plain residual).
 *
 * @example
 * const traces = readSync(ntkTracesReads(setting, 64, new Rng(1))); // { residual: 3.1e3, initial: 0.8, ... }
 */
export function* ntkTracesReads(setting: LossSetting, points: number, rng: Rng): Reads<Record<string, number>> {
  const columns: Columns[] = [];
  const traces: tf.Scalar[] = [];
  let parts: SampledPart[] = [];
  let sum: tf.Scalar | null = null;
  try {
    parts = sampledParts(setting, points, rng, columns);
    for (const part of parts) {
      const entries = tf.tidy(() => part.misfits().shape[0]);
      sum = tf.scalar(0);
      for (let e = 0; e < entries; e++) {
        // The transform's terms at the subsample are constants: the trainer's cache computes them once for all entries.
        const { value, grads } = tf.variableGrads(() => withTransformCache(setting.cache, () => tf.sum(tf.slice(part.misfits(), [e, 0], [1, 1])) as tf.Scalar), setting.params);
        const next: tf.Scalar = tf.tidy(() => tf.add(sum!, tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))));
        sum.dispose();
        sum = next;
        value.dispose();
        tf.dispose(Object.values(grads));
      }
      const total: tf.Scalar = sum;
      traces.push(tf.tidy(() => tf.div(total, entries)));
      sum.dispose();
      sum = null;
    }
  } catch (error) {
    tf.dispose(traces);
    sum?.dispose();
    dropTapeAfterError();
    throw error;
  } finally {
    columns.forEach((c) => tf.dispose(Object.values(c)));
  }
  const values = yield* read(traces);
  return Object.fromEntries(parts.map((p, i) => [p.name, values[i][0]]));
}

/** The loss parts on subsamples of their points (one per residual, one per condition with a loss term); their point tensors go to `columns`. */
function sampledParts(setting: LossSetting, points: number, rng: Rng, columns: Columns[]): SampledPart[] {
  const { problem, net, batch, k } = setting;
  const make = (p: Points) => {
    const c = toColumns(p);
    columns.push(c);
    return c;
  };
  const interior = make(pickPoints(batch.interior, subsample(countPoints(batch.interior), points, rng)));
  const count = tf.tidy(() => residuals(problem, net, interior, k()).length);
  const names = partNames(problem, count);
  const out: SampledPart[] = names.residuals.map((name, i) => ({ name, misfits: () => residuals(problem, net, interior, k())[i] }));
  problem.conditions.forEach((c, i) => {
    const name = names.conditions[i];
    if (name === null) return;
    const sets = batch.conditions[i];
    // Rows drawn over all the condition's point sets together; a periodic condition's two faces share theirs.
    const sizes = c.kind === 'periodic' ? [countPoints(sets[0])] : sets.map(countPoints);
    const picked = subsample(sizes.reduce((a, b) => a + b, 0), points, rng);
    let start = 0;
    const rows = sizes.map((n) => {
      const r = picked.filter((j) => j >= start && j < start + n).map((j) => j - start);
      start += n;
      return r;
    });
    const chosen = c.kind === 'periodic' ? sets.map((set) => pickPoints(set, rows[0])) : sets.map((set, s) => pickPoints(set, rows[s])).filter((p) => countPoints(p) > 0);
    const own = c.kind === 'data' ? { ...c, values: rows[0].map((r) => c.values[r]) } : c;
    const sub = chosen.map(make);
    out.push({
      name,
      misfits: () => {
        const m = conditionMisfits(problem, own, net, sub);
        return m.length === 1 ? m[0] : (tf.concat(m, 0) as tf.Tensor2D);
      },
    });
  });
  return out;
}
