import * as tf from '@tensorflow/tfjs';

import { Columns, Problem } from '../types.js';
import { ProblemModule } from './module.js';

/**
 * Advection u_t + c u_x = 0 on x ∈ [0, 2π] periodic, t ∈ [0, 1], u(x, 0) = sin x, with c = 50 by
 * default: the wave crosses the domain about 8 times, where a plain PINN fails (jaxpi's benchmark uses
 * c between 50 and 100). Exact: u = sin(x - c t). The periodic condition is imposed by the network's
 * periodic embedding of x in the plans; the initial value is a loss term, so the problem marches in time windows
 * (a transform imposing it at t = 0 could not move to a window's start).
 *
 * @example
 * const trainer = createTrainer(advectionProblem(50), advection.defaults); // a MarchingTrainer: the plan marches
 */
export function advectionProblem(c = 50): Problem {
  const u0 = (p: Columns) => tf.sin(p.x) as tf.Tensor2D;
  return {
    name: 'advection',
    title: `advection u_t + ${c} u_x = 0, u0 = sin x, periodic on (0, 2 pi) (jaxpi)`,
    inputs: ['x', 't'],
    outputs: ['u'],
    domain: { x: [0, 2 * Math.PI], t: [0, 1] },
    time: 't',
    terms: ['u_t', 'u_x'],
    residual: (d) => tf.add(d.u_t, tf.mul(d.u_x, c)) as tf.Tensor2D,
    conditions: [
      { kind: 'initial', value: u0 },
      { kind: 'periodic', input: 'x' },
    ],
    exact: (p) => [Float64Array.from(p.x, (x, i) => Math.sin(x - c * p.t[i]))],
    grid: { x: 256, t: 201 },
    constants: { c },
  };
}

/**
 * The advection module (c = 50): statement and training plans.
 *
 * @example
 * await runJob({ problem: 'advection' });
 */
export const advection: ProblemModule = {
  problem: () => advectionProblem(50),
  // Ten time windows (each the wave moves 5 units, 0.8 of a period), t mapped to [-1, 1] in each (without that
  // the windows did not help: error about 1), x periodic exactly, every window's start imposed (u = u_start(x) +
  // s N; as a loss term weighted 100 it was 3.2e-3 in about 250 s): 1.8e-3 in about 160 s of CPU.
  defaults: {
    network: { hidden: [32, 32, 32], activation: 'tanh', seed: 1, embedding: { periodic: { x: 2 * Math.PI } }, normalize: true },
    sampling: { method: 'sobol', domain: 2000, boundary: 256, seed: 1 },
    adam: { steps: 800, lr: 1e-3 },
    lbfgs: { steps: 800 },
    marching: { windows: 10, handoff: 'imposed' },
  },
  // The same windows with a 3 x 64 network and twice the L-BFGS iterations: 6.1e-4 in about 840 s of CPU
  // (3.5e-4 at t = 0.1, 8.3e-4 at t = 1; with the loss-term start it was 1.9e-3). jaxpi: 6.88e-4.
  full: {
    network: { hidden: [64, 64, 64], activation: 'tanh', seed: 1, embedding: { periodic: { x: 2 * Math.PI } }, normalize: true },
    sampling: { method: 'sobol', domain: 2000, boundary: 256, seed: 1 },
    adam: { steps: 800, lr: 1e-3 },
    lbfgs: { steps: 1600 },
    marching: { windows: 10, handoff: 'imposed' },
  },
};
