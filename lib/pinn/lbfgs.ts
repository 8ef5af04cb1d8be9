/** f and its gradient at a point. */
export interface Evaluation {
  f: number;
  g: Float64Array;
}

/** A differentiable objective over a flat parameter vector. */
export type Objective = (x: Float64Array) => Evaluation;

/** Options of {@link LBFGS}. */
export interface LBFGSOptions {
  /** Step scale; 1 is right for L-BFGS. @default 1 */
  lr?: number;
  /** Pairs (s, y) kept for the inverse-Hessian estimate. @default 50 */
  historySize?: number;
  /** Stop when max |g| falls to this. @default 1e-9 */
  toleranceGrad?: number;
  /** Stop when the step or the change of f falls under this. @default 1e-12 */
  toleranceChange?: number;
  /** Most evaluations in one line search. @default 25 */
  maxLineSearch?: number;
  /**
   * How many times a stalled run (no descent direction, or a step or change
   * below toleranceChange: in float32 this is often rounding noise, not a
   * minimum) forgets its curvature history and starts again from steepest
   * descent instead of stopping. @default 0 (stop, as PyTorch does)
   */
  restarts?: number;
}

/** Everything an {@link LBFGS} run needs to continue exactly: JSON-safe. */
export interface LBFGSState {
  x: number[];
  f: number | null;
  g: number[] | null;
  d: number[] | null;
  t: number;
  oldDirs: number[][];
  oldSteps: number[][];
  ro: number[];
  hDiag: number;
  iterations: number;
  evaluations: number;
  /** Why the last step stopped the run, or null while it can go on. */
  converged: string | null;
  /** Restarts used so far (see LBFGSOptions.restarts). */
  restarts?: number;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const maxAbs = (a: Float64Array) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
};
const axpy = (x: Float64Array, t: number, d: Float64Array) => {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] + t * d[i];
  return out;
};

/**
 * Minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to bounds (Nocedal & Wright eq. 3.59).
 *
 * @example
 * cubicInterpolate(0, f0, g0, 1, f1, g1); // the minimiser in [0, 1]
 * cubicInterpolate(0, f0, g0, 1, f1, g1, [1.01, 10]); // extrapolation, clamped
 */
export function cubicInterpolate(x1: number, f1: number, g1: number, x2: number, f2: number, g2: number, bounds?: [number, number]): number {
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2sq = d1 * d1 - g1 * g2;
  if (d2sq >= 0) {
    const d2 = Math.sqrt(d2sq);
    const pos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    if (Number.isFinite(pos)) return Math.min(Math.max(pos, lo), hi);
  }
  return (lo + hi) / 2;
}

/**
 * Line search for a step t along d satisfying the strong Wolfe conditions
 * (sufficient decrease c1, curvature c2): bracketing then cubic-interpolation
 * zoom, as in Nocedal & Wright Alg. 3.5/3.6 and PyTorch's `_strong_wolfe`.
 *
 * @example
 * const { t, f, g } = strongWolfe(fn, x, 1, d, f0, g0, gtd0);
 * // f <= f0 + 1e-4 t gtd0 and |g·d| <= 0.9 |gtd0|
 */
