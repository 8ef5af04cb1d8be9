import { Evaluations, LineSearchResult, NonFiniteEvaluation } from './line_search.js';
import { allFinite, axpy, dot } from './vector.js';

/**
 * A line search that reads only the directional derivative φ'(t) = g(x + t d)·d, for where loss
 * differences are rounding noise but the gradient is still accurate (a float32 loss near its
 * floor: in the Burgers identification at a loss of 5.6e-6, loss values scatter by about 5e-10
 * between neighbouring float32 weights, while the best decrease along the L-BFGS direction is
 * 7e-10, so the strong-Wolfe search rejects every trial). It brackets a zero of φ' (expanding
 * while φ' < 0, then secant steps) and accepts the first t with |φ'(t)| <= c2 |φ'(0)| (the strong
 * Wolfe curvature condition); a trial whose loss exceeds f + `slack` counts as too far, so the
 * loss cannot climb by more than its noise. Wilke, Kok, Snyman & Groenwold (2013) study such
 * gradient-only line searches for functions with step discontinuities. Gives t = 0 when no trial
 * had φ' < 0 within the slack, leaving the caller's stall handling to decide.
 *
 * @example
 * const ls = drive(gradientOnlySteps(x, 1, d, f0, g0, gtd0, 1e-4 * Math.abs(f0)), fn);
 * if (ls.t > 0) x = axpy(x, ls.t, d);
 */
export function* gradientOnlySteps(
  x: Float64Array,
  t: number,
  d: Float64Array,
  f: number,
  g: Float64Array,
  gtd: number,
  slack: number,
  c2 = 0.9,
  maxLs = 25,
): Evaluations<LineSearchResult> {
  // lo: the farthest trial known to lie on the descending side (φ' < 0, loss within the slack).
  let lo = { t: 0, f, g, gtd };
  let hi: { t: number; gtd: number } | null = null;
  let evaluations = 0;
  let lastBad: NonFiniteEvaluation | null = null;
  for (let iter = 0; iter < maxLs; iter++) {
    const e = yield axpy(x, t, d);
    evaluations++;
    const finite = Number.isFinite(e.f) && allFinite(e.g);
    if (!finite) lastBad = new NonFiniteEvaluation(Number.isFinite(e.f) ? 'gradient' : 'loss', e.f);
    const gtdNew = finite ? dot(e.g, d) : Infinity;
    if (!finite || e.f > f + slack) {
      hi = { t, gtd: Infinity };
    } else if (Math.abs(gtdNew) <= -c2 * gtd) {
      return { f: e.f, g: Float64Array.from(e.g), t, evaluations, nonFinite: null };
    } else if (gtdNew < 0) {
      lo = { t, f: e.f, g: Float64Array.from(e.g), gtd: gtdNew };
    } else {
      hi = { t, gtd: gtdNew };
    }
    if (hi === null) {
      t *= 4;
      continue;
    }
    const width = hi.t - lo.t;
    // Secant root of φ' between lo and hi, kept a tenth of the bracket away from its ends; bisection without a finite φ'(hi).
    const secant = Number.isFinite(hi.gtd) ? lo.t + (width * lo.gtd) / (lo.gtd - hi.gtd) : lo.t + width / 2;
    t = Math.min(Math.max(secant, lo.t + 0.1 * width), hi.t - 0.1 * width);
  }
  return { f: lo.f, g: lo.g, t: lo.t, evaluations, nonFinite: lo.t > 0 || lastBad === null ? null : lastBad };
}
