import { allFinite, axpy, dot, maxAbs } from './vector.js';

/** f and its gradient at a point. */
export interface Evaluation {
  /** The objective's value. */
  f: number;
  /** Its gradient. */
  g: Float64Array;
}

/** A differentiable objective over a flat parameter vector. */
export type Objective = (x: Float64Array) => Evaluation;

/** An objective that reads its values back asynchronously (e.g. `await t.data()` on WebGPU). */
export type AsyncObjective = (x: Float64Array) => Promise<Evaluation>;

/**
 * An optimiser's algorithm written once for both kinds of objective: it yields each
 * point it needs evaluated and receives f and g there; {@link drive} and
 * {@link driveAsync} answer with a synchronous or an asynchronous objective.
 */
export type Evaluations<R> = Generator<Float64Array, R, Evaluation>;

/**
 * Runs `steps` to its end, evaluating every point it asks for with `objective`.
 *
 * @example
 * drive(strongWolfeSteps(x, 1, d, f0, g0, gtd0), fn); // = strongWolfe(fn, x, 1, d, f0, g0, gtd0)
 * drive(opt.iteration(), fn); // one L-BFGS iteration
 */
export function drive<R>(steps: Evaluations<R>, objective: Objective): R {
  let next = steps.next();
  while (!next.done) next = steps.next(objective(next.value));
  return next.value;
}

/**
 * Runs `steps` to its end, awaiting `objective` at every point it asks for.
 *
 * @example
 * await driveAsync(opt.iteration(), async (x) => ({ f, g })); // one L-BFGS iteration
 * await driveAsync(strongWolfeSteps(x, 1, d, f0, g0, gtd0), fn);
 */
export async function driveAsync<R>(steps: Evaluations<R>, objective: AsyncObjective): Promise<R> {
  let next = steps.next();
  while (!next.done) next = steps.next(await objective(next.value));
  return next.value;
}

/**
 * Thrown by {@link LBFGS.step} when the objective gives a NaN or infinite
 * loss or gradient where it cannot back off: at the current point, or at
 * every point a line search tried. The optimiser's state is left as it was.
 *
 * @example
 * try { opt.step(fn); } catch (e) { if (e instanceof NonFiniteEvaluation) console.log(e.what); }
 * opt.x; // still the last finite point
 */
export class NonFiniteEvaluation extends Error {
  constructor(
    /** Which was not finite. */
    readonly what: 'loss' | 'gradient',
    /** The loss there. */
    readonly f: number,
  ) {
    super(`The objective's ${what} is not finite (loss ${f}) at the current point or at every point the line search tried; L-BFGS stops with its state unchanged.`);
    this.name = 'NonFiniteEvaluation';
  }
}

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
 * // f <= f0 + 1e-4 t gtd0 and |g·d| <= 0.9 |gtd0|; nonFinite is set when no trial point was finite
 */
export function strongWolfe(
  objective: Objective,
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
): LineSearchResult {
  return drive(strongWolfeSteps(x, t, d, f, g, gtd, c1, c2, toleranceChange, maxLs), objective);
}

/** What {@link strongWolfe} finds: the accepted step t, f and g there, evaluations spent. */
export interface LineSearchResult {
  f: number;
  g: Float64Array;
  t: number;
  evaluations: number;
  /** Set when no trial point was finite. */
  nonFinite: NonFiniteEvaluation | null;
}

/**
 * {@link strongWolfe} as {@link Evaluations}: yields each trial point, for {@link drive} or {@link driveAsync}.
 *
 * @example
 * const ls = drive(strongWolfeSteps(x, 1, d, f0, g0, gtd0), fn);
 * const same = await driveAsync(strongWolfeSteps(x, 1, d, f0, g0, gtd0), asyncFn);
 */
export function* strongWolfeSteps(
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
): Evaluations<LineSearchResult> {
  const dNorm = maxAbs(d);
  // A trial point with a non-finite loss or gradient is treated as too far (f = +Infinity), so the search backs off.
  let finiteFound = false;
  let lastBad: NonFiniteEvaluation | null = null;
  const fn = function* (xt: Float64Array): Evaluations<Evaluation> {
    const e = yield xt;
    const badLoss = !Number.isFinite(e.f);
    if (badLoss || !allFinite(e.g)) {
      lastBad = new NonFiniteEvaluation(badLoss ? 'loss' : 'gradient', e.f);
      return { f: Infinity, g: e.g };
    }
    finiteFound = true;
    return e;
  };
  let { f: fNew, g: gNew } = yield* fn(axpy(x, t, d));
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
    ({ f: fNew, g: gNew } = yield* fn(axpy(x, t, d)));
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
    ({ f: fNew, g: gNew } = yield* fn(axpy(x, t, d)));
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
  return { f: brF[low], g: brG[low], t: br[low], evaluations, nonFinite: finiteFound ? null : lastBad };
}
