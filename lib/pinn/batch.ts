import * as tf from '@tensorflow/tfjs';

import { markFinite } from '../derivatives/checks.js';
import { sampleBoundary, selectPieces, unitSource } from '../geometry/sample.js';
import { conditionBoundary, face, problemGeometry } from './problem/geometry.js';
import { Rng } from '../sampling/rng.js';
import { SamplingMethod, SobolCursor, samplePoints } from '../sampling/points.js';
import { Columns, Points, Problem } from './types.js';

/** The points of one training batch: interior collocation points and, per condition, one point set per face. */
export interface Batch {
  /** The interior collocation points. */
  interior: Points;
  /** conditions[i][j]: points of condition i on its j-th face (periodic: [lower, upper]; data: [its points]). */
  conditions: Points[][];
}

/** {@link Batch} as [N,1] float32 columns. */
export interface TensorBatch {
  /** The interior collocation points. */
  interior: Columns;
  /** conditions[i][j]: points of condition i on its j-th face, as in {@link Batch.conditions}. */
  conditions: Columns[][];
}

/**
 * Prefix of the columns that carry the outward unit normal at condition points: 'n:x', 'n:y', ...
 *
 * @example
 * sets[0][0][`${NORMAL_PREFIX}x`]; // x-components of the normals of condition 0's first point set
 * NORMAL_PREFIX; // 'n:'
 */
export const NORMAL_PREFIX = 'n:';

/**
 * Draws the condition points of a problem: `n` per condition. Boundary
 * conditions get points on their parts in proportion to length/area (one
 * point set per part, or one set for CSG-trimmed parts and predicates), each
 * point carrying its outward unit normal in the columns 'n:x', 'n:y', ...;
 * periodic conditions get matching points on both faces; data conditions keep their points.
 *
 * @example
 * const sets = sampleConditionPoints(problem, 200, 'sobol', new Rng(1), {});
 * sets[1].length; // parts of condition 1, e.g. 2 for ['x-min', 'x-max']
 */
export function sampleConditionPoints(problem: Problem, n: number, method: SamplingMethod, rng: Rng, cursors: Record<string, SobolCursor>): Points[][] {
  const g = problemGeometry(problem);
  return problem.conditions.map((c, i) => {
    if (c.kind === 'data') {
      const p: Points = {};
      for (const v of problem.inputs) p[v] = Float64Array.from(c.points[v]);
      return [p];
    }
    const cursor = (cursors[`c${i}`] ??= { index: 0, shift: [] });
    if (c.kind === 'periodic') {
      const lo = face(problem, `${c.input}-min`);
      const hi = face(problem, `${c.input}-max`);
      const lower = samplePoints(g.bbox, n, method, rng, cursor, { [lo.input]: lo.value });
      const upper = { ...lower, [hi.input]: new Float64Array(n).fill(hi.value) };
      return [lower, upper];
    }
    const where = conditionBoundary(problem, c)!;
    const unit = unitSource(method, rng, cursor);
    const pieces = selectPieces(g, where.parts);
    const withNormals = (s: { points: Points; normals: Points }): Points => {
      const p: Points = { ...s.points };
      for (const v of problem.inputs) p[`${NORMAL_PREFIX}${v}`] = s.normals[v];
      return p;
    };
    if (where.on !== undefined || pieces.some((p) => p.keep)) return [withNormals(sampleBoundary(g, n, unit, where.parts, where.on))];
    // One set per part, ceil(n · its share) points, drawn part by part as a box's faces always were.
    const total = pieces.reduce((s, p) => s + p.measure, 0);
    return pieces.map((p) => withNormals(sampleBoundary(g, Math.max(1, Math.ceil((n * p.measure) / total)), unit, [p.name])));
  });
}

/**
 * Float32 [N,1] columns of a point set.
 *
 * @example
 * const { x, t } = toColumns({ x: Float64Array.of(0, 1), t: Float64Array.of(0, 0) });
 * x.shape; // [2, 1]
 */
export function toColumns(p: Points): Columns {
  const out: Columns = {};
  for (const name of Object.keys(p)) {
    const values = Float32Array.from(p[name]);
    out[name] = tf.tensor2d(values, [values.length, 1]);
    // Checked here, in JavaScript, as they are made: new points every step then cost no finiteness kernels.
    markFinite(out[name], values);
  }
  return out;
}

/**
 * The whole batch as tensors.
 *
 * @example
 * const tensors = toTensorBatch(batch);
 * disposeTensorBatch(tensors);
 */
export function toTensorBatch(b: Batch): TensorBatch {
  return { interior: toColumns(b.interior), conditions: b.conditions.map((sets) => sets.map(toColumns)) };
}

/**
 * Frees a tensor batch.
 *
 * @example
 * const tensors = toTensorBatch(batch);
 * disposeTensorBatch(tensors);
 */
export function disposeTensorBatch(b: TensorBatch): void {
  const free = (c: Columns) => Object.values(c).forEach((t) => t.dispose());
  free(b.interior);
  b.conditions.forEach((sets) => sets.forEach(free));
}

/**
 * A JSON-safe copy of a point set.
 *
 * @example
 * const saved = JSON.stringify(pointsToJSON(points));
 * pointsFromJSON(JSON.parse(saved)); // the same points
 */
export function pointsToJSON(p: Points): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const name of Object.keys(p)) out[name] = Array.from(p[name]);
  return out;
}

/**
 * The point set back from {@link pointsToJSON}.
 *
 * @example
 * const saved = JSON.stringify(pointsToJSON(points));
 * pointsFromJSON(JSON.parse(saved)); // the same points
 */
export function pointsFromJSON(p: Record<string, number[]>): Points {
  const out: Points = {};
  for (const name of Object.keys(p)) out[name] = Float64Array.from(p[name]);
  return out;
}
