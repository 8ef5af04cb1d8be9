import * as tf from '@tensorflow/tfjs';

import { PointwiseModel } from '../../derivatives/index.js';
import { Columns, Problem } from '../types.js';
import { solutionTerms } from './solution.js';

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
