import * as tf from '@tensorflow/tfjs';

import { solutionOf, solutionTerms } from '../loss/solution.js';
import { conditionName } from '../problem/names.js';
import { Solution } from '../solution.js';
import { Columns, Condition, Interval, OutputTransform, Problem, Value } from '../types.js';
import { Handoff, windowImposed } from './options.js';

const WHERE = "Option 'options.marching' passed to 'MarchingTrainer'";

/**
 * Throws, naming the problem and what to do, unless time marching can cut `problem` into time windows:
 * it needs a `time` input, a box `domain`, an `initial` condition stated as a loss term (a transform
 * cannot move it to a window's start), no trainable `parameters` or `data` conditions (each window trains
 * on its own), and no condition tied to the time input's faces or to the whole 'boundary'.
 *
 * @example
 * With `handoff` 'imposed' (see {@link MarchingOptions.handoff}) the problem's output transform, if any, may
 * impose its initial value and nothing else (the first window trains with it; the later windows' own
 * transforms take its place).
 *
 * @example
 * checkMarchingProblem(heatProblem()); // fine: soft initial and boundary conditions
 * checkMarchingProblem(burgersProblem()); // throws: the initial condition is imposed by the transform
 */
export function checkMarchingProblem(problem: Problem, handoff: Handoff = 'loss'): void {
  const name = problem.name;
  const t = problem.time;
  if (t === undefined) throw new Error(`${WHERE} cuts the time input into windows, but problem '${name}' has none (problem.time is not set); train it without options.marching.`);
  if (problem.domain === undefined) {
    throw new Error(`${WHERE} cuts the time interval of a box domain into windows, but problem '${name}' is stated on a geometry (${problem.geometry?.kind}); state it with 'domain', or train it without options.marching.`);
  }
  const [t0] = problem.domain[t];
  if (handoff !== 'loss' && problem.conditions.some((c) => c.kind === 'initialVelocity')) {
    // u_prev_t inside the transform would be a derivative taken inside the derivatives of the transform, which
    // the tape does not support (measured: the nested partials fails).
    throw new Error(
      `Option 'options.marching.handoff' passed to 'MarchingTrainer' is '${handoff}', which hands over u but not u_t, and problem '${name}' has an initial velocity (kind 'initialVelocity'); use handoff 'loss'.`,
    );
  }
  // With handoff 'imposed' the first window may impose the initial value by the problem's transform (the later
  // windows' transforms impose theirs); a transform that imposes anything else would be lost after window 0.
  const imposesOnlyInitial = problem.conditions.some((c) => c.kind === 'initial' && c.imposed) && problem.conditions.every((c) => !c.imposed || c.kind === 'initial');
  if (handoff === 'imposed' && problem.transform !== undefined && !imposesOnlyInitial) {
    throw new Error(
      `Option 'options.marching.handoff' passed to 'MarchingTrainer' is 'imposed', which gives each later window the output transform u = u_prev + s(${t}) N, ` +
        `but problem '${name}' has an output transform of its own that does more than impose the initial value, which it would replace after the first window; ` +
        `state its other conditions as loss terms, or use handoff 'loss'.`,
    );
  }
  if (handoff === 'imposed-later' && problem.transform !== undefined) {
    // The first window fits u0 as a loss term, so the problem's transform may not impose it; one that imposes anything else would be lost after it.
    throw new Error(
      `Option 'options.marching.handoff' passed to 'MarchingTrainer' is 'imposed-later', which fits the initial value as a loss term in the first window and gives each later window ` +
        `the output transform u = u_prev + s(${t}) N, but problem '${name}' has an output transform of its own, which that would replace; ` +
        `state its conditions as loss terms, or use handoff 'imposed' (a transform imposing the initial value alone) or 'loss'.`,
    );
  }
  if (!problem.conditions.some((c) => c.kind === 'initial')) {
    throw new Error(`${WHERE} takes each window's initial condition from the previous window's solution, but problem '${name}' has no 'initial' condition to replace.`);
  }
  const parameters = Object.keys(problem.parameters ?? {});
  if (parameters.length > 0) {
    throw new Error(`${WHERE} trains each window on its own, so problem '${name}''s trainable parameters [${parameters.join(', ')}] would get one value per window; train it without options.marching.`);
  }
  problem.conditions.forEach((c, i) => {
    const at = `conditions[${i}] (${conditionName(problem, c, i)})`;
    if ((c.kind === 'initial' || c.kind === 'initialVelocity') && c.imposed && !(handoff === 'imposed' && imposesOnlyInitial)) {
      throw new Error(
        `${WHERE} moves the initial condition to each window's start, but problem '${name}' imposes ${at} by its output transform, which holds it at ${t} = ${t0} only ` +
          `and cannot be moved. State it as a loss term: drop 'imposed: true' from the condition and the factor of transform.scale that vanishes at ${t} = ${t0} ` +
          `(keep the rest, e.g. the boundary factor); or, if the transform imposes the initial value and nothing else, use options.marching.handoff 'imposed'; or train without options.marching.`,
      );
    }
    if (c.kind === 'data') throw new Error(`${WHERE} trains each window on its own, but problem '${name}' has observed data in ${at}, which time marching does not split between windows; train it without options.marching.`);
    if (c.kind === 'periodic' && c.input === t) throw new Error(`${WHERE} cuts the time input ${t} into windows, but problem '${name}''s ${at} is periodic in ${t}; train it without options.marching.`);
    if ((c.kind === 'dirichlet' || c.kind === 'neumann' || c.kind === 'robin' || c.kind === 'operator') && typeof c.on !== 'function') {
      const parts = Array.isArray(c.on) ? c.on : [c.on];
      const bad = parts.find((p) => p === 'boundary' || p === `${t}-min` || p === `${t}-max`);
      if (bad !== undefined) {
        throw new Error(
          `${WHERE} gives every window its own ${t}-faces, but problem '${name}''s ${at} is on '${bad}', which would then mean each window's faces: ` +
            `name the faces of the other inputs (e.g. ${problem.inputs.filter((v) => v !== t).map((v) => `'${v}-min', '${v}-max'`).join(', ') || 'none'}), state an initial value with kind 'initial', or train without options.marching.`,
        );
      }
    }
  });
}

