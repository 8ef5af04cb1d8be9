import * as tf from '@tensorflow/tfjs';

import { rectangle } from '../../geometry/box.js';
import { kovasznayExact, kovasznayLambda } from '../exact/kovasznay.js';
import { Columns, Problem } from '../types.js';
import { ProblemModule } from './module.js';

/**
 * Steady incompressible Navier-Stokes, a system of three residuals in
 * (u, v, p): u·∇u + ∇p − (1/Re) Δu = 0 and ∇·u = 0 on
 * [−0.5, 1] × [−0.5, 1.5] at Re = 20, with Kovasznay's exact flow as the
 * velocity on the whole boundary (soft Dirichlet conditions on u and v).
 * The pressure is fixed only up to a constant, so its error is measured up to one.
 *
 * @example
 * const trainer = new Trainer(kovasznay.problem(), kovasznay.defaults);
 * await trainer.run(); // trainer.evaluate().relL2ByOutput: {u, v, p}
 */
export function kovasznayProblem(re = 20): Problem {
  const lambda = kovasznayLambda(re);
  const nu = 1 / re;
  const expLx = (p: Columns) => tf.exp(tf.mul(p.x, lambda));
  const uExact = (p: Columns) => tf.sub(1, tf.mul(expLx(p), tf.cos(tf.mul(p.y, 2 * Math.PI)))) as tf.Tensor2D;
  const vExact = (p: Columns) => tf.mul(tf.mul(expLx(p), tf.sin(tf.mul(p.y, 2 * Math.PI))), lambda / (2 * Math.PI)) as tf.Tensor2D;
  return {
    name: 'kovasznay',
    title: `Kovasznay flow, steady Navier-Stokes at Re = ${re} (u, v, p; exact solution)`,
    inputs: ['x', 'y'],
    outputs: ['u', 'v', 'p'],
    geometry: rectangle({ x: [-0.5, 1], y: [-0.5, 1.5] }),
    terms: ['u', 'v', 'u_x', 'u_y', 'v_x', 'v_y', 'p_x', 'p_y', 'u_xx', 'u_yy', 'v_xx', 'v_yy'],
    residual: (d) => [
      tf.sub(tf.add(tf.add(tf.mul(d.u, d.u_x), tf.mul(d.v, d.u_y)), d.p_x), tf.mul(tf.add(d.u_xx, d.u_yy), nu)) as tf.Tensor2D,
      tf.sub(tf.add(tf.add(tf.mul(d.u, d.v_x), tf.mul(d.v, d.v_y)), d.p_y), tf.mul(tf.add(d.v_xx, d.v_yy), nu)) as tf.Tensor2D,
      tf.add(d.u_x, d.v_y) as tf.Tensor2D,
    ],
    residualNames: ['momentum-x', 'momentum-y', 'continuity'],
    conditions: [
      { kind: 'dirichlet', on: 'boundary', value: uExact, output: 'u' },
      { kind: 'dirichlet', on: 'boundary', value: vExact, output: 'v' },
    ],
    exact: (p) => {
      const e = Array.from(p.x, (x, i) => kovasznayExact(x, p.y[i], re));
      return [Float64Array.from(e, (s) => s.u), Float64Array.from(e, (s) => s.v), Float64Array.from(e, (s) => s.p)];
    },
    upToConstant: ['p'],
    grid: { x: 101, y: 101 },
  };
}

/**
 * The Kovasznay module: statement and training plans.
 *
 * @example
 * const trainer = new Trainer(kovasznay.problem(), kovasznay.defaults);
 * await trainer.run();
 */
export const kovasznay: ProblemModule = {
  problem: () => kovasznayProblem(),
  defaults: {
    network: { hidden: [30, 30, 30], activation: 'tanh', seed: 1 },
    sampling: { method: 'sobol', domain: 1500, boundary: 400, seed: 1 },
    adam: { steps: 1000, lr: 2e-3 },
    lbfgs: { steps: 1000, historySize: 50 },
  },
  full: {
    network: { hidden: [50, 50, 50, 50], activation: 'tanh', seed: 1 },
    sampling: { method: 'sobol', domain: 4000, boundary: 800, seed: 1 },
    adam: { steps: 3000, lr: 1e-3 },
    lbfgs: { steps: 4000, historySize: 50 },
  },
};
