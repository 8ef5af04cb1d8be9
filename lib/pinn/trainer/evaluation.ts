import * as tf from '@tensorflow/tfjs';

import { PointwiseModel } from '../../derivatives/index.js';
import { Reads, read, readSync } from '../../internals/reads.js';
import { toColumns } from '../batch.js';
import { problemGeometry } from '../problem/geometry.js';
import { solutionOf } from '../loss/solution.js';
import { countPoints, gridPoints, pickPoints } from '../../sampling/points.js';
import { Points, Problem } from '../types.js';

/** What {@link Trainer.evaluate} returns. */
export interface Evaluated {
  /** Relative L2 error of all outputs together (each output known up to a constant first shifted to the exact mean). */
  relL2: number;
  /** Relative L2 error of each output by name. */
  relL2ByOutput: Record<string, number>;
  /** The grid over the bounding box (first input fastest), as gridPoints makes it. */
  points: Points;
  /**
   * Per output, at every grid point (outside a non-box geometry: the network's value there, not part of any error);
   * an output in `upToConstant` shifted by the mean difference from the exact one.
   */
  predicted: Float64Array[];
  /** Per output, at the grid points inside the geometry; NaN outside it (never part of an error; plots leave it blank). */
  exact: Float64Array[];
  /** 1 for grid points inside the geometry (all of them for a box). */
  inside: Uint8Array;
}

/**
 * u (the transform applied) at plain points, one Float64Array per output, evaluated in chunks.
 *
 * @example
 * const [u] = predict(problem, net, { x: Float64Array.of(0), t: Float64Array.of(0.5) });
 * u[0]; // u(0, 0.5)
 */
export function predict(problem: Problem, net: PointwiseModel, points: Points, chunk = 8192): Float64Array[] {
  return readSync(predictReads(problem, net, points, chunk));
}

/**
 * {@link predict} as {@link Reads}: under readAsync no read is synchronous (WebGPU).
 *
 * @example
 * const [u] = await readAsync(predictReads(problem, net, { x, t }));
 * u[0]; // u at the first point
 */
export function* predictReads(problem: Problem, net: PointwiseModel, points: Points, chunk = 8192): Reads<Float64Array[]> {
  const n = countPoints(points);
  const k = problem.outputs.length;
  const out = Array.from({ length: k }, () => new Float64Array(n));
  const u = solutionOf(problem, net);
  for (let s = 0; s < n; s += chunk) {
    const idx = Array.from({ length: Math.min(chunk, n - s) }, (_, i) => s + i);
    const columns = toColumns(pickPoints(points, idx));
    let values: tf.TypedArray;
    try {
      [values] = yield* read([tf.tidy(() => (typeof u === 'function' ? u(columns) : u.forward(columns)))]);
    } finally {
      tf.dispose(Object.values(columns));
    }
    idx.forEach((row, i) => {
      for (let j = 0; j < k; j++) out[j][row] = values[i * k + j];
    });
  }
  return out;
}

/**
 * The relative L2 error against the problem's exact solution on its grid over
 * the geometry's bounding box, grid points outside the geometry left out: all
 * outputs together and each on its own. Outputs in `problem.upToConstant`
 * are compared after shifting the prediction by the mean difference.
 *
 * @example
 * evaluate(heatProblem(), net).relL2; // e.g. 3e-3
 * evaluate(kovasznayProblem(), net).relL2ByOutput; // {u: ..., v: ..., p: ...}
 */
export function evaluate(problem: Problem, net: PointwiseModel): Evaluated {
  return evaluatePredictions(problem, (points) => predict(problem, net, points));
}

/**
 * {@link evaluate} for any way of predicting u: `predictAt(points)` gives one Float64Array per output
 * (a solution spanning several time windows predicts each point with its window's network).
 *
 * @example
 * evaluatePredictions(problem, (points) => piecewise.predict(points)).relL2; // over the problem's grid
 */
export function evaluatePredictions(problem: Problem, predictAt: (points: Points) => Float64Array[]): Evaluated {
  if (problem.exact === undefined) throw new Error(`Problem '${problem.name}' has no exact solution to evaluate against.`);
  const g = problemGeometry(problem);
  const points = gridPoints(g.bbox, problem.grid);
  const inside = g.contains(points);
  const idx: number[] = [];
  inside.forEach((c, i) => c && idx.push(i));
  if (idx.length === 0) throw new Error(`Problem '${problem.name}': no point of its grid lies inside the ${g.kind}; refine problem.grid.`);
  const all = idx.length === inside.length;
  const predicted = predictAt(points);
  const exactIn = problem.exact(all ? points : pickPoints(points, idx));
  if (exactIn.length !== problem.outputs.length || exactIn.some((e) => e.length !== idx.length)) {
    throw new Error(`Problem '${problem.name}': exact() must return ${problem.outputs.length} arrays of ${idx.length} values (one per output and point), but returned ${exactIn.length} of [${exactIn.map((e) => e.length)}].`);
  }
  const exact = exactIn.map((e) => {
    if (all) return e;
    const full = new Float64Array(inside.length).fill(NaN);
    idx.forEach((i, k) => (full[i] = e[k]));
    return full;
  });
  let num = 0;
  let den = 0;
  const relL2ByOutput: Record<string, number> = {};
  problem.outputs.forEach((name, j) => {
    let shift = 0;
    if (problem.upToConstant?.includes(name)) {
      for (const i of idx) shift += exact[j][i] - predicted[j][i];
      shift /= idx.length;
      // The picture shows the shifted prediction too, so it compares with the exact one.
      predicted[j] = predicted[j].map((v) => v + shift);
    }
    let nj = 0;
    let dj = 0;
    for (const i of idx) {
      nj += (predicted[j][i] - exact[j][i]) ** 2;
      dj += exact[j][i] ** 2;
    }
    relL2ByOutput[name] = Math.sqrt(nj / dj);
    num += nj;
    den += dj;
  });
  return { relL2: Math.sqrt(num / den), relL2ByOutput, points, predicted, exact, inside };
}
