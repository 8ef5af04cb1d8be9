import * as tf from '@tensorflow/tfjs';

import { BURGERS_NU, burgersExact } from '../exact/burgers.js';
import { Problem } from '../types.js';
import { ProblemModule } from './module.js';

/**
 * Viscous Burgers (Raissi, Perdikaris & Karniadakis 2019):
 * u_t + u u_x = ν u_xx, x ∈ [-1, 1], t ∈ [0, 1], u(0, x) = -sin(πx), u(t, ±1) = 0,
 * ν = 0.01/π. The initial and boundary values are imposed exactly by the
 * output transform u = -sin(πx) + t (1 - x²) N(x, t).
 *
 * @example
 * const trainer = new Trainer(burgers.problem(), burgers.defaults);
 * await trainer.run();
 */
export function burgersProblem(nu = BURGERS_NU): Problem {
  return {
    name: 'burgers',
    title: `viscous Burgers u_t + u u_x = ${nu === BURGERS_NU ? '(0.01/π)' : nu} u_xx, shock at x = 0 (Raissi et al. 2019)`,
    inputs: ['x', 't'],
    outputs: ['u'],
    domain: { x: [-1, 1], t: [0, 1] },
    time: 't',
    terms: ['u', 'u_t', 'u_x', 'u_xx'],
    residual: (d) => tf.sub(tf.add(d.u_t, tf.mul(d.u, d.u_x)), tf.mul(d.u_xx, nu)) as tf.Tensor2D,
    conditions: [
      { kind: 'initial', value: (p) => tf.neg(tf.sin(tf.mul(p.x, Math.PI))) as tf.Tensor2D, imposed: true },
      { kind: 'dirichlet', on: ['x-min', 'x-max'], value: 0, imposed: true },
    ],
    transform: {
      value: (p) => tf.neg(tf.sin(tf.mul(p.x, Math.PI))) as tf.Tensor2D,
      scale: (p) => tf.mul(p.t, tf.sub(1, tf.square(p.x))) as tf.Tensor2D,
    },
    exact: (p) => [Float64Array.from(p.x, (x, i) => burgersExact(x, p.t[i], nu).u)],
    grid: { x: 256, t: 100 },
    constants: { nu },
  };
}

/**
 * The Burgers module: statement and training plans.
 *
 * @example
 * const trainer = new Trainer(burgers.problem(), burgers.full ?? burgers.defaults);
 * await trainer.run();
 */
export const burgers: ProblemModule = {
  problem: () => burgersProblem(),
  defaults: {
    network: { hidden: [20, 20, 20, 20], activation: 'tanh', seed: 1 },
    sampling: { method: 'sobol', domain: 2000, boundary: 1, resampleEvery: 250, rar: { candidates: 4000, add: 200 }, seed: 1 },
    adam: { steps: 1000, lr: 2e-3 },
    // At 1,200 L-BFGS iterations the loss was still falling fast (2.8e-4; 3.0e-5 at 3,000), and the end of the
    // run moved with the last bits of the arithmetic (rel L2 5.6e-3 or 1.7e-2). At 3,000: 6.0e-3, 2.3e-3 and
    // 2.0e-3 for seeds 1, 2, 3.
    lbfgs: { steps: 3000, historySize: 50 },
  },
  full: {
    network: { hidden: [20, 20, 20, 20, 20, 20, 20, 20], activation: 'tanh', seed: 1 },
    sampling: { method: 'sobol', domain: 10000, boundary: 1, resampleEvery: 500, rar: { candidates: 20000, add: 500 }, seed: 1 },
    adam: { steps: 2000, lr: 1e-3 },
    // Near step 5400 L-BFGS stalls on its batch (float32); fresh points let it go on.
    lbfgs: { steps: 4500, historySize: 50, resampleOnStall: 3 },
  },
};
