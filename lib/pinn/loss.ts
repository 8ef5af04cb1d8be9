import * as tf from '@tensorflow/tfjs';

import { PointwiseFn, PointwiseModel, partials } from '../derivatives/index.js';
import { NORMAL_PREFIX, TensorBatch } from './batch.js';
import { boundaryNormals } from '../geometry/sample.js';
import { conditionName, problemGeometry } from './domain.js';
import { affineTerms } from './leibniz.js';
import { Columns, Condition, Problem, Value } from './types.js';

/** Weights of the loss terms: the residual(s), and any condition by its name (see conditionName). */
export interface LossWeights {
  /** Weight of each residual's mean square (one number for all, or one per residual). @default 1 */
  residual?: number | number[];
  /** Weight per condition name, e.g. {'initial': 10}; a condition's own `weight` wins. */
  conditions?: Record<string, number>;
}

/** What the network computes: u(columns) -> [N, outputs]. */
export type Solution = PointwiseFn | PointwiseModel;

/**
 * u as a function of named columns: the network itself when the problem has
 * no output transform (so `partials` can use Taylor mode on it), else the transform of its output.
 *
 * @example
 * const u = solutionOf(problem, net);
 * partials(u, {x, t}, ['u', 'u_x']);
 */
export function solutionOf(problem: Problem, net: PointwiseModel): Solution {
  const transform = problem.transform;
  if (transform === undefined) return net;
  // One function per (network, transform): partials probes a function it has not seen once, to see whether it
  // is a library MLP's forward; a fresh closure every loss evaluation would cost an extra forward pass per step.
  let byTransform = SOLUTIONS.get(net);
  if (byTransform === undefined) SOLUTIONS.set(net, (byTransform = new WeakMap()));
  let u = byTransform.get(transform);
  if (u === undefined) {
    u =
      typeof transform === 'function'
        ? (p: Columns) => transform(net.forward(p) as tf.Tensor2D, p)
        : (p: Columns) => tf.add(transform.value(p), tf.mul(transform.scale(p), net.forward(p))) as tf.Tensor2D;
    byTransform.set(transform, u);
  }
  return u;
}

const SOLUTIONS = new WeakMap<PointwiseModel, WeakMap<object, PointwiseFn>>();

/**
 * The requested `partials` terms of the solution: through the Leibniz rule
 * for an affine output transform (Taylor mode on the network), else straight
 * `partials` of the solution.
 *
 * @example
 * const d = solutionTerms(problem, net, {x, t}, ['u', 'u_xx']);
 */
export function solutionTerms(problem: Problem, net: PointwiseModel, p: Columns, terms: readonly string[]): Record<string, tf.Tensor2D> {
  const transform = problem.transform;
  if (transform !== undefined && typeof transform !== 'function') {
    return affineTerms(net, transform.value, transform.scale, p, terms, problem.outputs);
  }
  return partials(solutionOf(problem, net), p, terms, { outputs: problem.outputs });
}

function evaluate(u: Solution, p: Columns): tf.Tensor2D {
  return (typeof u === 'function' ? u(p) : u.forward(p)) as tf.Tensor2D;
}

function column(y: tf.Tensor2D, problem: Problem, output: string | undefined): tf.Tensor2D {
  const k = problem.outputs.indexOf(output ?? problem.outputs[0]);
  return y.shape[1] === 1 ? y : (tf.slice(y, [0, k], [y.shape[0], 1]) as tf.Tensor2D);
}

function valueAt(v: Value, p: Columns, normals: Columns, n: number, what = 'value'): tf.Tensor2D | number {
  if (typeof v === 'number') return v;
  const out = v(p, normals);
  if (!(out instanceof tf.Tensor) || out.rank !== 2 || out.shape[0] !== n || out.shape[1] !== 1) {
    throw new Error(`A condition's ${what} function must return [N,1] with N = ${n}, but returned ${out instanceof tf.Tensor ? `[${out.shape}]` : typeof out}.`);
  }
  return out as tf.Tensor2D;
}

