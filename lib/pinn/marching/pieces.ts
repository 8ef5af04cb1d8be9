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

/** A window's network and the problem whose transform turns it into u (a Solution is one). */
export interface Piece {
  problem: Problem;
  net: PointwiseModel;
}

/**
 * u at plain points, each point by its window's piece (its problem's transform applied to its network), one
 * Float64Array per output; as {@link Reads}, so it runs with synchronous or asynchronous reads.
 *
 * @example
 * const [u] = readSync(piecewiseReads(problem, [{ problem, net: net0 }, { problem, net: net1 }], [0, 0.5, 1], { x, t }));
 */
export function* piecewiseReads(problem: Problem, pieces: readonly Piece[], edges: readonly number[], points: Points, chunk = 8192): Reads<Float64Array[]> {
  const n = countPoints(points);
  const out = problem.outputs.map(() => new Float64Array(n));
  const rows = rowsByWindow(edges, pieces.length, points, problem.time!);
  for (let k = 0; k < pieces.length; k++) {
    if (rows[k].length === 0) continue;
    const values = yield* predictReads(pieces[k].problem, pieces[k].net, pickPoints(points, rows[k]), chunk);
    values.forEach((v, j) => rows[k].forEach((row, i) => (out[j][row] = v[i])));
  }
  return out;
}
