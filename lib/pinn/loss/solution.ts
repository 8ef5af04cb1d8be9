import * as tf from '@tensorflow/tfjs';

import { PointwiseFn, PointwiseModel, partials } from '../../derivatives/index.js';
// The trainer's terms come from partials: importing Taylor mode here gives it to every route to the loss
// (the Trainer, the Node job, a deep import), not only to importers of lib/index.ts (a side effect by design).
import '../../taylor/index.js';
import { Columns, Problem } from '../types.js';
import { affineTerms } from './leibniz.js';

/** What the network computes: u(columns) -> [N, outputs]. */
export type SolutionFn = PointwiseFn | PointwiseModel;

/**
 * u as a function of named columns: the network itself when the problem has
 * no output transform (so `partials` can use Taylor mode on it), else the transform of its output.
 *
 * @example
 * const u = solutionOf(problem, net);
 * partials(u, {x, t}, ['u', 'u_x']);
 */
export function solutionOf(problem: Problem, net: PointwiseModel): SolutionFn {
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
