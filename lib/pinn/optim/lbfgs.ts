import { AsyncObjective, Evaluations, NonFiniteEvaluation, Objective, drive, driveAsync, strongWolfeSteps } from './line_search.js';
import { gradientOnlySteps } from './gradient_line_search.js';
import { LBFGSOptions, checkLBFGSOptions } from './lbfgs_options.js';
import { allFinite, dot, maxAbs } from './vector.js';
import { hostKernels } from '../../internals/host_kernels.js';

export type { LBFGSOptions } from './lbfgs_options.js';

/** Everything an {@link LBFGS} run needs to continue exactly: JSON-safe. */
export interface LBFGSState {
  /** The current point. */
  x: number[];
  /** The objective at x, or null before the first evaluation (or after a reset). */
  f: number | null;
  /** The gradient at x, null exactly when f is. */
  g: number[] | null;
  /** The last search direction, or null. */
  d: number[] | null;
  /** The last step length along d. */
  t: number;
  /** Curvature pairs: the gradient differences y, oldest first (PyTorch's `old_dirs`). */
  oldDirs: number[][];
  /** Curvature pairs: the steps s, oldest first (PyTorch's `old_stps`). */
  oldSteps: number[][];
  /** 1 / (y · s) of each pair. */
  ro: number[];
  /** The initial inverse-Hessian scale (y · s) / (y · y) of the last pair. */
  hDiag: number;
  /** Iterations done. */
  iterations: number;
  /** Objective evaluations done (line-search trials included). */
  evaluations: number;
  /** Why the last step stopped the run, or null while it can go on. */
  converged: string | null;
  /** Restarts used so far (see LBFGSOptions.restarts). */
  restarts?: number;
  /** Where the current plateau window began (see LBFGSOptions.plateau). */
  plateauMark?: {
    /** The iteration at which the window began. */
    iteration: number;
    /** The objective then. */
    f: number;
  };
}

/**
 * Throws, naming the field, unless `state` is a whole L-BFGS state over `n` values: x, g and d finite
 * vectors of length n (g null exactly when f is), at most `historySize` curvature pairs of finite vectors
 * with positive ro (1/(y.s), kept only when y.s > 0) and a positive hDiag, a step t >= 0, non-negative
 * integer counters, converged null or a reason. Changes nothing.
 *
 * @example
 * checkLBFGSState(new LBFGS(x0).state, x0.length); // fine
 * checkLBFGSState({ ...state, iterations: -1 }, n); // throws: 'L-BFGS state is damaged: iterations must be ...'
 */
export function checkLBFGSState(state: LBFGSState, n: number, historySize = Infinity): void {
  if (!Array.isArray(state?.x) || state.x.length !== n) {
    throw new Error(`L-BFGS state has ${state?.x?.length ?? 'no'} parameters, but this problem has ${n}.`);
  }
  const vector = (v: unknown) => Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  const bad = (what: string) => new Error(`L-BFGS state is damaged: ${what}.`);
  const count = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (!vector(state.x)) throw bad('x must hold finite numbers');
  if (state.f !== null && !(typeof state.f === 'number' && Number.isFinite(state.f))) throw bad(`f must be a finite number or null, but is ${JSON.stringify(state.f)}`);
  if ((state.f === null) !== (state.g === null) || (state.g !== null && !vector(state.g))) throw bad(`g must be null with f, or ${n} finite numbers`);
  if (state.d !== null && !vector(state.d)) throw bad(`d must be null or ${n} finite numbers`);
  const k = state.ro?.length;
  if (!Array.isArray(state.ro) || !Array.isArray(state.oldDirs) || !Array.isArray(state.oldSteps) || state.oldDirs.length !== k || state.oldSteps.length !== k) {
    throw bad('oldDirs, oldSteps and ro must be arrays of one length');
  }
  if (k > historySize) throw bad(`it keeps ${k} curvature pairs, more than historySize (${historySize})`);
  if (!state.oldDirs.every(vector) || !state.oldSteps.every(vector)) throw bad(`the curvature pairs must be finite vectors of ${n} numbers`);
  if (!state.ro.every((r) => typeof r === 'number' && Number.isFinite(r) && r > 0)) throw bad(`ro must hold finite numbers > 0 (a pair is kept only when y.s > 0), but is ${JSON.stringify(state.ro).slice(0, 80)}`);
  if (!(typeof state.hDiag === 'number' && Number.isFinite(state.hDiag) && state.hDiag > 0)) throw bad(`hDiag must be a finite number > 0, but is ${JSON.stringify(state.hDiag)}`);
  if (!(typeof state.t === 'number' && Number.isFinite(state.t) && state.t >= 0)) throw bad(`t must be a finite number >= 0, but is ${JSON.stringify(state.t)}`);
  for (const key of ['iterations', 'evaluations'] as const) if (!count(state[key])) throw bad(`${key} must be an integer >= 0, but is ${JSON.stringify(state[key])}`);
  if (state.restarts !== undefined && !count(state.restarts)) throw bad(`restarts must be an integer >= 0, but is ${JSON.stringify(state.restarts)}`);
  if (state.converged != null && typeof state.converged !== 'string') throw bad(`converged must be null or a reason, but is ${JSON.stringify(state.converged)}`);
  const mark = state.plateauMark;
  if (mark !== undefined && !(count(mark?.iteration) && typeof mark?.f === 'number' && Number.isFinite(mark.f))) throw bad(`plateauMark must be { iteration: an integer >= 0, f: a finite number }, but is ${JSON.stringify(mark)}`);
}

