import * as tf from '@tensorflow/tfjs';

import { PointwiseModel } from '../../derivatives/index.js';
import { Reads, read, readSync } from '../../internals/reads.js';
import { toColumns } from '../batch.js';
import { solutionOf } from '../loss.js';
import { countPoints, gridPoints, pickPoints } from '../sampling.js';
import { Points, Problem } from '../types.js';

/** What {@link Trainer.evaluate} returns. */
export interface Evaluated {
  relL2: number;
  points: Points;
  predicted: Float64Array[];
  exact: Float64Array[];
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
 * The relative L2 error against the problem's exact solution on its grid (all outputs together).
 *
 * @example
 * evaluate(heatProblem(), net).relL2; // e.g. 3e-3
 * evaluate({ ...heatProblem(), exact: undefined }, net); // throws: no exact solution
 */
export function evaluate(problem: Problem, net: PointwiseModel): Evaluated {
  if (problem.exact === undefined) throw new Error(`Problem '${problem.name}' has no exact solution to evaluate against.`);
  const points = gridPoints(problem.domain, problem.grid);
  const predicted = predict(problem, net, points);
  const exact = problem.exact(points);
  let num = 0;
  let den = 0;
  exact.forEach((e, j) => e.forEach((v, i) => ((num += (predicted[j][i] - v) ** 2), (den += v * v))));
  return { relL2: Math.sqrt(num / den), points, predicted, exact };
}
