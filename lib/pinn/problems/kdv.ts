import * as tf from '@tensorflow/tfjs';

import { kdvSoliton } from '../exact/kdv.js';
import { Columns, Problem } from '../types.js';
import { ProblemModule } from './module.js';

/**
 * Korteweg-de Vries u_t + 6 u u_x + u_xxx = 0 (third order), one soliton of
 * speed c = 4 starting at x0 = -1, on x ∈ [-3, 3], t ∈ [0, 0.5]. The initial
 * value is imposed by u = u0(x) + t N(x, t); the soliton's values at x = ±3
 * are soft Dirichlet conditions.
 *
 * @example
 * const trainer = new Trainer(kdv.problem(), kdv.defaults);
 * await trainer.run();
 */
export function kdvProblem(c = 4, x0 = -1): Problem {
  const soliton = (p: Columns) => {
    const s = tf.div(1, tf.cosh(tf.mul(tf.sub(tf.sub(p.x, tf.mul(p.t, c)), x0), Math.sqrt(c) / 2)));
    return tf.mul(tf.square(s), c / 2) as tf.Tensor2D;
  };
  return {
    name: 'kdv',
    title: 'KdV u_t + 6 u u_x + u_xxx = 0, one soliton (third order)',
    inputs: ['x', 't'],
    outputs: ['u'],
    domain: { x: [-3, 3], t: [0, 0.5] },
    time: 't',
    terms: ['u', 'u_t', 'u_x', 'u_xxx'],
    residual: (d) => tf.add(tf.add(d.u_t, tf.mul(tf.mul(d.u, d.u_x), 6)), d.u_xxx) as tf.Tensor2D,
    conditions: [
      { kind: 'initial', value: soliton, imposed: true },
      { kind: 'dirichlet', on: ['x-min', 'x-max'], value: soliton },
    ],
    transform: { value: (p) => soliton({ x: p.x, t: tf.zerosLike(p.t) }), scale: (p) => p.t },
    exact: (p) => [Float64Array.from(p.x, (x, i) => kdvSoliton(x, p.t[i], c, x0))],
    grid: { x: 201, t: 101 },
    constants: { c, x0 },
  };
}

/**
 * The KdV module: statement and training plans.
 *
 * @example
 * const trainer = new Trainer(kdv.problem(), kdv.defaults);
 * await trainer.run();
 */
export const kdv: ProblemModule = {
  problem: () => kdvProblem(),
  defaults: {
    network: { hidden: [20, 20, 20], activation: 'tanh', seed: 1 },
    sampling: { method: 'sobol', domain: 1000, boundary: 200, seed: 1 },
    adam: { steps: 500, lr: 2e-3 },
    lbfgs: { steps: 500, historySize: 50 },
  },
};