export function strongWolfe(
  fn: Objective,
  x: Float64Array,
  t: number,
  d: Float64Array,
  f: number,
  g: Float64Array,
  gtd: number,
  c1 = 1e-4,
  c2 = 0.9,
  toleranceChange = 1e-9,
  maxLs = 25,
): { f: number; g: Float64Array; t: number; evaluations: number } {
  const dNorm = maxAbs(d);
  let { f: fNew, g: gNew } = fn(axpy(x, t, d));
  let evaluations = 1;
  let gtdNew = dot(gNew, d);
  let tPrev = 0;
  let fPrev = f;
  let gPrev = g;
  let gtdPrev = gtd;
  let done = false;
  let iter = 0;
  let br: number[] = [];
  let brF: number[] = [];
  let brG: Float64Array[] = [];
  let brGtd: number[] = [];
  while (iter < maxLs) {
    if (fNew > f + c1 * t * gtd || (iter > 1 && fNew >= fPrev) || !Number.isFinite(fNew)) {
      [br, brF, brG, brGtd] = [[tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew]];
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd) {
      [br, brF, brG, brGtd] = [[t], [fNew], [gNew], [gtdNew]];
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      [br, brF, brG, brGtd] = [[tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew]];
      break;
    }
    const minStep = t + 0.01 * (t - tPrev);
    const maxStep = t * 10;
    const tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    [tPrev, fPrev, gPrev, gtdPrev] = [tmp, fNew, gNew, gtdNew];
    ({ f: fNew, g: gNew } = fn(axpy(x, t, d)));
    evaluations++;
    gtdNew = dot(gNew, d);
    iter++;
  }
  if (iter === maxLs) [br, brF, brG, brGtd] = [[0, t], [f, fNew], [g, gNew], [gtd, gtdNew]];

  let insufficient = false;
  let [low, high] = brF[0] <= brF[brF.length - 1] ? [0, 1] : [1, 0];
  while (!done && iter < maxLs) {
    if (Math.abs(br[1] - br[0]) * dNorm < toleranceChange) break;
    t = cubicInterpolate(br[0], brF[0], brGtd[0], br[1], brF[1], brGtd[1]);
    const bMax = Math.max(br[0], br[1]);
    const bMin = Math.min(br[0], br[1]);
    const eps = 0.1 * (bMax - bMin);
    if (Math.min(bMax - t, t - bMin) < eps) {
      // Too close to an end: move away from it, unless the last try already made progress.
      if (insufficient || t >= bMax || t <= bMin) {
        t = Math.abs(t - bMax) < Math.abs(t - bMin) ? bMax - eps : bMin + eps;
        insufficient = false;
      } else insufficient = true;
    } else insufficient = false;
    ({ f: fNew, g: gNew } = fn(axpy(x, t, d)));
    evaluations++;
    gtdNew = dot(gNew, d);
    iter++;
    if (fNew > f + c1 * t * gtd || fNew >= brF[low] || !Number.isFinite(fNew)) {
      [br[high], brF[high], brG[high], brGtd[high]] = [t, fNew, gNew, gtdNew];
      [low, high] = brF[0] <= brF[1] ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) done = true;
      else if (gtdNew * (br[high] - br[low]) >= 0) {
        [br[high], brF[high], brG[high], brGtd[high]] = [br[low], brF[low], brG[low], brGtd[low]];
      }
      [br[low], brF[low], brG[low], brGtd[low]] = [t, fNew, gNew, gtdNew];
    }
  }
  if (br.length === 1) low = 0;
  return { f: brF[low], g: brG[low], t: br[low], evaluations };
}

/**
 * Limited-memory BFGS with a strong-Wolfe line search over a flat Float64
 * vector, one iteration per {@link LBFGS.step} (PyTorch's `torch.optim.LBFGS`
 * with `line_search_fn='strong_wolfe'`, `max_iter=1` per step). Its whole
 * state is JSON-safe, so a run resumes exactly.
 *
 * @example
 * const opt = new LBFGS(Float64Array.from([-1.2, 1]));
 * for (let i = 0; i < 100 && !opt.state.converged; i++) opt.step(rosenbrock);
 */
export class LBFGS {
  x: Float64Array;
  private s: LBFGSState;
  private readonly o: Required<Omit<LBFGSOptions, 'restarts'>>;
  private readonly maxRestarts: number;

  constructor(x0: Float64Array, options: LBFGSOptions = {}) {
    const o = {
      lr: options.lr ?? 1,
      historySize: options.historySize ?? 50,
      toleranceGrad: options.toleranceGrad ?? 1e-9,
      toleranceChange: options.toleranceChange ?? 1e-12,
      maxLineSearch: options.maxLineSearch ?? 25,
    };
    for (const [k, v] of Object.entries(o)) {
      if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new Error(`Option '${k}' passed to 'LBFGS' must be a positive number, but got ${v}.`);
    }
    if (!Number.isInteger(o.historySize) || !Number.isInteger(o.maxLineSearch)) {
      throw new Error(`Options 'historySize' and 'maxLineSearch' passed to 'LBFGS' must be integers, but got ${o.historySize} and ${o.maxLineSearch}.`);
    }
    this.o = o;
    this.maxRestarts = options.restarts ?? 0;
    if (!Number.isInteger(this.maxRestarts) || this.maxRestarts < 0) {
      throw new Error(`Option 'restarts' passed to 'LBFGS' must be an integer >= 0, but got ${options.restarts}.`);
    }
    this.x = Float64Array.from(x0);
    this.s = { x: [], f: null, g: null, d: null, t: 0, oldDirs: [], oldSteps: [], ro: [], hDiag: 1, iterations: 0, evaluations: 0, converged: null };
  }

  /** The state to save (x included). */
  get state(): LBFGSState {
    return { ...this.s, x: Array.from(this.x) };
  }

