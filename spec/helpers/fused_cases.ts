// The fused jet kernel's cases, shared by the specs that compare one of its paths (SIMD loops, layer loops, the
// OpenBLAS kernels) with the tf ops it replaces: each computes with whatever switches the caller set.
import * as tf from '@tensorflow/tfjs';

import { ActivationName, MLP, partials } from '../../lib/index.js';

/** A network, the terms asked of it and the number of points. */
export interface FusedCase {
  sizes: number[];
  activation: ActivationName;
  terms: string[];
  outputs?: string[];
  n: number;
}

/** The case's terms and the weight gradients of a loss of all of them (distinct weights per term), seeded. */
export function valuesAndGrads(c: FusedCase): { values: Float32Array[]; grads: Float32Array[] } {
  const net = new MLP({ sizes: c.sizes, activation: c.activation, seed: 5 });
  const x = tf.randomUniform([c.n, 1], -1.5, 1.5, 'float32', 1) as tf.Tensor2D;
  const t = tf.randomUniform([c.n, 1], 0, 1, 'float32', 2) as tf.Tensor2D;
  const opts = c.outputs ? { outputs: c.outputs } : undefined;
  const loss = () => {
    const d = partials(net, { x, t }, c.terms, opts);
    // Distinct weights per term so that every term's gradient counts.
    return tf.addN(c.terms.map((term, i) => tf.sum(tf.mul(d[term], tf.sin(tf.mul(x, i + 1)))))) as tf.Scalar;
  };
  const values = tf.tidy(() => {
    const d = partials(net, { x, t }, c.terms, opts);
    return c.terms.map((term) => d[term].dataSync() as Float32Array);
  });
  const { value, grads } = tf.variableGrads(loss, net.variables);
  // A variable the terms do not depend on (the last bias, for derivatives only) has no gradient: zeros.
  const out = net.variables.map((v) => (grads[v.name]?.dataSync() as Float32Array | undefined) ?? new Float32Array(v.size));
  value.dispose();
  tf.dispose(Object.values(grads));
  net.dispose();
  x.dispose();
  t.dispose();
  return { values, grads: out };
}

/** d/dx and d/dt of a loss of u_x and u_tt of a small tanh network (the kernel interleaves the columns and splits d/dpoints back). */
export function inputGradients(): Float32Array[] {
  const net = new MLP({ sizes: [2, 7, 6, 1], activation: 'tanh', seed: 3 });
  const x = tf.randomUniform([23, 1], -1, 1, 'float32', 6) as tf.Tensor2D;
  const t = tf.randomUniform([23, 1], 0, 1, 'float32', 7) as tf.Tensor2D;
  const f = (xx: tf.Tensor, tt: tf.Tensor) => {
    const d = partials(net, { x: xx as tf.Tensor2D, t: tt as tf.Tensor2D }, ['u_x', 'u_tt']);
    return tf.add(tf.sum(tf.mul(d.u_x, tf.sin(xx))), tf.sum(d.u_tt)) as tf.Scalar;
  };
  const [gx, gt] = tf.grads(f)([x, t]);
  const out = [gx.dataSync() as Float32Array, gt.dataSync() as Float32Array];
  net.dispose();
  tf.dispose([x, t, gx, gt]);
  return out;
}

/** The largest difference of a from b, as a fraction of b's largest entry (at least 1e-3), over all arrays. */
export function maxRelative(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((arr, i) => {
    const scale = Math.max(1e-3, ...Array.from(b[i], Math.abs));
    arr.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b[i][j]) / scale)));
  });
  return worst;
}
