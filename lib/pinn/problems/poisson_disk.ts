import * as tf from '@tensorflow/tfjs';

import { disk } from '../../geometry/ball.js';
import { poissonDiskExact } from '../exact/poisson_disk.js';
import { Columns, Problem } from '../types.js';
import { ProblemModule } from './module.js';

const SCALE = 2 * Math.PI * Math.PI;

/** f = −Δu of the manufactured solution, as tensors (see poissonDiskSource). */
function source(p: Columns): tf.Tensor2D {
  const pi = Math.PI;
  const sx = tf.sin(tf.mul(p.x, pi));
  const cx = tf.cos(tf.mul(p.x, pi));
  const sy = tf.sin(tf.mul(p.y, pi));
  const cy = tf.cos(tf.mul(p.y, pi));
  const s = tf.mul(sx, cy);
  const w = tf.sub(1, tf.add(tf.square(p.x), tf.square(p.y)));
  return tf.addN([
    tf.mul(s, 4),
    tf.mul(tf.mul(tf.mul(p.x, cx), cy), 4 * pi),
    tf.mul(tf.mul(tf.mul(p.y, sx), sy), -4 * pi),
    tf.mul(tf.mul(w, s), 2 * pi * pi),
  ]) as tf.Tensor2D;
}

/**
 * Poisson −Δu = f on the unit disk (a curved boundary), manufactured from
 * u = (1 − x² − y²) sin(πx) cos(πy). u = 0 on the circle is imposed exactly
 * by u = φ N with φ = (1 − x² − y²)/2, the disk's distance function
 * (`geometry.distance`); the residual is divided by 2π².
 *
 * @example
 * const trainer = new Trainer(poissonDisk.problem(), poissonDisk.defaults);
 * await trainer.run();
 */
export function poissonDiskProblem(): Problem {
  const geometry = disk({ x: 0, y: 0 }, 1);
  return {
    name: 'poisson-disk',
    title: 'Poisson -Δu = f on the unit disk, u = 0 on the circle imposed by its distance function (manufactured)',
    inputs: ['x', 'y'],
    outputs: ['u'],
    geometry,
    terms: ['u_xx', 'u_yy'],
    residual: (d, p) => tf.div(tf.add(tf.add(d.u_xx, d.u_yy), source(p)), SCALE) as tf.Tensor2D,
    conditions: [{ kind: 'dirichlet', on: 'circle', value: 0, imposed: true }],
    transform: { value: (p) => tf.mul(p.x, 0) as tf.Tensor2D, scale: (p) => geometry.distance(p) },
    exact: (p) => [Float64Array.from(p.x, (x, i) => poissonDiskExact(x, p.y[i]))],
    grid: { x: 101, y: 101 },
  };
}

/**
 * The Poisson-on-a-disk module: statement and training plans.
 *
 * @example
 * const trainer = new Trainer(poissonDisk.problem(), poissonDisk.defaults);
 * await trainer.run();
 */
export const poissonDisk: ProblemModule = {
  problem: () => poissonDiskProblem(),
  defaults: {
    network: { hidden: [20, 20, 20], activation: 'tanh', seed: 1 },
    sampling: { method: 'sobol', domain: 1000, boundary: 100, seed: 1 },
    adam: { steps: 500, lr: 2e-3 },
    lbfgs: { steps: 400, historySize: 50 },
  },
  full: {
    network: { hidden: [32, 32, 32], activation: 'tanh', seed: 1 },
    sampling: { method: 'sobol', domain: 4000, boundary: 200, seed: 1 },
    adam: { steps: 1000, lr: 2e-3 },
    lbfgs: { steps: 2000, historySize: 50 },
  },
};
