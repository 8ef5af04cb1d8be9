import * as tf from '@tensorflow/tfjs';

import type { ActivationName, Network, NetworkAlgebra } from '../models/index.js';
import { Coefficient, Jet, product } from './jet.js';
import { IndexSet } from './multi_index.js';
import { JetOps, TF_OPS, Value } from './ops.js';
import { linear, pointsJet } from './pass.js';
import { TAYLOR_RULES } from './rules/index.js';
import { sinJet } from './rules/sin.js';
import { fusedJet, fusedJetCanRun } from './fused/fused_jet.js';

/** Coefficientwise a ± b, a known zero standing for zeros. */
function sumJet(a: Jet, b: Jet, sign: 1 | -1): Jet {
  const ops = a.ops;
  return new Jet(ops, a.set, (alpha) => {
    const [x, y] = [a.at(alpha), b.at(alpha)];
    if (y === null) return x;
    if (x === null) return sign === 1 ? y : ops.neg(y);
    return sign === 1 ? ops.add(x, y) : ops.sub(x, y);
  });
}

/**
 * A {@link NetworkAlgebra} over Taylor jets of tf tensors: running a {@link Network}'s pass in it gives the
 * jet of its output, differentiable in the weights (training through Taylor mode works). Each
 * operation maps the truncated series by its rule: a linear map per coefficient, the activation's
 * recurrence, Cauchy products for the gates.
 */
export function jetAlgebra(rows: number): NetworkAlgebra<Jet> {
  const ops = TF_OPS as unknown as JetOps;
  return {
    linear: (h, w, b) => linear(h, w as Value, b as Value | undefined),
    activate: (h, name: ActivationName) => TAYLOR_RULES[name](h),
    sin: (h) => sinJet(h),
    mul: (a, b) => product(a, b),
    add: (a, b) => sumJet(a, b, 1),
    sub: (a, b) => sumJet(a, b, -1),
    scale: (h, s) => new Jet(ops, h.set, (alpha) => {
      const c = h.at(alpha);
      return c === null ? null : ops.mul(c, s as Value);
    }),
    concat: (parts) =>
      new Jet(ops, parts[0].set, (alpha): Coefficient => {
        const cs = parts.map((p) => p.at(alpha));
        if (cs.every((c) => c === null)) return null;
        // Coefficients may be broadcast rows [1,w] (the input directions) or zeros: full rows to join them.
        const widths = parts.map((p) => p.value().shape[1]);
        const full = cs.map((c, i) => (c === null ? tf.zeros([rows, widths[i]]) : c.shape[0] === rows ? c : tf.broadcastTo(c as tf.Tensor, [rows, widths[i]])));
        return tf.concat(full as tf.Tensor2D[], 1) as unknown as Value;
      }),
  };
}

/**
 * The jet of a {@link Network}'s output over `set`, one jet variable per direction, with tf ops
 * (differentiable in weights and points; run inside a tf scope that owns the intermediates).
 */
export function networkJet(net: Network, points: tf.Tensor2D, directions: readonly (readonly number[])[], set: IndexSet): Jet {
  const input = pointsJet(TF_OPS as unknown as JetOps, points as unknown as Value, directions, set);
  return net.pass(jetAlgebra(points.shape[0]), input);
}

/**
 * A 'mlp' Network's requested derivatives by the fused jet kernel: the embedding's jet (if any) by tf ops, stacked
 * into one [K*N, width] input jet, then the dense chain in one kernel with its weights as the network applies them
 * (a factorised kernel's exp(s) V is formed by tf ops first, so its gradient reaches s and V). Undefined where the
 * fused kernel does not apply (other backends, activations without loops); the caller takes the tf-op jet then.
 */
export function fusedNetworkJet(net: Network, points: tf.Tensor2D, directions: readonly (readonly number[])[], set: IndexSet, requests: readonly { alpha: readonly number[]; column?: number }[]): tf.Tensor2D[] | undefined {
  if (net.options.architecture !== 'mlp' || !fusedJetCanRun()) return undefined;
  const n = points.shape[0];
  const ops = TF_OPS as unknown as JetOps;
  const input = pointsJet(ops, points as unknown as Value, directions, set);
  const embedded = net.embedding === null ? input : net.embedding.apply(jetAlgebra(n), input);
  const width = net.embedding?.width ?? net.inputNames.length;
  const blocks = set.members.map((alpha) => {
    const c = embedded.at(alpha) as tf.Tensor2D | null;
    if (c === null) return tf.zeros([n, width]) as tf.Tensor2D;
    return c.shape[0] === n ? c : (tf.broadcastTo(c, [n, width]) as tf.Tensor2D);
  });
  const stacked = blocks.length === 1 ? blocks[0] : (tf.concat(blocks, 0) as tf.Tensor2D);
  const names = [...net.options.hidden.map((_, i) => `hidden.${i}`), 'output'];
  const dense = names.map((name) => net.layers.get(name)!);
  const trunk = { activation: net.options.activation, sizes: [width, ...net.options.hidden, net.outputWidth], weights: dense.map((d) => d.kernel()), biases: dense.map((d) => d.bias!) };
  return fusedJet(trunk, [stacked], [], set, requests, true);
}