/**
 * The window edges t_0 < t_1 < ... < t_W: `windows` equal windows over the problem's time interval
 * (the last edge is the interval's end exactly).
 *
 * @example
 * windowEdges(heatProblem(), 4); // [0, 0.25, 0.5, 0.75, 1]
 */
export function windowEdges(problem: Problem, windows: number): number[] {
  const iv = problem.time === undefined ? undefined : problem.domain?.[problem.time];
  if (iv === undefined) throw new Error(`Argument 'problem' passed to 'windowEdges' must have a time input on a box domain, but problem '${problem.name}' has ${problem.time === undefined ? 'no time input' : 'no box domain'}.`);
  if (!Number.isInteger(windows) || windows < 1) throw new Error(`Argument 'windows' passed to 'windowEdges' must be an integer >= 1, but got ${windows}.`);
  const [lo, hi] = iv;
  return Array.from({ length: windows + 1 }, (_, k) => (k === windows ? hi : lo + ((hi - lo) * k) / windows));
}

/**
 * The window holding time `t`: k with edges[k] <= t < edges[k + 1], so an edge belongs to the later window;
 * the last window also holds its end and anything later, the first anything earlier (and NaN).
 *
 * @example
 * windowOf([0, 0.5, 1], 0.5); // 1: the edge belongs to the later window
 * windowOf([0, 0.5, 1], 1); // 1: the last window holds its end
 */
export function windowOf(edges: readonly number[], t: number): number {
  for (let k = edges.length - 2; k > 0; k--) if (t >= edges[k]) return k;
  return 0;
}

/**
 * The problem window k trains: the time interval [edges[k], edges[k + 1]], the initial conditions (and
 * initial velocities) replaced, from the second window on, by `previous`'s u (and u_t) at t = edges[k];
 * conditions selecting points by a predicate no longer see the windows' inner time faces. Where `handoff`
 * makes window k start imposed (every window with 'imposed', the later ones with 'imposed-later'), its
 * initial condition is imposed by the window's output transform (see
 * handoffTransform), the first window's by the problem's own transform if it has one (it then imposes the
 * initial value alone). The rest (residual, exact solution, name and constants) is the problem's own.
 *
 * @example
 * const p1 = windowProblem(heatProblem(), [0, 0.5, 1], 1, window0Solution);
 * p1.domain.t; // [0.5, 1]; its initial condition is window 0's u at t = 0.5
 */