  /** Restores a saved state. */
  setState(state: LBFGSState): void {
    if (!Array.isArray(state?.x) || state.x.length !== this.x.length) {
      throw new Error(`L-BFGS state has ${state?.x?.length ?? 'no'} parameters, but this problem has ${this.x.length}.`);
    }
    this.x = Float64Array.from(state.x);
    this.s = { ...state, oldDirs: state.oldDirs.map((v) => [...v]), oldSteps: state.oldSteps.map((v) => [...v]), ro: [...state.ro] };
  }

  /** Forgets the curvature history and the cached f and g (after the objective changed, e.g. on resampling). */
  reset(): void {
    this.s = { ...this.s, f: null, g: null, d: null, oldDirs: [], oldSteps: [], ro: [], hDiag: 1, converged: null };
  }

  /** f at the current x (after at least one step). */
  get f(): number | null {
    return this.s.f;
  }

  /** One L-BFGS iteration: a direction from the history, a strong-Wolfe step along it. Returns f after the step. */
  step(fn: Objective): number {
    const s = this.s;
    const o = this.o;
    if (s.f === null || s.g === null) {
      const e = fn(this.x);
      s.evaluations++;
      [s.f, s.g] = [e.f, Array.from(e.g)];
    }
    const f0 = s.f;
    const g = Float64Array.from(s.g!);
    if (!Number.isFinite(f0)) {
      s.converged = 'non-finite loss';
      return f0;
    }
    if (maxAbs(g) <= o.toleranceGrad) {
      s.converged = 'gradient below toleranceGrad';
      return f0;
    }
    let d: Float64Array;
    if (s.d === null) {
      d = g.map((v) => -v);
      s.hDiag = 1;
    } else {
      d = this.direction(g);
    }
    const t0 = s.d === null ? Math.min(1, 1 / g.reduce((a, v) => a + Math.abs(v), 0)) * o.lr : o.lr;
    const gtd = dot(g, d);
    if (gtd > -o.toleranceChange) {
      this.stall('no descent direction left');
      return f0;
    }
    const ls = strongWolfe(fn, this.x, t0, d, f0, g, gtd, 1e-4, 0.9, 1e-9, o.maxLineSearch);
    s.evaluations += ls.evaluations;
    const step = d.map((v) => v * ls.t);
    if (Number.isFinite(ls.f)) {
      this.x = axpy(this.x, 1, step);
      // Curvature pair from this step; skipped when it would not keep H positive definite.
      const y = ls.g.map((v, i) => v - g[i]);
      const ys = dot(y, step);
      if (ys > 1e-10) {
        if (s.oldDirs.length === o.historySize) {
          s.oldDirs.shift();
          s.oldSteps.shift();
          s.ro.shift();
        }
        s.oldDirs.push(Array.from(y));
        s.oldSteps.push(Array.from(step));
        s.ro.push(1 / ys);
        s.hDiag = ys / dot(y, y);
      }
      [s.f, s.g, s.d, s.t] = [ls.f, Array.from(ls.g), Array.from(d), ls.t];
    } else {
      s.converged = 'non-finite loss';
      return ls.f;
    }
    s.iterations++;
    if (maxAbs(ls.g) <= o.toleranceGrad) s.converged = 'gradient below toleranceGrad';
    else if (maxAbs(step) <= o.toleranceChange) this.stall('step below toleranceChange');
    else if (Math.abs(ls.f - f0) < o.toleranceChange) this.stall('loss change below toleranceChange');
    return ls.f;
  }

  /** A stall: restart from steepest descent while restarts are left, else stop. */
  private stall(why: string): void {
    const s = this.s;
    if ((s.restarts ?? 0) < this.maxRestarts) {
      s.restarts = (s.restarts ?? 0) + 1;
      [s.d, s.oldDirs, s.oldSteps, s.ro, s.hDiag] = [null, [], [], [], 1];
      return;
    }
    s.converged = why;
  }

  /** Two-loop recursion: -H g from the stored pairs. */
  private direction(g: Float64Array): Float64Array {
    const s = this.s;
    const k = s.oldDirs.length;
    const q = g.map((v) => -v);
    const al = new Array<number>(k);
    for (let i = k - 1; i >= 0; i--) {
      const st = Float64Array.from(s.oldSteps[i]);
      al[i] = dot(st, q) * s.ro[i];
      const y = s.oldDirs[i];
      for (let j = 0; j < q.length; j++) q[j] -= al[i] * y[j];
    }
    for (let j = 0; j < q.length; j++) q[j] *= s.hDiag;
    for (let i = 0; i < k; i++) {
      const y = Float64Array.from(s.oldDirs[i]);
      const be = dot(y, q) * s.ro[i];
      const st = s.oldSteps[i];
      for (let j = 0; j < q.length; j++) q[j] += st[j] * (al[i] - be);
    }
    return q;
  }
}