// Normals computed from the geometry for point sets that came without them (sets made by hand, older checkpoints).
const derivedNormals = new WeakMap<tf.Tensor, Record<string, Float32Array>>();

/**
 * A condition point set split into the input columns and the outward normals
 * ('n:x' -> x); boundary points without normal columns get the geometry's
 * normals there (see boundaryNormals).
 */
function splitNormals(problem: Problem, p: Columns, needNormals = true): { x: Columns; normals: Columns } {
  const x: Columns = {};
  const normals: Columns = {};
  for (const [k, t] of Object.entries(p)) {
    if (k.startsWith(NORMAL_PREFIX)) normals[k.slice(NORMAL_PREFIX.length)] = t;
    else if (problem.inputs.includes(k)) x[k] = t;
  }
  if (needNormals && Object.keys(normals).length === 0) {
    const key = x[problem.inputs[0]];
    let nrm = derivedNormals.get(key);
    if (nrm === undefined) {
      const points = Object.fromEntries(problem.inputs.map((v) => [v, Float64Array.from(x[v].dataSync())]));
      const computed = boundaryNormals(problemGeometry(problem), points);
      nrm = Object.fromEntries(problem.inputs.map((v) => [v, Float32Array.from(computed[v])]));
      derivedNormals.set(key, nrm);
    }
    for (const v of problem.inputs) normals[v] = tf.tensor2d(nrm[v], [nrm[v].length, 1]);
  }
  return { x, normals };
}

// Whether a normal column is zero throughout, read once per batch tensor: a box face then needs one derivative, not d.
const zeroColumns = new WeakMap<tf.Tensor, boolean>();
function isZero(t: tf.Tensor): boolean {
  let z = zeroColumns.get(t);
  if (z === undefined) {
    z = (t.dataSync() as Float32Array).every((v) => v === 0);
    zeroColumns.set(t, z);
  }
  return z;
}

/** The inputs along which the normal has a nonzero component on this set. */
function normalInputs(problem: Problem, normals: Columns, kind: string): string[] {
  const present = problem.inputs.filter((v) => normals[v] !== undefined);
  if (present.length === 0) throw new Error(`Problem '${problem.name}': a '${kind}' condition needs outward normals at its points, and these have none.`);
  return present.filter((v) => !isZero(normals[v]));
}

/** n · ∇u from the given terms (those named `${out}_${v}`). */
function normalDerivative(d: Record<string, tf.Tensor2D>, out: string, along: string[], normals: Columns, n: number): tf.Tensor2D {
  if (along.length === 0) return tf.zeros([n, 1]);
  return tf.addN(along.map((v) => tf.mul(d[`${out}_${v}`], normals[v]))) as tf.Tensor2D;
}

/**
 * The misfit columns ([N,1] each) of one condition on its points.
 *
 * @example
 * const [lo, hi] = conditionMisfits(problem, { kind: 'neumann', on: ['x-min', 'x-max'], value: 0 }, net, sets);
 * lo; // n · ∇u - 0 = -u_x at x-min, [N,1]
 */