/**
 * Limited-memory BFGS with a strong-Wolfe line search over a flat Float64
 * vector, one iteration per {@link LBFGS.step} (PyTorch's `torch.optim.LBFGS`
 * with `line_search_fn='strong_wolfe'`, `max_iter=1` per step). Its whole
 * state is JSON-safe, so a run resumes exactly.
 *
 * @example
 * const opt = new LBFGS(Float64Array.from([-1.2, 1]));
 * for (let i = 0; i < 100 && !opt.converged; i++) opt.step(rosenbrock);
 */
export class LBFGS {
  /** The current point (float64, the optimiser's own copy). */
  x: Float64Array;
  /**
   * The state, with the vectors as Float64Arrays (the two-loop recursion is 3x faster on them, and an iteration
   * converts none of them): g and d are the arrays the last iteration used, never written to afterwards.
   */
  private s: Omit<LBFGSState, 'oldDirs' | 'oldSteps' | 'g' | 'd'> & { g: Float64Array | null; d: Float64Array | null; oldDirs: Float64Array[]; oldSteps: Float64Array[] };
  private readonly o: Required<Omit<LBFGSOptions, 'restarts' | 'gradientSearch' | 'plateau'>>;
  private readonly gradientSearch: number;
  private readonly plateau: { iterations: number; change: number } | null;
  private readonly maxRestarts: number;
  /** Arrays for the next curvature pair (see iteration): none at first. */
  private spare: { y: Float64Array; step: Float64Array } | null = null;

  constructor(x0: Float64Array, options: LBFGSOptions = {}) {
    const o = checkLBFGSOptions(options);
    this.o = { lr: o.lr, historySize: o.historySize, toleranceGrad: o.toleranceGrad, toleranceChange: o.toleranceChange, maxLineSearch: o.maxLineSearch };
    this.maxRestarts = o.restarts;
    this.gradientSearch = o.gradientSearch;
    this.plateau = o.plateau;
    this.x = Float64Array.from(x0);
    this.s = { x: [], f: null, g: null, d: null, t: 0, oldDirs: [], oldSteps: [], ro: [], hDiag: 1, iterations: 0, evaluations: 0, converged: null };
  }

  /** The state to save (x included): a snapshot, since later iterations shift the curvature history in place. */
  get state(): LBFGSState {
    const s = this.s;
    const list = (v: Float64Array | null) => (v === null ? null : Array.from(v));
    return { ...s, x: Array.from(this.x), g: list(s.g), d: list(s.d), oldDirs: s.oldDirs.map((v) => Array.from(v)), oldSteps: s.oldSteps.map((v) => Array.from(v)), ro: [...s.ro] };
  }

  /** Why the iterations stopped, or null while they go on (without copying the state). */
  get converged(): string | null {
    return this.s.converged;
  }

