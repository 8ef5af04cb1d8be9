import * as tf from '@tensorflow/tfjs';

import { poissonExact } from '../exact/poisson.js';
import { Problem } from '../types.js';
import { ProblemModule } from './module.js';

const K = 5 * Math.PI * Math.PI;

/**
 * Poisson -Δu = f on [0,1]² with the manufactured solution
 * u = sin(πx) sin(2πy): u = 0 on three sides (Dirichlet) and the outward
 * derivative u_y = 2π sin(πx) on y = 1 (Neumann), all soft. The residual is
 * divided by 5π² so it is of the same size as the condition misfits.
 *
 * @example
 * const trainer = new Trainer(poisson2d.problem(), poisson2d.defaults);
 * await trainer.run();
 */
export function poisson2dProblem(): Problem {
  const exact = (x: tf.Tensor2D, y: tf.Tensor2D) => tf.mul(tf.sin(tf.mul(x, Math.PI)), tf.sin(tf.mul(y, 2 * Math.PI)));
  return {
    name: 'poisson2d',
    title: 'Poisson -Δu = f on the unit square, Dirichlet on three sides and Neumann on one (manufactured)',
    inputs: ['x', 'y'],
    outputs: ['u'],
    domain: { x: [0, 1], y: [0, 1] },
    terms: ['u_xx', 'u_yy'],
    residual: (d, p) => tf.add(tf.div(tf.add(d.u_xx, d.u_yy), K), exact(p.x, p.y)) as tf.Tensor2D,
    conditions: [
      { kind: 'dirichlet', on: ['x-min', 'x-max', 'y-min'], value: 0 },
      { kind: 'neumann', on: 'y-max', value: (p) => tf.mul(tf.sin(tf.mul(p.x, Math.PI)), 2 * Math.PI) as tf.Tensor2D, weight: 0.1 },
    ],
    exact: (p) => [Float64Array.from(p.x, (x, i) => poissonExact(x, p.y[i]))],
    grid: { x: 101, y: 101 },
  };
}

/**
 * The Poisson module: statement and training plans.
 *
 * @example
 * const trainer = new Trainer(poisson2d.problem(), poisson2d.defaults);
 * await trainer.run();
 */
export const poisson2d: ProblemModule = {
  problem: () => poisson2dProblem(),
  defaults: {
    network: { hidden: [20, 20, 20], activation: 'tanh', seed: 1 },
    sampling: { method: 'sobol', domain: 1000, boundary: 300, seed: 1 },
    adam: { steps: 500, lr: 2e-3 },
    lbfgs: { steps: 400, historySize: 50 },
  },
};
