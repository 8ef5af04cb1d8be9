import * as tf from '@tensorflow/tfjs';

import { assertFiniteReads } from '../../derivatives/checks.js';
import { PointwiseModel } from '../../derivatives/index.js';
import { sampleInterior, unitSource } from '../../geometry/sample.js';
import { Reads, read, readSync } from '../../internals/reads.js';
import { Batch, sampleConditionPoints, toColumns } from '../batch.js';
import { problemGeometry } from '../problem/geometry.js';
import { residuals } from '../loss/residuals.js';
import { CheckedTrainOptions } from '../options.js';
import { Rng } from '../../sampling/rng.js';
import { SobolCursor, concatPoints, pickPoints } from '../../sampling/points.js';
import { Points, Problem } from '../types.js';

/**
 * A fresh training batch: interior points (plus the kept RAR points) and the condition points.
 * Advances `rng` and `cursors`.
 *
 * @example
 * const batch = drawBatch(problem, options.sampling, rng, cursors, null);
 * countPoints(batch.interior); // options.sampling.domain (plus the data points with residualAtData)
 */
export function drawBatch(problem: Problem, sampling: CheckedTrainOptions['sampling'], rng: Rng, cursors: Record<string, SobolCursor>, rar: Points | null): Batch {
  const { method, domain, boundary } = sampling;
  const cursor = (cursors.interior ??= { index: 0, shift: [] });
  // Inside the geometry by rejection from its bounding box (a box accepts every candidate).
  let interior = sampleInterior(problemGeometry(problem), domain, unitSource(method, rng, cursor)).points;
  if (sampling.residualAtData) interior = concatPoints(interior, dataPoints(problem));
  if (rar) interior = concatPoints(interior, rar);
  return { interior, conditions: sampleConditionPoints(problem, boundary, method, rng, cursors) };
}

/**
 * The points of all the problem's data conditions, in order (where `sampling.residualAtData` puts the residual);
 * throws, naming the option, when the problem has none.
 *
 * @example
 * countPoints(dataPoints(burgersInverseProblem(mat))); // 2000
 */
export function dataPoints(problem: Problem): Points {
  const sets = problem.conditions.filter((c) => c.kind === 'data');
  if (sets.length === 0) {
    throw new Error(`Option 'options.sampling.residualAtData' passed to 'Trainer' is true, but problem '${problem.name}' has no data condition whose points could carry the residual.`);
  }
  return sets.map((c) => Object.fromEntries(problem.inputs.map((v) => [v, Float64Array.from(c.points[v])])) as Points).reduce((a, b) => concatPoints(a, b));
}

/**
 * Residual-based adaptive refinement: the `add` points of a fresh candidate set where |residual| is largest,
 * appended to the kept pool `rar`.
 *
 * @example
 * rar = refinePoints(problem, net, options.sampling, rng, cursors, rar);
 * countPoints(rar); // grows by options.sampling.rar.add
 */
export function refinePoints(
  problem: Problem,
  net: PointwiseModel,
  sampling: CheckedTrainOptions['sampling'],
  rng: Rng,
  cursors: Record<string, SobolCursor>,
  rar: Points | null,
  k: () => Record<string, tf.Scalar> = () => ({}),
): Points | null {
  return readSync(refinePointsReads(problem, net, sampling, rng, cursors, rar, k));
}

/**
 * {@link refinePoints} as {@link Reads}: the candidates' check and residuals read back without a synchronous read under readAsync.
 *
 * @example
 * rar = await readAsync(refinePointsReads(problem, net, options.sampling, rng, cursors, rar, k));
 * countPoints(rar); // grows by options.sampling.rar.add
 */
export function* refinePointsReads(
  problem: Problem,
  net: PointwiseModel,
  sampling: CheckedTrainOptions['sampling'],
  rng: Rng,
  cursors: Record<string, SobolCursor>,
  rar: Points | null,
  k: () => Record<string, tf.Scalar>,
): Reads<Points | null> {
  const refine = sampling.rar;
  if (!refine) return rar;
  const cursor = (cursors.rar ??= { index: 0, shift: [] });
  const candidates = sampleInterior(problemGeometry(problem), refine.candidates, unitSource(sampling.method, rng, cursor)).points;
  const columns = toColumns(candidates);
  let size: tf.TypedArray;
  try {
    // Checked here (found finite, partials does not read them again), so no read below is synchronous.
    yield* assertFiniteReads(Object.entries(columns).map(([name, t]) => ({ what: `Input '${name}'`, t })), 'partials');
    [size] = yield* read([tf.tidy(() => tf.addN(residuals(problem, net, columns, k()).map((r) => tf.abs(r))))]);
  } finally {
    tf.dispose(Object.values(columns));
  }
  const worst = Array.from(size.keys()).sort((a, b) => size[b] - size[a]).slice(0, refine.add);
  const picked = pickPoints(candidates, worst);
  return rar ? concatPoints(rar, picked) : picked;
}
