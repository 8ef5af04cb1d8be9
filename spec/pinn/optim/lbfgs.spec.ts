import { describe, expect, it } from 'vitest';

import { LBFGS, Objective } from '../../../lib/index.js';
import { gradientOnlySteps } from '../../../lib/pinn/optim/gradient_line_search.js';
import { NonFiniteEvaluation, cubicInterpolate, drive, strongWolfe } from '../../../lib/pinn/optim/line_search.js';

const rosenbrock: Objective = (x) => {
  const [a, b] = x;
  return { f: (1 - a) ** 2 + 100 * (b - a * a) ** 2, g: Float64Array.from([-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)]) };
};

/** f = ½ xᵀAx - bᵀx with a fixed SPD A (condition number ~100). */
function quadratic(n: number) {
  const A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 + (99 * i) / (n - 1) : 0.3 / (1 + Math.abs(i - j)))));
  const b = Array.from({ length: n }, (_, i) => Math.cos(i));
  const fn: Objective = (x) => {
    const Ax = A.map((row) => row.reduce((s, a, j) => s + a * x[j], 0));
    return { f: 0.5 * Ax.reduce((s, v, i) => s + v * x[i], 0) - b.reduce((s, v, i) => s + v * x[i], 0), g: Float64Array.from(Ax, (v, i) => v - b[i]) };
  };
  return { A, b, fn };
}