  /** Restores a saved state (checked first: see `checkLBFGSState`). */
  setState(state: LBFGSState): void {
    checkLBFGSState(state, this.x.length, this.o.historySize);
    this.x = Float64Array.from(state.x);
    const vector = (v: number[] | null) => (v === null ? null : Float64Array.from(v));
    this.s = { ...state, g: vector(state.g), d: vector(state.d), oldDirs: state.oldDirs.map((v) => Float64Array.from(v)), oldSteps: state.oldSteps.map((v) => Float64Array.from(v)), ro: [...state.ro] };
  }

  /** Forgets the curvature history and the cached f and g (after the objective changed, e.g. on resampling). */
  reset(): void {
    this.s = { ...this.s, f: null, g: null, d: null, oldDirs: [], oldSteps: [], ro: [], hDiag: 1, converged: null, plateauMark: undefined };
  }

  /** f at the current x (after at least one step). */
  get f(): number | null {
    return this.s.f;
  }

  /**
   * One L-BFGS iteration: a direction from the history, a strong-Wolfe step along it. Returns f after the step.
   * Throws `NonFiniteEvaluation`, changing nothing, when the loss or gradient at the current point is
   * not finite, or when no point the line search tried was finite.
   */
  step(fn: Objective): number {
    return drive(this.iteration(), fn);
  }

  /**
   * {@link LBFGS.step} with an objective that reads back asynchronously (WebGPU): the same
   * iteration, so the same numbers for the same f and g.
   */
  stepAsync(fn: AsyncObjective): Promise<number> {
    return driveAsync(this.iteration(), fn);
  }

  /**
   * One iteration as `Evaluations`: yields each point to evaluate and receives f and g there.
   * {@link LBFGS.step} and {@link LBFGS.stepAsync} drive it; the state changes as the iteration goes.
   *
   * @example
   * const f = drive(opt.iteration(), rosenbrock); // = opt.step(rosenbrock)
   * const g = await driveAsync(opt.iteration(), async (x) => rosenbrock(x));
   */
  *iteration(): Evaluations<number> {
    const s = this.s;
    const o = this.o;
    if (s.f === null || s.g === null) {
      const e = yield this.x;
      if (!Number.isFinite(e.f)) throw new NonFiniteEvaluation('loss', e.f);
      if (!allFinite(e.g)) throw new NonFiniteEvaluation('gradient', e.f);
      s.evaluations++;
      [s.f, s.g] = [e.f, Float64Array.from(e.g)];
    }
    const f0 = s.f;
    const g = s.g!;
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
    let ls = yield* strongWolfeSteps(this.x, t0, d, f0, g, gtd, 1e-4, 0.9, 1e-9, o.maxLineSearch);
    // No step where the loss is rounding noise: the gradient may still know the way.
    if (this.gradientSearch > 0 && !ls.nonFinite && maxAbs(d) * ls.t <= o.toleranceChange) {
      const gs = yield* gradientOnlySteps(this.x, t0, d, f0, g, gtd, this.gradientSearch * Math.abs(f0), 0.9, o.maxLineSearch);
      s.evaluations += gs.evaluations;
      if (gs.t > 0) ls = { ...gs, evaluations: ls.evaluations };
    }
    // Backing off from non-finite trial points is normal; finding no finite point at all is not a minimum.
    if (ls.nonFinite) throw ls.nonFinite;
    if (!Number.isFinite(ls.f)) throw new NonFiniteEvaluation('loss', ls.f);
    if (!allFinite(ls.g)) throw new NonFiniteEvaluation('gradient', ls.f);
    s.evaluations += ls.evaluations;
    // The new pair is written into spare arrays: those of the pair a full history drops, once one was dropped.
    const n = d.length;
    const step = this.spare?.step ?? new Float64Array(n);
    const y = this.spare?.y ?? new Float64Array(n);
    this.spare = null;
    const [x, xNew, t, gNew] = [this.x, new Float64Array(n), ls.t, ls.g];
    for (let i = 0; i < n; i++) {
      step[i] = d[i] * t;
      xNew[i] = x[i] + step[i];
      y[i] = gNew[i] - g[i];
    }
    this.x = xNew;
    // Curvature pair from this step; skipped when it would not keep H positive definite.
    const ys = dot(y, step);
    if (ys > 1e-10) {
      if (s.oldDirs.length === o.historySize) {
        this.spare = { y: s.oldDirs.shift()!, step: s.oldSteps.shift()! };
        s.ro.shift();
      }
      s.oldDirs.push(y);
      s.oldSteps.push(step);
      s.ro.push(1 / ys);
      s.hDiag = ys / dot(y, y);
    } else this.spare = { y, step };
    // ls.g may be an array the objective also holds: copied, since the next iteration keeps it as its g.
    [s.f, s.g, s.d, s.t] = [ls.f, Float64Array.from(gNew), d, t];
    s.iterations++;
    if (maxAbs(ls.g) <= o.toleranceGrad) s.converged = 'gradient below toleranceGrad';
    else if (maxAbs(step) <= o.toleranceChange) this.stall('step below toleranceChange');
    // With gradientSearch a loss change at rounding level is no sign of a minimum, and the restart a stall
    // brings would throw away the curvature history the search relies on; the plateau rule ends such runs.
    else if (this.gradientSearch === 0 && Math.abs(ls.f - f0) < o.toleranceChange) this.stall('loss change below toleranceChange');
    if (this.plateau && !s.converged) this.checkPlateau(this.plateau, f0, ls.f);
    return ls.f;
  }

