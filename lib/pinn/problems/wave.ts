import * as tf from '@tensorflow/tfjs';

import { waveExact } from '../exact/wave.js';
import { Problem } from '../types.js';
import { ProblemModule } from './module.js';

/**
 * Wave equation u_tt = c² u_xx, x ∈ [0, 1], t ∈ [0, 1], c = 1,
 * u(0, x) = sin(πx), u_t(0, x) = 0, u = 0 at both ends. The initial value and
 * the ends are imposed by u = sin(πx) + t x (1 - x) N(x, t); the initial
 * velocity is a soft loss term.
 *
 * @example
 * const trainer = new Trainer(wave.problem(), wave.defaults);
 * await trainer.run();
 */
export function waveProblem(c = 1): Problem {
  const sinpx = (x: tf.Tensor2D) => tf.sin(tf.mul(x, Math.PI)) as tf.Tensor2D;
  return {
    name: 'wave',
    title: `wave u_tt = ${c === 1 ? '' : `${c * c} `}u_xx on [0,1], standing wave, initial velocity as a soft condition`,
    inputs: ['x', 't'],
    outputs: ['u'],
    domain: { x: [0, 1], t: [0, 1] },
    time: 't',
    terms: ['u_tt', 'u_xx'],
    residual: (d) => tf.sub(d.u_tt, tf.mul(d.u_xx, c * c)) as tf.Tensor2D,
    conditions: [
      { kind: 'initial', value: (p) => sinpx(p.x), imposed: true },
      { kind: 'dirichlet', on: ['x-min', 'x-max'], value: 0, imposed: true },
      { kind: 'initialVelocity', value: 0, weight: 10 },
    ],
    transform: { value: (p) => sinpx(p.x), scale: (p) => tf.mul(p.t, tf.mul(p.x, tf.sub(1, p.x))) as tf.Tensor2D },
    exact: (p) => [Float64Array.from(p.x, (x, i) => waveExact(x, p.t[i], c))],
    grid: { x: 101, t: 101 },
    constants: { c },
  };
}

/**
 * The wave module: statement and training plans.
 *
 * @example
 * const trainer = new Trainer(wave.problem(), wave.defaults);
 * await trainer.run();
 */
export const wave: ProblemModule = {
  problem: () => waveProblem(),
  defaults: {
    network: { hidden: [20, 20, 20], activation: 'tanh', seed: 1 },
    sampling: { method: 'sobol', domain: 1000, boundary: 200, seed: 1 },
    adam: { steps: 500, lr: 2e-3 },
    lbfgs: { steps: 400, historySize: 50 },
  },
};
