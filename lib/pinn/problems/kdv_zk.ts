import * as tf from '@tensorflow/tfjs';

import { kdvReference } from '../../reference/index.js';
import { griddedExact } from '../exact/gridded.js';
import { Columns, Problem } from '../types.js';
import { ProblemModule } from './module.js';

/** Zabusky and Kruskal's dispersion coefficient: δ = 0.022. */
const DELTA = 0.022;

/**
 * Korteweg–de Vries u_t + u u_x + 0.022² u_xxx = 0 on x ∈ [-1, 1] periodic, t ∈ [0, 1], u(x, 0) = cos(πx)
 * (Zabusky & Kruskal 1965; jaxpi's and PirateNets' KdV benchmark): the cosine steepens and breaks into a
 * train of solitons. The exact solution is lib/reference's Fourier pseudo-spectral ETDRK4 solve (1.3e-9
 * from jaxpi's kdv.mat); the periodic condition is imposed by the network's periodic embedding in the
 * plans, the initial value is a loss term, so the
 * problem marches in time windows (a transform imposing it at t = 0 could not move to a window's start).
 *
 * @example
 * const trainer = createTrainer(kdvZkProblem(), kdvZk.full!); // a MarchingTrainer: the plan marches
 */
export function kdvZkProblem(): Problem {
  const u0 = (p: Columns) => tf.cos(tf.mul(p.x, Math.PI)) as tf.Tensor2D;
  return {
    name: 'kdv-zk',
    title: 'KdV u_t + u u_x + 0.022^2 u_xxx = 0, u0 = cos(pi x), periodic (Zabusky-Kruskal; jaxpi, PirateNets)',
    inputs: ['x', 't'],
    outputs: ['u'],
    domain: { x: [-1, 1], t: [0, 1] },
    time: 't',
    terms: ['u', 'u_t', 'u_x', 'u_xxx'],
    residual: (d) => tf.tidy(() => tf.add(tf.add(d.u_t, tf.mul(d.u, d.u_x)), tf.mul(d.u_xxx, DELTA * DELTA))) as tf.Tensor2D,
    conditions: [
      { kind: 'initial', value: u0 },
      { kind: 'periodic', input: 'x', derivatives: 2 },
    ],
    exact: griddedExact((x, t) => kdvReference({ x, t })),
    // jaxpi's kdv.mat grid: 512 points in x with both ends, 201 times.
    grid: { x: 512, t: 201 },
    constants: { delta: DELTA },
  };
}

/**
 * The Zabusky–Kruskal KdV module: statement and training plans.
 *
 * @example
 * await runJob({ problem: 'kdv-zk', full: true });
 */
export const kdvZk: ProblemModule = {
  problem: () => kdvZkProblem(),
  // Ten time windows of a 3 x 32 tanh network (x periodic exactly, each window's t mapped to [-1, 1]), Adam then
  // L-BFGS in each, every window's start imposed (handoff 'imposed'): 5.8e-3 in about 320 s of CPU, the error
  // growing with t as the solitons sharpen (1e-4 at t = 0.1, 7e-4 at 0.25, 3.1e-3 at 0.5, 1.5e-2 at 1). With the
  // start a loss term weighted 100 it was 1.1e-2 in about 400 s.
  defaults: {
    network: { hidden: [32, 32, 32], activation: 'tanh', seed: 1, embedding: { periodic: { x: 2 } }, normalize: true },
    sampling: { method: 'sobol', domain: 2000, boundary: 256, seed: 1 },
    adam: { steps: 800, lr: 1e-3 },
    lbfgs: { steps: 800 },
    marching: { windows: 10, handoff: 'imposed' },
  },
  // Twenty windows of a 3 x 64 network, Adam 600 + L-BFGS 1400 each, every window's start imposed: 1.5e-3 in
  // about 2,400 s of CPU (2.6e-3 at t = 1; with the start a loss term it was 3.0e-3 in 2,900 s; jaxpi 1.96e-3,
  // PirateNets 4.27e-4 after GPU hours).
  full: {
    network: { hidden: [64, 64, 64], activation: 'tanh', seed: 1, embedding: { periodic: { x: 2 } }, normalize: true },
    sampling: { method: 'sobol', domain: 2000, boundary: 256, seed: 1 },
    adam: { steps: 600, lr: 1e-3 },
    lbfgs: { steps: 1400 },
    marching: { windows: 20, handoff: 'imposed' },
  },
};
