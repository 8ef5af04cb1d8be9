import { PointwiseModel } from '../../derivatives/index.js';
import { Reads } from '../../internals/reads.js';
import { countPoints, pickPoints } from '../../sampling/points.js';
import { predictReads } from '../trainer/evaluation.js';
import { Points, Problem } from '../types.js';
import { windowOf } from './windows.js';

/**
 * The rows of `points` by the window that holds their time (see {@link windowOf}), for `pieces` windows
 * whose edges start `edges`: times past the last of them go to the last piece.
 *
 * @example
 * rowsByWindow([0, 0.5, 1], 2, { x, t: Float64Array.of(0.2, 0.5, 0.9) }, 't'); // [[0], [1, 2]]
 */
export function rowsByWindow(edges: readonly number[], pieces: number, points: Points, time: string): number[][] {
  const rows: number[][] = Array.from({ length: pieces }, () => []);
  const bounds = edges.slice(0, pieces + 1);
  const t = points[time];
  for (let i = 0; i < t.length; i++) rows[Math.min(windowOf(bounds, t[i]), pieces - 1)].push(i);
  return rows;
}

/**
 * u at plain points, each point by its window's network (the problem's transform applied), one
 * Float64Array per output; as {@link Reads}, so it runs with synchronous or asynchronous reads.
 *
 * @example
 * const [u] = readSync(piecewiseReads(problem, [net0, net1], [0, 0.5, 1], { x, t }));
 */
export function* piecewiseReads(problem: Problem, nets: readonly PointwiseModel[], edges: readonly number[], points: Points, chunk = 8192): Reads<Float64Array[]> {
  const n = countPoints(points);
  const out = problem.outputs.map(() => new Float64Array(n));
  const rows = rowsByWindow(edges, nets.length, points, problem.time!);
  for (let k = 0; k < nets.length; k++) {
    if (rows[k].length === 0) continue;
    const values = yield* predictReads(problem, nets[k], pickPoints(points, rows[k]), chunk);
    values.forEach((v, j) => rows[k].forEach((row, i) => (out[j][row] = v[i])));
  }
  return out;
}
