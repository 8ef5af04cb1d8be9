import * as tf from '@tensorflow/tfjs';

import { heatExact } from '../exact/heat.js';
import { Problem } from '../types.js';
import { ProblemModule } from './module.js';

/**
 * Heat equation u_t = α u_xx, x ∈ [0, 1], t ∈ [0, 1], u(0, x) = sin(πx),
 * u(t, 0) = u(t, 1) = 0, α = 0.1; every condition is a soft loss term.
 *
 * @example
 * const trainer = new Trainer(heat.problem(), heat.defaults);
 * await trainer.run();
 */
export function heatProblem(alpha = 0.1): Problem {
  return {
    name: 'heat',
    title: `heat u_t = ${alpha} u_xx on [0,1], sine initial value, zero ends (soft conditions)`,
    inputs: ['x', 't'],
    outputs: ['u'],
    domain: { x: [0, 1], t: [0, 1] },
    time: 't',
    terms: ['u_t', 'u_xx'],
    residual: (d) => tf.sub(d.u_t, tf.mul(d.u_xx, alpha)) as tf.Tensor2D,
    conditions: [
      { kind: 'initial', value: (p) => tf.sin(tf.mul(p.x, Math.PI)) as tf.Tensor2D },
      { kind: 'dirichlet', on: ['x-min', 'x-max'], value: 0 },
    ],
    exact: (p) => [Float64Array.from(p.x, (x, i) => heatExact(x, p.t[i], alpha))],
    grid: { x: 101, t: 101 },
    constants: { alpha },
  };
}

/**
 * The heat module: statement and training plans.
 *
 * @example
 * const trainer = new Trainer(heat.problem(), heat.defaults);
 * await trainer.run();
 */
export const heat: ProblemModule = {
  problem: () => heatProblem(),
  defaults: {
    network: { hidden: [20, 20, 20], activation: 'tanh', seed: 1 },
    sampling: { method: 'sobol', domain: 1000, boundary: 200, seed: 1 },
    adam: { steps: 500, lr: 2e-3 },
    lbfgs: { steps: 300, historySize: 50 },
  },
};
