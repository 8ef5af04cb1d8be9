import * as tf from '@tensorflow/tfjs';

import { Columns, Problem } from '../types.js';
import { ProblemModule } from './module.js';

/**
 * Helmholtz u_xx + u_yy + k² u = q(x, y) on [-1, 1]², u = 0 on the boundary, with the exact solution
 * u = sin(a1 π x) sin(a2 π y) (a1 = 1, a2 = 4, k = 1: Wang, Teng & Perdikaris 2021, whose plain PINN
 * stalls because the residual's gradients dwarf the boundary's). The boundary value is imposed by
 * u = (1 - x²)(1 - y²) N, which removes the imbalance altogether; without the transform, gradient-norm
 * balancing (options.balance) is what the paper used.
 *
 * @example
 * const trainer = new Trainer(helmholtzProblem(), helmholtz.defaults);
 */
export function helmholtzProblem(a1 = 1, a2 = 4, k = 1): Problem {
  const q = (p: Columns) =>
    tf.tidy(() => tf.mul(tf.mul(tf.sin(tf.mul(p.x, a1 * Math.PI)), tf.sin(tf.mul(p.y, a2 * Math.PI))), k * k - (a1 * Math.PI) ** 2 - (a2 * Math.PI) ** 2)) as tf.Tensor2D;
  return {
    name: 'helmholtz',
    title: `Helmholtz u_xx + u_yy + ${k}^2 u = q, u = sin(${a1} pi x) sin(${a2} pi y) on [-1, 1]^2`,
    inputs: ['x', 'y'],
    outputs: ['u'],
    domain: { x: [-1, 1], y: [-1, 1] },
    terms: ['u', 'u_xx', 'u_yy'],
    residual: (d, p) => tf.tidy(() => tf.sub(tf.add(tf.add(d.u_xx, d.u_yy), tf.mul(d.u, k * k)), q(p))) as tf.Tensor2D,
    conditions: [{ kind: 'dirichlet', on: 'boundary', value: 0, imposed: true }],
    transform: { value: (p) => tf.zerosLike(p.x), scale: (p) => tf.tidy(() => tf.mul(tf.sub(1, tf.square(p.x)), tf.sub(1, tf.square(p.y)))) },
    exact: (p) => [Float64Array.from(p.x, (x, i) => Math.sin(a1 * Math.PI * x) * Math.sin(a2 * Math.PI * p.y[i]))],
    grid: { x: 101, y: 101 },
    constants: { a1, a2, k },
  };
}

/**
 * The Helmholtz module (a1 = 1, a2 = 4, k = 1): statement and training plans.
 *
 * @example
 * await runJob({ problem: 'helmholtz' });
 */
export const helmholtz: ProblemModule = {
  problem: () => helmholtzProblem(),
  // Random Fourier features (scale 2) reach the sin(4 pi y) mode that a plain tanh MLP is slow to fit (spectral
  // bias: the plain 3 x 32 plan ended at 1.9e-2 after 3000 steps, with a sine activation at 1.2e-3).
  defaults: {
    network: { hidden: [32, 32, 32], activation: 'tanh', seed: 1, embedding: { fourier: { features: 64, scale: 2 } } },
    sampling: { method: 'sobol', domain: 2000, boundary: 200, seed: 1 },
    adam: { steps: 600, lr: 2e-3 },
    lbfgs: { steps: 1400 },
  },
  // The default network trained longer (L-BFGS 4,400 iterations): 2.4e-4 in about 230 s of CPU, against the
  // default's 2.9e-4 in 84 s.
  full: {
    network: { hidden: [32, 32, 32], activation: 'tanh', seed: 1, embedding: { fourier: { features: 64, scale: 2 } } },
    sampling: { method: 'sobol', domain: 2000, boundary: 200, seed: 1 },
    adam: { steps: 600, lr: 2e-3 },
    lbfgs: { steps: 4400 },
  },
};
