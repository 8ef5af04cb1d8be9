import * as tf from '@tensorflow/tfjs';

import { beamExact } from '../exact/beam.js';
import { Problem } from '../types.js';
import { ProblemModule } from './module.js';

const Q = 8 * Math.PI ** 4;

/**
 * Clamped-clamped Euler-Bernoulli beam EI w'''' = q on x ∈ [0, 1] (fourth
 * order) with q = -8π⁴ cos(2πx), manufactured from w = sin²(πx); w = 0
 * (Dirichlet) and w' = 0 (Neumann) at both ends, all soft. The residual is
 * divided by 8π⁴.
 *
 * @example
 * const trainer = new Trainer(beam.problem(), beam.defaults);
 * await trainer.run();
 */
export function beamProblem(): Problem {
  return {
    name: 'beam',
    title: "clamped Euler-Bernoulli beam w'''' = q (fourth order, manufactured)",
    inputs: ['x'],
    outputs: ['w'],
    domain: { x: [0, 1] },
    terms: ['w_xxxx'],
    residual: (d, p) => tf.add(tf.div(d.w_xxxx, Q), tf.cos(tf.mul(p.x, 2 * Math.PI))) as tf.Tensor2D,
    conditions: [
      { kind: 'dirichlet', on: ['x-min', 'x-max'], value: 0 },
      { kind: 'neumann', on: ['x-min', 'x-max'], value: 0 },
    ],
    exact: (p) => [Float64Array.from(p.x, (x) => beamExact(x))],
    grid: { x: 201 },
  };
}

/**
 * The beam module: statement and training plans.
 *
 * @example
 * const trainer = new Trainer(beam.problem(), beam.defaults);
 * await trainer.run();
 */
export const beam: ProblemModule = {
  problem: () => beamProblem(),
  defaults: {
    network: { hidden: [20, 20, 20], activation: 'tanh', seed: 1 },
    sampling: { method: 'sobol', domain: 200, boundary: 2, seed: 1 },
    adam: { steps: 500, lr: 2e-3 },
    lbfgs: { steps: 300, historySize: 50 },
  },
};