export function conditionMisfits(problem: Problem, c: Condition, net: PointwiseModel, sets: Columns[]): tf.Tensor2D[] {
  const out = c.output ?? problem.outputs[0];
  const u = solutionOf(problem, net);
  const terms = (p: Columns, names: string[]) => solutionTerms(problem, net, p, names);
  const n = (p: Columns) => p[problem.inputs[0]].shape[0];
  switch (c.kind) {
    case 'dirichlet':
    case 'initial':
      return sets.map((s) => {
        const { x, normals } = splitNormals(problem, s, false);
        return tf.sub(column(evaluate(u, x), problem, out), valueAt(c.value, x, normals, n(x)));
      });
    case 'data': {
      const p = splitNormals(problem, sets[0], false).x;
      return [tf.sub(column(evaluate(u, p), problem, out), tf.tensor2d(c.values, [c.values.length, 1]))];
    }
    case 'neumann':
    case 'robin':
      return sets.map((s) => {
        const { x, normals } = splitNormals(problem, s);
        const along = normalInputs(problem, normals, c.kind);
        const names = [...(c.kind === 'robin' ? [out] : []), ...along.map((v) => `${out}_${v}`)];
        const d = names.length > 0 ? terms(x, names) : {};
        const dn = normalDerivative(d, out, along, normals, n(x));
        const g = valueAt(c.value, x, normals, n(x));
        if (c.kind === 'neumann') return tf.sub(dn, g);
        const uu = d[out];
        return tf.sub(tf.add(tf.mul(valueAt(c.a, x, normals, n(x), 'a'), uu), tf.mul(valueAt(c.b, x, normals, n(x), 'b'), dn)), g);
      });
    case 'operator':
      return sets.map((s) => {
        const { x, normals } = splitNormals(problem, s);
        const r = c.residual(terms(x, c.terms), x, normals);
        if (!(r instanceof tf.Tensor) || r.rank !== 2 || r.shape[0] !== n(x) || r.shape[1] !== 1) {
          throw new Error(`Problem '${problem.name}': an operator condition's residual must return [N,1] with N = ${n(x)}, but returned ${r instanceof tf.Tensor ? `[${r.shape}]` : typeof r}.`);
        }
        return r as tf.Tensor2D;
      });
    case 'initialVelocity': {
      const { x, normals } = splitNormals(problem, sets[0], false);
      const term = `${out}_${problem.time}`;
      return [tf.sub(terms(x, [term])[term], valueAt(c.value, x, normals, n(x)))];
    }
    case 'periodic': {
      const names = [out, ...Array.from({ length: c.derivatives ?? 0 }, (_, k) => `${out}_${c.input.repeat(k + 1)}`)];
      const lo = terms(splitNormals(problem, sets[0], false).x, names);
      const hi = terms(splitNormals(problem, sets[1], false).x, names);
      return names.map((t) => tf.sub(lo[t], hi[t]));
    }
  }
}

/**
 * The residual columns of the PDE at the interior points; `k` holds the
 * trainable parameters' values the residual receives.
 *
 * @example
 * const [r] = residuals(burgers.problem(), net, { x, t });
 * tf.mean(tf.square(r)); // the residual loss
 */
export function residuals(problem: Problem, net: PointwiseModel, p: Columns, k: Record<string, tf.Scalar> = {}): tf.Tensor2D[] {
  const d = solutionTerms(problem, net, p, problem.terms);
  const r = problem.residual(strictTerms(problem, d), p, k);
  const rs = Array.isArray(r) ? r : [r];
  const n = p[problem.inputs[0]].shape[0];
  rs.forEach((x, i) => {
    if (!(x instanceof tf.Tensor) || x.rank !== 2 || x.shape[0] !== n || x.shape[1] !== 1) {
      throw new Error(`Problem '${problem.name}': residual ${i} must be [N,1] with N = ${n}, but is ${x instanceof tf.Tensor ? `[${x.shape}]` : typeof x}.`);
    }
  });
  return rs as tf.Tensor2D[];
}

/**
 * The terms record as the residual sees it: reading a term that is not in
 * `problem.terms` throws, naming it, instead of handing tfjs an undefined.
 *
 * @example
 * strictTerms(problem, d).u_xx; // the term
 * strictTerms(problem, d).u_x; // throws: not in problem.terms
 */
export function strictTerms(problem: Problem, d: Record<string, tf.Tensor2D>): Record<string, tf.Tensor2D> {
  return new Proxy(d, {
    get(target, key, receiver) {
      if (typeof key === 'string' && !(key in target) && /^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)?$/.test(key) && problem.outputs.includes(key.split('_')[0])) {
        throw new Error(`Problem '${problem.name}': the residual reads d.${key}, which is not in problem.terms [${problem.terms.join(', ')}]; add '${key}' to terms.`);
      }
      return Reflect.get(target, key, receiver);
    },
  });
}