export function windowProblem(problem: Problem, edges: readonly number[], k: number, previous: Solution | null, handoff: Handoff = 'loss'): Problem {
  const t = problem.time!;
  const windows = edges.length - 1;
  const [lo, hi] = [edges[k], edges[k + 1]];
  const inner = (v: number) => (k > 0 && v === lo) || (k < windows - 1 && v === hi);
  const conditions = problem.conditions.map((c): Condition => {
    if ((c.kind === 'dirichlet' || c.kind === 'neumann' || c.kind === 'robin' || c.kind === 'operator') && typeof c.on === 'function') {
      const on = c.on;
      return { ...c, on: (point) => !inner(point[t]) && on(point) };
    }
    if (previous === null) return c;
    if (c.kind === 'initial') return { ...c, value: previousValue(previous, c.output ?? problem.outputs[0]) };
    if (c.kind === 'initialVelocity') return { ...c, value: previousValue(previous, `${c.output ?? problem.outputs[0]}_${t}`) };
    return c;
  });
  const domain = { ...problem.domain, [t]: [lo, hi] as Interval };
  const title = `${problem.title} (window ${k + 1} of ${windows}: ${t} in [${lo}, ${hi}])`;
  // The first window keeps a transform of the problem's own (checkMarchingProblem let it through: it imposes the initial value alone).
  if (!windowImposed(handoff, k) || (previous === null && problem.transform !== undefined)) return { ...problem, title, domain, conditions };
  const imposed = conditions.map((c): Condition => (c.kind === 'initial' || c.kind === 'initialVelocity' ? { ...c, imposed: true } : c));
  return { ...problem, title, domain, conditions: imposed, transform: handoffTransform(problem, lo, hi, previous) };
}

/**
 * The problem a finished window's solution predicts with: if the window starts imposed (see windowImposed), its
 * window problem (whose transform reads `previous`, the window before, or the problem's initial value); otherwise
 * the problem itself.
 *
 * @example
 * pieceProblem(problem, edges, 0, null, 'loss'); // problem
 * pieceProblem(problem, edges, 2, window1, 'imposed').transform; // u = window 1's u at t_2 + s N
 */
export function pieceProblem(problem: Problem, edges: readonly number[], k: number, previous: Solution | null, handoff: Handoff): Problem {
  return windowImposed(handoff, k) ? windowProblem(problem, edges, k, previous, handoff) : problem;
}

/**
 * The output transform of a window [lo, hi] that starts exactly at its initial value: `previous`'s u at
 * t = lo, or with `previous` null the problem's own initial value. For an output with an initial condition,
 * u = u_start(x) + s N with s = (t - lo) / (hi - lo); an output without one is N itself. u_start is read at
 * t = lo whatever the point's t, so the value does not depend on t. (Problems with an initial velocity are
 * refused by checkMarchingProblem: u_prev_t inside the transform would be a derivative inside derivatives.)
 *
 * @example
 * const { value, scale } = handoffTransform(heatProblem(), 0.5, 1, window0Solution);
 * // value(p): window 0's u at (p.x, 0.5); scale(p): (p.t - 0.5) / 0.5
 */
export function handoffTransform(problem: Problem, lo: number, hi: number, previous: Solution | null): OutputTransform {
  const t = problem.time!;
  const start = (p: Columns): Columns => ({ ...p, [t]: tf.add(tf.mul(p[t], 0), lo) as tf.Tensor2D });
  const starts = problem.outputs.map((output) => {
    const initial = problem.conditions.find((c) => c.kind === 'initial' && (c.output ?? problem.outputs[0]) === output);
    if (initial === undefined || initial.kind !== 'initial') return undefined;
    return valueFunction(previous === null ? initial.value : previousValue(previous, output));
  });
  const columns = (parts: tf.Tensor[]) => (parts.length === 1 ? parts[0] : tf.concat(parts, 1));
  return {
    value: (p) => tf.tidy(() => columns(starts.map((u) => (u === undefined ? tf.zerosLike(p[t]) : u(start(p)))))),
    scale: (p) =>
      tf.tidy(() => {
        const s = tf.div(tf.sub(p[t], lo), hi - lo);
        return columns(starts.map((u) => (u === undefined ? tf.onesLike(s) : s)));
      }),
  };
}

/** A condition value as a function of the points alone (a number becomes a constant column). */
function valueFunction(v: Value): (p: Columns) => tf.Tensor {
  return typeof v === 'number' ? (p) => tf.fill([Object.values(p)[0].shape[0], 1], v) : (p) => v(p, {});
}

/** A condition value: the previous window's output (u) or partials term (u_t) at the points, [N,1]. */
function previousValue(previous: Solution, term: string): Value {
  const { problem, net } = previous;
  const inputs = (p: Columns): Columns => Object.fromEntries(problem.inputs.map((v) => [v, p[v]]));
  if (problem.outputs.includes(term)) {
    const j = problem.outputs.indexOf(term);
    const u = solutionOf(problem, net);
    return (p) => {
      const y = (typeof u === 'function' ? u(inputs(p)) : u.forward(inputs(p))) as tf.Tensor2D;
      return problem.outputs.length === 1 ? y : tf.slice(y, [0, j], [y.shape[0], 1]);
    };
  }
  return (p) => solutionTerms(problem, net, inputs(p), [term])[term];
}
