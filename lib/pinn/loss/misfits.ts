import * as tf from '@tensorflow/tfjs';

import { PointwiseModel } from '../../derivatives/index.js';
import { boundaryNormals } from '../../geometry/sample.js';
import { NORMAL_PREFIX } from '../batch.js';
import { problemGeometry } from '../problem/geometry.js';
import { Columns, Condition, Problem, Value } from '../types.js';
import { SolutionFn, solutionOf, solutionTerms } from './solution.js';

function evaluate(u: SolutionFn, p: Columns): tf.Tensor2D {
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
