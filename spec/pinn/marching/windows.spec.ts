// The windows of time marching (lib/pinn/marching/windows.ts): their edges, which window holds a time, and the
// problem each window trains.
import { describe, expect, it } from 'vitest';

import { MarchingTrainer, heatProblem, poisson2dProblem, windowEdges, windowOf } from '../../../lib/index.js';

describe('window edges', () => {
  it('cut the time interval into equal windows, the last edge its end exactly', () => {
    expect(windowEdges(heatProblem(), 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const third = windowEdges({ ...heatProblem(), domain: { x: [0, 1], t: [0.1, 0.7] } }, 3);
    expect(third[3]).toBe(0.7);
    third.forEach((e, k) => expect(e).toBeCloseTo(0.1 + 0.2 * k, 15));
    expect(() => windowEdges(poisson2dProblem(), 2)).toThrow("Argument 'problem' passed to 'windowEdges' must have a time input on a box domain, but problem 'poisson2d' has no time input.");
    expect(() => windowEdges(heatProblem(), 0)).toThrow("Argument 'windows' passed to 'windowEdges' must be an integer >= 1, but got 0.");
  });

  it('give an edge to the later window, the end to the last, and times outside to the nearest', () => {
    const edges = [0, 0.25, 0.5, 0.75, 1];
    const at = (t: number) => windowOf(edges, t);
    expect([0, 0.1, 0.25 - 1e-12, 0.25, 0.5, 0.74, 0.75, 1].map(at)).toEqual([0, 0, 0, 1, 2, 2, 3, 3]);
    expect([-1, 2, NaN].map(at)).toEqual([0, 3, 0]);
    expect(windowOf([0, 1], 0.5)).toBe(0);
  });
});

describe('the problem of a window', () => {
  it('restricts the time interval and keeps predicate conditions off the inner time faces', () => {
    const heat = heatProblem();
    // A Dirichlet condition by predicate on the left half of the boundary (it also picks t-faces' points with x < 0.5).
    const problem = { ...heat, conditions: [heat.conditions[0], { kind: 'dirichlet' as const, on: (p: Record<string, number>) => p.x < 0.5, value: 0 }] };
    const m = new MarchingTrainer(problem, { network: { hidden: [4] }, sampling: { domain: 16, boundary: 64 }, adam: { steps: 1 }, lbfgs: { steps: 0 }, marching: { windows: 3 } });
    const seen: number[][] = [];
    for (let k = 0; k < 3; k++) {
      const w = m.windowTrainer.problem;
      expect(w.domain!.t).toEqual(m.edges.slice(k, k + 2));
      expect(w.name).toBe('heat');
      const on = (w.conditions[1] as { on: (p: Record<string, number>) => boolean }).on;
      const [lo, hi] = w.domain!.t;
      // The problem's own t-faces (t = 0 in the first window, t = 1 in the last) stay; the windows' inner faces do not.
      seen.push([on({ x: 0.2, t: lo }), on({ x: 0.2, t: hi }), on({ x: 0.2, t: (lo + hi) / 2 }), on({ x: 0.7, t: (lo + hi) / 2 })].map(Number));
      m.step();
    }
    expect(seen).toEqual([
      [1, 0, 1, 0],
      [0, 0, 1, 0],
      [0, 1, 1, 0],
    ]);
    m.dispose();
  });
});
