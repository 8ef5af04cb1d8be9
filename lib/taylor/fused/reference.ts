import * as tf from '@tensorflow/tfjs';

import { JetOps, TF_OPS } from '../ops.js';
import { Jet } from '../jet.js';
import { mlpJet, mlpJetOf } from '../pass.js';
import { Plan } from './plan.js';

/** The tf-op jet of the same plan: the differentiable reference the recorded gradient is built from. */
export function tfJet(plan: Plan, columns: tf.Tensor2D[], params: tf.Tensor[]): tf.Tensor[] {
  const points = columns.length === 1 ? columns[0] : tf.concat(columns, 1);
  const ops = TF_OPS as unknown as JetOps;
  const layers = { activation: plan.activation, weights: params.filter((_, i) => i % 2 === 0), biases: params.filter((_, i) => i % 2 === 1) };
  const k = plan.set.members.length;
  const n = plan.jetInput ? points.shape[0] / k : points.shape[0];
  // A stacked input jet [K*N, in] is coefficient j in rows j*N..(j+1)*N.
  const input = plan.jetInput ? new Jet(ops, plan.set, (alpha) => tf.slice(points, [plan.set.members.findIndex((m) => m.join() === alpha.join()) * n, 0], [n, points.shape[1]]) as never) : undefined;
  const jet = input !== undefined ? mlpJetOf(layers, input) : mlpJet(ops, layers, points, plan.directions, plan.set);
  return plan.requests.map((r) => {
    const c = jet.at(plan.set.members[r.k]);
    const out = params[params.length - 1].shape[0];
    if (c === null) return tf.zeros([n, r.column === undefined ? out : 1]);
    const picked = r.column === undefined ? (c as tf.Tensor) : tf.slice(c as tf.Tensor, [0, r.column], [c.shape[0], 1]);
    const scaled = r.factor === 1 ? picked : tf.mul(picked, r.factor);
    return scaled.shape[0] === n ? scaled : tf.broadcastTo(scaled, [n, scaled.shape[1] as number]);
  });
}