/** The loss and its named parts (each already weighted). */
export interface LossParts {
  total: tf.Scalar;
  parts: Record<string, tf.Scalar>;
}

/**
 * A part of the points (one worker's shard): per loss term, the fraction (its points / all points) by
 * which that term's MEAN is scaled, so that the parts' losses sum to the whole one.
 */
export interface LossShare {
  /** The interior points' fraction (scales every residual part). */
  residual: number;
  /** Per condition, its points' fraction over all its point sets (0: this part has none of them; the term is 0). */
  conditions: number[];
  /** Per condition, the first row of this part in each of its point sets (a data condition's values are cut alike). */
  offsets: number[][];
}

/**
 * Loss = sum of weighted mean squared residuals and condition misfits.
 * Conditions marked `imposed` (satisfied by the output transform) are left out;
 * `k` holds the trainable parameters' values, passed to the residual.
 * With `share` (one part of the points, see {@link LossShare}) every MEAN is scaled by that part's fraction of
 * its term's points, and a term with no points in the part is 0: the parts' losses sum to the whole batch's.
 *
 * @example
 * const { total, parts } = tf.tidy(() => lossParts(problem, net, batch, {residual: 1}));
 * parts['initial'].print();
 */
export function lossParts(problem: Problem, net: PointwiseModel, batch: TensorBatch, weights: LossWeights = {}, k: Record<string, tf.Scalar> = {}, share?: LossShare): LossParts {
  const parts: Record<string, tf.Scalar> = {};
  const rs = residuals(problem, net, batch.interior, k);
  if (Array.isArray(weights.residual) && weights.residual.length !== rs.length) {
    throw new Error(`Option 'options.weights.residual' gives ${weights.residual.length} weights, but problem '${problem.name}' has ${rs.length} residual${rs.length === 1 ? '' : 's'}: give one weight per residual, or one number for all.`);
  }
  rs.forEach((r, i) => {
    const w = Array.isArray(weights.residual) ? (weights.residual[i] ?? 1) : (weights.residual ?? 1);
    const name = problem.residualNames?.[i] !== undefined ? `residual:${problem.residualNames[i]}` : rs.length === 1 ? 'residual' : `residual${i}`;
    parts[name] = tf.mul(tf.mean(tf.square(r)), w * (share?.residual ?? 1)) as tf.Scalar;
  });
  problem.conditions.forEach((c, i) => {
    if (c.imposed) return;
    let name = conditionName(problem, c, i);
    const w = c.weight ?? weights.conditions?.[name] ?? 1;
    // Two conditions with the same name (e.g. two operator conditions on one part) keep separate parts.
    if (name in parts) name = `${name}#${i}`;
    let sets = batch.conditions[i];
    let own = c;
    if (share !== undefined) {
      const rows = (set: (typeof sets)[number]) => set[problem.inputs[0]].shape[0];
      if (share.conditions[i] === 0 || sets.every((set) => rows(set) === 0)) {
        parts[name] = tf.scalar(0);
        return;
      }
      // A data condition's observed values belong to its points: this share's rows of them. A periodic
      // condition's two faces are cut alike (both empty or neither); other kinds' point sets stand alone.
      if (c.kind === 'data') own = { ...c, values: c.values.slice(share.offsets[i][0], share.offsets[i][0] + rows(sets[0])) };
      if (c.kind !== 'periodic') sets = sets.filter((set) => rows(set) > 0);
    }
    const misfits = conditionMisfits(problem, own, net, sets);
    const all = misfits.length === 1 ? misfits[0] : tf.concat(misfits, 0);
    parts[name] = tf.mul(tf.mean(tf.square(all)), w * (share?.conditions[i] ?? 1)) as tf.Scalar;
  });
  const total = tf.addN(Object.values(parts)) as tf.Scalar;
  return { total, parts };
}
