import type { ReferenceSolution } from '../../reference/index.js';
import { ExactSolution, Points } from '../types.js';

/** Most values one reference solve returns: beyond it, the requested times are split into several solves. */
const MOST_VALUES = 4_000_000;

/**
 * An exact-solution function from a reference solver on output grids: `solve(x, t)` returns u on the
 * tensor product of the given x and t values (a {@link ReferenceSolution}, u[i * t.length + j]). Points on a
 * grid (the problem's evaluation grid) take one solve; scattered points take as many solves as their
 * distinct times need to stay under 4,000,000 values each. The last request's answer is kept,
 * so an evaluation and the picture after it solve once.
 *
 * @example
 * const exact = griddedExact((x, t) => allenCahnReference({ x, t }));
 * const [u] = exact({ x: Float64Array.of(0, 0.5), t: Float64Array.of(1, 1) });
 */
export function griddedExact(solve: (x: Float64Array, t: Float64Array) => ReferenceSolution, space = 'x', time = 't'): ExactSolution {
  let last: { points: Points; u: Float64Array } | null = null;
  return (p: Points) => {
    const xs = p[space];
    const ts = p[time];
    if (last !== null && last.points[space] === xs && last.points[time] === ts) return [last.u];
    const ux = [...new Set(xs)].sort((a, b) => a - b);
    const ut = [...new Set(ts)].sort((a, b) => a - b);
    const xIndex = new Map(ux.map((v, i) => [v, i]));
    const out = new Float64Array(xs.length);
    const perSolve = Math.max(1, Math.floor(MOST_VALUES / ux.length));
    for (let start = 0; start < ut.length; start += perSolve) {
      const times = Float64Array.from(ut.slice(start, start + perSolve));
      const ref = solve(Float64Array.from(ux), times);
      const tIndex = new Map(Array.from(times, (v, j) => [v, j]));
      for (let k = 0; k < xs.length; k++) {
        const j = tIndex.get(ts[k]);
        if (j !== undefined) out[k] = ref.u[xIndex.get(xs[k])! * times.length + j];
      }
    }
    last = { points: p, u: out };
    return [out];
  };
}
