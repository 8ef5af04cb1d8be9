import * as tf from '@tensorflow/tfjs';

// Importing the library applies its gradient repair, without which stock
// tfjs cannot take a second derivative through tanh or sigmoid.
import type { Inputs, PointwiseModel } from '../lib/index.js';
import '../lib/index.js';

/**
 * The in-house baseline: each term by nested `tf.grad`, one forward pass per
 * term and nothing shared between terms, as one would write it without the
 * library's planner. Terms are 'u', 'u_x', 'u_xt', ... for a one-output model.
 *
 * @example
 * const d = naivePartials(net, { x, t }, ['u', 'u_x', 'u_xx']);
 * d.u_xx; // [N,1]
 */
export function naivePartials(net: PointwiseModel, inputs: Inputs, terms: readonly string[]): Record<string, tf.Tensor2D> {
  const result: Record<string, tf.Tensor2D> = {};
  for (const term of terms) result[term] = naiveTerm(net, inputs, term);
  return result;
}

/** One term by nested tf.grad: d/dv_k ... d/dv_1 of sum(u). */
function naiveTerm(net: PointwiseModel, inputs: Inputs, term: string): tf.Tensor2D {
  const cut = term.indexOf('_');
  if (term.slice(0, cut < 0 ? undefined : cut) !== 'u') {
    throw new Error(`Term '${term}' passed to 'naivePartials' must name output 'u', like 'u' or 'u_xt'.`);
  }
  const vars = cut < 0 ? '' : term.slice(cut + 1);
  let f = (cols: Inputs): tf.Tensor => net.forward(cols);
  for (const v of vars) {
    if (!(v in inputs)) throw new Error(`Term '${term}' passed to 'naivePartials' differentiates by '${v}', but the inputs are [${Object.keys(inputs).join(', ')}].`);
    const inner = f;
    // tf.grad of a non-scalar seeds with ones: the gradient of the sum, exact for pointwise u.
    f = (cols) => tf.grad((c: tf.Tensor) => inner({ ...cols, [v]: c as tf.Tensor2D }))(cols[v]);
  }
  return f(inputs) as tf.Tensor2D;
}