  /** Ends the run when the loss fell by less than `change` of itself over the window that ends here. */
  private checkPlateau({ iterations, change }: { iterations: number; change: number }, f0: number, f: number): void {
    const s = this.s;
    const mark = (s.plateauMark ??= { iteration: s.iterations - 1, f: f0 });
    if (s.iterations - mark.iteration >= iterations) {
      if (mark.f - f <= change * Math.abs(mark.f)) s.converged = `loss plateau (it fell by ${((mark.f - f) / Math.abs(mark.f)).toExponential(1)} of itself in ${iterations} iterations)`;
      s.plateauMark = { iteration: s.iterations, f };
    }
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

  /**
   * Two-loop recursion: -H g from the stored pairs (read in place: copying them cost more than the arithmetic).
   * Each pass over q also forms the next pair's dot product with the q it has just written, so q is swept once
   * per pair instead of twice: the same operations in the same order as the textbook loops, so the same bits.
   */
  private direction(g: Float64Array): Float64Array {
    const s = this.s;
    const k = s.oldDirs.length;
    const n = g.length;
    const q = new Float64Array(n);
    for (let j = 0; j < n; j++) q[j] = -g[j];
    // Host kernels (useOpenBlas in Node) sweep with BLAS's ddot and daxpy: the same loops, vectorised.
    const host = hostKernels();
    if (host?.twoLoop !== undefined) {
      host.twoLoop(q, s.oldSteps, s.oldDirs, Float64Array.from(s.ro), s.hDiag);
      return q;
    }
    const al = new Float64Array(k);
    const { oldSteps, oldDirs, ro } = s;
    // Scalars in locals: a typed-array element read inside the inner loops is reloaded on every iteration.
    let a = 0;
    if (k > 0) {
      const st = oldSteps[k - 1];
      for (let j = 0; j < n; j++) a += st[j] * q[j];
    }
    for (let i = k - 1; i >= 0; i--) {
      const ai = a * ro[i];
      al[i] = ai;
      const y = oldDirs[i];
      if (i > 0) {
        const next = oldSteps[i - 1];
        let an = 0;
        for (let j = 0; j < n; j++) {
          q[j] -= ai * y[j];
          an += next[j] * q[j];
        }
        a = an;
      } else for (let j = 0; j < n; j++) q[j] -= ai * y[j];
    }
    const h = s.hDiag;
    let b = 0;
    if (k > 0) {
      const y0 = oldDirs[0];
      for (let j = 0; j < n; j++) {
        q[j] *= h;
        b += y0[j] * q[j];
      }
    } else for (let j = 0; j < n; j++) q[j] *= h;
    for (let i = 0; i < k; i++) {
      const c = al[i] - b * ro[i];
      const st = oldSteps[i];
      if (i < k - 1) {
        const next = oldDirs[i + 1];
        let bn = 0;
        for (let j = 0; j < n; j++) {
          q[j] += st[j] * c;
          bn += next[j] * q[j];
        }
        b = bn;
      } else for (let j = 0; j < n; j++) q[j] += st[j] * c;
    }
    return q;
  }

}