/** Solves A x = b by Gaussian elimination with partial pivoting (the closed-form minimum). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    const p = M.slice(c).reduce((best, row, k) => (Math.abs(row[c]) > Math.abs(M[best][c]) ? c + k : best), c);
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) x[r] = (M[r][n] - M[r].slice(r + 1, n).reduce((s, v, k) => s + v * x[r + 1 + k], 0)) / M[r][r];
  return x;
}

describe('LBFGS', () => {
  it('finds the Rosenbrock minimum (1, 1) from (-1.2, 1)', () => {
    const opt = new LBFGS(Float64Array.from([-1.2, 1]), { historySize: 10, toleranceChange: 1e-20, toleranceGrad: 1e-12 });
    for (let i = 0; i < 200 && !opt.state.converged; i++) opt.step(rosenbrock);
    expect(Math.abs(opt.x[0] - 1)).toBeLessThan(1e-6);
    expect(Math.abs(opt.x[1] - 1)).toBeLessThan(1e-6);
    expect(opt.state.iterations).toBeLessThan(100);
  });

  it('reaches the closed-form minimum A⁻¹b of a 20-dimensional quadratic', () => {
    const { A, b, fn } = quadratic(20);
    const exact = solve(A, b);
    const opt = new LBFGS(new Float64Array(20), { historySize: 20, toleranceChange: 1e-20, toleranceGrad: 1e-12 });
    for (let i = 0; i < 200 && !opt.state.converged; i++) opt.step(fn);
    const err = Math.max(...exact.map((v, i) => Math.abs(opt.x[i] - v)));
    expect(err).toBeLessThan(1e-7);
  });

  it('continues identically from a saved state (JSON round trip)', () => {
    const a = new LBFGS(Float64Array.from([-1.2, 1]));
    for (let i = 0; i < 5; i++) a.step(rosenbrock);
    const b = new LBFGS(Float64Array.from([0, 0]));
    b.setState(JSON.parse(JSON.stringify(a.state)));
    for (let i = 0; i < 5; i++) expect(b.step(rosenbrock)).toBe(a.step(rosenbrock));
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
  });

  it('gives a snapshot as its state: later iterations do not change a state taken earlier', () => {
    const { fn } = quadratic(20);
    const opt = new LBFGS(new Float64Array(20), { historySize: 3 });
    for (let i = 0; i < 3; i++) opt.step(fn);
    const saved = opt.state;
    const frozen = JSON.stringify(saved);
    for (let i = 0; i < 4; i++) opt.step(fn); // a full history shifts its oldest pairs out, in place
    expect(JSON.stringify(saved)).toBe(frozen);
    expect(opt.converged).toBe(opt.state.converged);
  });

  it('restarts from steepest descent when it stalls, instead of stopping, while restarts are left', () => {
    const run = (restarts: number) => {
      const opt = new LBFGS(Float64Array.from([-1.2, 1]), { toleranceChange: 1e-2, restarts });
      for (let i = 0; i < 500 && !opt.state.converged; i++) opt.step(rosenbrock);
      return opt;
    };
    const stopped = run(0);
    const restarted = run(5);
    expect(stopped.state.converged).toMatch(/below toleranceChange/);
    expect(restarted.state.restarts).toBe(5);
    expect(restarted.f!).toBeLessThan(stopped.f!);
  });

  it('rejects a state for another parameter count, saying both', () => {
    const a = new LBFGS(Float64Array.from([1, 2, 3]));
    expect(() => new LBFGS(Float64Array.from([1, 2])).setState(a.state)).toThrow('L-BFGS state has 3 parameters, but this problem has 2.');
  });
});

describe('strongWolfe', () => {
  it('returns a step satisfying both strong Wolfe conditions', () => {
    const x = Float64Array.from([-1.2, 1]);
    const e = rosenbrock(x);
    const d = e.g.map((v) => -v);
    const gtd = e.g.reduce((s, v, i) => s + v * d[i], 0);
    const r = strongWolfe(rosenbrock, x, 1, d, e.f, e.g, gtd);
    const gtdNew = r.g.reduce((s, v, i) => s + v * d[i], 0);
    expect(r.f).toBeLessThanOrEqual(e.f + 1e-4 * r.t * gtd);
    expect(Math.abs(gtdNew)).toBeLessThanOrEqual(0.9 * Math.abs(gtd));
  });

  it('cubicInterpolate finds the minimum of a cubic exactly', () => {
    // f(t) = (t - 1)³ - 3(t - 1) has its local minimum at t = 2.
    const f = (t: number) => (t - 1) ** 3 - 3 * (t - 1);
    const g = (t: number) => 3 * (t - 1) ** 2 - 3;
    expect(cubicInterpolate(1.5, f(1.5), g(1.5), 3, f(3), g(3))).toBeCloseTo(2, 12);
  });
});

describe('LBFGS and non-finite values', () => {
  // f = (x - 3)², NaN beyond x = 4: the first step (t = 1 along -g = 6) lands at 6, in the NaN region.
  const fenced: Objective = (x) => (x[0] > 4 ? { f: NaN, g: Float64Array.of(NaN) } : { f: (x[0] - 3) ** 2, g: Float64Array.of(2 * (x[0] - 3)) });

  it('backs off from a NaN trial point and still finds the minimum', () => {
    const opt = new LBFGS(Float64Array.of(0), { historySize: 3 });
    for (let i = 0; i < 30 && !opt.state.converged; i++) opt.step(fenced);
    expect(Math.abs(opt.x[0] - 3)).toBeLessThan(1e-6);
  });

  it('throws NonFiniteEvaluation, changing nothing, when no tried point is finite', () => {
    const opt = new LBFGS(Float64Array.of(0));
    opt.step((x) => ({ f: (x[0] - 3) ** 2, g: Float64Array.of(2 * (x[0] - 3)) }));
    const before = JSON.stringify(opt.state);
    const everywhere: Objective = () => ({ f: NaN, g: Float64Array.of(NaN) });
    expect(() => opt.step(everywhere)).toThrow(NonFiniteEvaluation);
    expect(JSON.stringify(opt.state)).toBe(before);
    const gradientOnly: Objective = (x) => ({ f: x[0] ** 2, g: Float64Array.of(Infinity) });
    expect(() => opt.step(gradientOnly)).toThrow("The objective's gradient is not finite");
    expect(JSON.stringify(opt.state)).toBe(before);
    expect(() => new LBFGS(Float64Array.of(0)).step(everywhere)).toThrow("The objective's loss is not finite (loss NaN)");
  });
});

/** The quadratic with rounding-like noise of size `eta` on f only (its gradient exact), as a float32 loss near its floor. */
function noisyQuadratic(n: number, eta: number) {
  const q = quadratic(n);
  const fn: Objective = (x) => {
    const e = q.fn(x);
    const h = x.reduce((a, v, i) => a + v * (i + 1.37), 0);
    return { f: e.f + eta * Math.sin(1e9 * h), g: e.g };
  };
  return { ...q, fn };
}

