import * as tf from '@tensorflow/tfjs';

import { JetOps, TF_OPS } from '../ops.js';
import { mlpJet } from '../pass.js';
import { Plan } from './plan.js';

/** The tf-op jet of the same plan: the differentiable reference the recorded gradient is built from. */
export function tfJet(plan: Plan, columns: tf.Tensor2D[], params: tf.Tensor[]): tf.Tensor[] {
  const points = columns.length === 1 ? columns[0] : tf.concat(columns, 1);
  const ops = TF_OPS as unknown as JetOps;
  const layers = { activation: plan.activation, weights: params.filter((_, i) => i % 2 === 0), biases: params.filter((_, i) => i % 2 === 1) };
  const jet = mlpJet(ops, layers, points, plan.directions, plan.set);
  const n = points.shape[0];
  return plan.requests.map((r) => {
    const c = jet.at(plan.set.members[r.k]);
    const out = params[params.length - 1].shape[0];
    if (c === null) return tf.zeros([n, r.column === undefined ? out : 1]);
    const picked = r.column === undefined ? (c as tf.Tensor) : tf.slice(c as tf.Tensor, [0, r.column], [c.shape[0], 1]);
    const scaled = r.factor === 1 ? picked : tf.mul(picked, r.factor);
    return scaled.shape[0] === n ? scaled : tf.broadcastTo(scaled, [n, scaled.shape[1] as number]);
  });
}