describe('LBFGS below the loss noise (gradientSearch)', () => {
  const run = (gradientSearch: number) => {
    const { A, b, fn } = noisyQuadratic(20, 1e-9);
    const opt = new LBFGS(new Float64Array(20), { historySize: 20, gradientSearch, toleranceGrad: 1e-12, toleranceChange: 1e-20 });
    for (let i = 0; i < 300 && !opt.converged; i++) opt.step(fn);
    const exact = solve(A, b);
    return { opt, err: Math.max(...exact.map((v, i) => Math.abs(opt.x[i] - v))) };
  };

  it('stalls where loss values are noise without it, and reaches A⁻¹b by the gradient with it', () => {
    const without = run(0);
    const withIt = run(1e-4);
    expect(without.opt.converged).toMatch(/below toleranceChange|no descent/);
    expect(without.err).toBeGreaterThan(1e-6);
    expect(withIt.err).toBeLessThan(1e-8);
    expect(withIt.err).toBeLessThan(without.err / 100);
  });

  it('does not count a loss change below toleranceChange as a stall with it (the restart would drop the history)', () => {
    const { fn } = quadratic(20);
    const run = (gradientSearch: number) => {
      // restarts: 0 (PyTorch's behaviour) makes the first stall final, so the test sees it.
      const opt = new LBFGS(new Float64Array(20), { historySize: 20, toleranceChange: 1e-3, gradientSearch, restarts: 0 });
      for (let i = 0; i < 60 && !opt.converged; i++) opt.step(fn);
      return opt;
    };
    expect(run(0).converged).toBe('loss change below toleranceChange');
    const withIt = run(1e-4);
    expect(withIt.converged ?? '').not.toMatch(/loss change/);
    expect(withIt.state.restarts ?? 0).toBe(0);
  });

  it('gradientOnlySteps finds the zero of the directional derivative where strongWolfe finds no step', () => {
    // φ(t) = (t - 0.3)² / 2 · 1e-6 + noise 1e-8: the decrease to the minimum (4.5e-8) is barely above the noise.
    const fn: Objective = (x) => ({ f: 0.5e-6 * (x[0] - 0.3) ** 2 + 1e-8 * Math.sin(1e9 * x[0]), g: Float64Array.of(1e-6 * (x[0] - 0.3)) });
    const x = Float64Array.of(0);
    const e0 = fn(x);
    const d = Float64Array.of(1);
    const gtd = e0.g[0];
    const ls = drive(gradientOnlySteps(x, 1, d, e0.f, e0.g, gtd, 1e-7), fn);
    expect(ls.t).toBeGreaterThan(0);
    expect(Math.abs(1e-6 * (ls.t - 0.3))).toBeLessThanOrEqual(0.9 * Math.abs(gtd)); // strong Wolfe curvature
    // A trial whose loss exceeds f + slack is too far: with no slack left it backs off to t = 0.
    const none = drive(gradientOnlySteps(x, 1, d, e0.f + 1, e0.g, gtd, 0), (y) => ({ ...fn(y), f: fn(y).f + 2 }));
    expect(none.t).toBe(0);
  });

  it('stops on a loss plateau and resumes the plateau window from its state', () => {
    const { fn } = quadratic(20);
    const plateau = { iterations: 5, change: 1e-3 };
    const opt = new LBFGS(new Float64Array(20), { historySize: 20, toleranceChange: 1e-30, toleranceGrad: 1e-30, plateau });
    let steps = 0;
    for (; steps < 500 && !opt.converged; steps++) opt.step(fn);
    expect(opt.converged).toMatch(/loss plateau/);
    expect(steps % 5).toBe(0);
    const twin = new LBFGS(new Float64Array(20), { historySize: 20, toleranceChange: 1e-30, toleranceGrad: 1e-30, plateau });
    const half = new LBFGS(new Float64Array(20), { historySize: 20, toleranceChange: 1e-30, toleranceGrad: 1e-30, plateau });
    for (let i = 0; i < steps - 3; i++) half.step(fn);
    twin.setState(JSON.parse(JSON.stringify(half.state)));
    for (let i = 0; i < 3; i++) twin.step(fn);
    expect(twin.converged).toBe(opt.converged);
    expect(() => new LBFGS(new Float64Array(2), { plateau: { iterations: 0, change: 1e-3 } })).toThrow("Option 'plateau.iterations' passed to 'LBFGS' must be an integer >= 1, but got 0.");
    expect(() => new LBFGS(new Float64Array(2), { restarts: 1.5 })).toThrow("Option 'restarts' passed to 'LBFGS' must be an integer >= 0, but got 1.5.");
    expect(() => new LBFGS(new Float64Array(2), { historysize: 5 } as never)).toThrow("Unknown key 'historysize' in options passed to 'LBFGS'; valid keys: lr, historySize, toleranceGrad, toleranceChange, maxLineSearch, restarts, gradientSearch, plateau. Did you mean 'historySize'?");
    expect(() => new LBFGS(new Float64Array(2), { gradientSearch: -1 })).toThrow("Option 'gradientSearch' passed to 'LBFGS' must be a finite number >= 0 (a fraction of the loss), but got -1.");
  });
});
