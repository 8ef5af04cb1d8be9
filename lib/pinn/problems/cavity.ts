import * as tf from '@tensorflow/tfjs';

import { rectangle } from '../../geometry/box.js';
import type { Trainer } from '../trainer/index.js';
import { Problem } from '../types.js';
import { ProblemModule } from './module.js';

/**
 * Ghia, Ghia & Shin (1982), "High-Re solutions for incompressible flow using
 * the Navier-Stokes equations and a multigrid method", J. Comput. Phys. 48,
 * 387-411, Re = 100 on their 129 x 129 grid. Table I: u along the vertical
 * line through the cavity's centre (x = 0.5), by y.
 */
export const GHIA_RE100_U: readonly (readonly [number, number])[] = [
  [1.0, 1.0], [0.9766, 0.84123], [0.9688, 0.78871], [0.9609, 0.73722], [0.9531, 0.68717], [0.8516, 0.23151],
  [0.7344, 0.00332], [0.6172, -0.13641], [0.5, -0.20581], [0.4531, -0.2109], [0.2813, -0.15662], [0.1719, -0.1015],
  [0.1016, -0.06434], [0.0703, -0.04775], [0.0625, -0.04192], [0.0547, -0.03717], [0.0, 0.0],
];

/** Ghia, Ghia & Shin (1982) Table II, Re = 100: v along the horizontal line through the centre (y = 0.5), by x. */
export const GHIA_RE100_V: readonly (readonly [number, number])[] = [
  [1.0, 0.0], [0.9688, -0.05906], [0.9609, -0.07391], [0.9531, -0.08864], [0.9453, -0.10313], [0.9063, -0.16914],
  [0.8594, -0.22445], [0.8047, -0.24533], [0.5, 0.05454], [0.2344, 0.17527], [0.2266, 0.17507], [0.1563, 0.16077],
  [0.0938, 0.12317], [0.0781, 0.1089], [0.0703, 0.10091], [0.0625, 0.09233], [0.0, 0.0],
];

/**
 * Lid-driven cavity: steady incompressible Navier-Stokes in (u, v, p) on the
 * unit square at Re = 100, no slip on three walls and u = 1, v = 0 on the lid
 * (y = 1). The lid's corners, where u jumps from 1 to 0, are left as they are:
 * boundary points are drawn strictly inside each wall (never at a corner), so
 * both walls' conditions hold up to the corners and the network's smooth
 * velocity rounds the jump off within a few hundredths of the corner. There is
 * no exact solution: the error is the centre lines' against Ghia et al.'s tables.
 *
 * @example
 * const trainer = new Trainer(cavity.problem(), cavity.defaults);
 * await trainer.run(); // cavity.report(trainer, ...) gives the largest deviations from Ghia et al.
 */
export function cavityProblem(re = 100): Problem {
  const nu = 1 / re;
  return {
    name: 'cavity',
    title: `lid-driven cavity, steady Navier-Stokes at Re = ${re}, against Ghia, Ghia & Shin (1982)`,
    inputs: ['x', 'y'],
    outputs: ['u', 'v', 'p'],
    geometry: rectangle({ x: [0, 1], y: [0, 1] }),
    terms: ['u', 'v', 'u_x', 'u_y', 'v_x', 'v_y', 'p_x', 'p_y', 'u_xx', 'u_yy', 'v_xx', 'v_yy'],
    residual: (d) => [
      tf.sub(tf.add(tf.add(tf.mul(d.u, d.u_x), tf.mul(d.v, d.u_y)), d.p_x), tf.mul(tf.add(d.u_xx, d.u_yy), nu)) as tf.Tensor2D,
      tf.sub(tf.add(tf.add(tf.mul(d.u, d.v_x), tf.mul(d.v, d.v_y)), d.p_y), tf.mul(tf.add(d.v_xx, d.v_yy), nu)) as tf.Tensor2D,
      tf.add(d.u_x, d.v_y) as tf.Tensor2D,
    ],
    residualNames: ['momentum-x', 'momentum-y', 'continuity'],
    conditions: [
      { kind: 'dirichlet', on: 'y-max', value: 1, output: 'u' },
      { kind: 'dirichlet', on: ['x-min', 'x-max', 'y-min'], value: 0, output: 'u' },
      { kind: 'dirichlet', on: 'boundary', value: 0, output: 'v' },
    ],
    upToConstant: ['p'],
    grid: { x: 101, y: 101 },
  };
}

/** u at (0.5, y) and v at (x, 0.5) from a trained cavity model. */
function centerlines(trainer: Trainer, ys: number[], xs: number[]): { u: Float64Array; v: Float64Array } {
  const [u] = trainer.predict({ x: new Float64Array(ys.length).fill(0.5), y: Float64Array.from(ys) });
  const [, v] = trainer.predict({ x: Float64Array.from(xs), y: new Float64Array(xs.length).fill(0.5) });
  return { u, v };
}

/**
 * The largest |u − Ghia| over Table I's 17 points and |v − Ghia| over Table II's.
 *
 * @example
 * ghiaErrors(trainer); // {ghia_max_abs_error_u: 0.03, ghia_max_abs_error_v: 0.02}
 * ghiaErrors(trainer).ghia_max_abs_error_u <= 0.05; // the default plan's target
 */
export function ghiaErrors(trainer: Trainer): { ghia_max_abs_error_u: number; ghia_max_abs_error_v: number } {
  const { u, v } = centerlines(trainer, GHIA_RE100_U.map((r) => r[0]), GHIA_RE100_V.map((r) => r[0]));
  const worst = (got: Float64Array, table: readonly (readonly [number, number])[]) => table.reduce((m, [, ref], i) => Math.max(m, Math.abs(got[i] - ref)), 0);
  return { ghia_max_abs_error_u: worst(u, GHIA_RE100_U), ghia_max_abs_error_v: worst(v, GHIA_RE100_V) };
}

/**
 * The lid-driven cavity module. Writes centerline.csv (`y,u` at x = 0.5, 101
 * evenly spaced y) and centerline_v.csv (`x,v` at y = 0.5), and reports the
 * largest deviations from Ghia et al. in summary.json.
 *
 * @example
 * const trainer = new Trainer(cavity.problem(), cavity.defaults);
 * await trainer.run();
 */
export const cavity: ProblemModule = {
  problem: () => cavityProblem(),
  defaults: {
    network: { hidden: [30, 30, 30], activation: 'tanh', seed: 1 },
    sampling: { method: 'sobol', domain: 2000, boundary: 400, seed: 1 },
    adam: { steps: 1000, lr: 2e-3 },
    lbfgs: { steps: 1000, historySize: 50 },
  },
  full: {
    network: { hidden: [50, 50, 50, 50], activation: 'tanh', seed: 1 },
    sampling: { method: 'sobol', domain: 6000, boundary: 800, resampleEvery: 500, seed: 1 },
    adam: { steps: 3000, lr: 1e-3 },
    lbfgs: { steps: 5000, historySize: 50, resampleOnStall: 3 },
  },
  report: (trainer) => ghiaErrors(trainer),
  files: (trainer) => {
    const s = Array.from({ length: 101 }, (_, i) => i / 100);
    const { u, v } = centerlines(trainer, s, s);
    return {
      'centerline.csv': `y,u\n${s.map((y, i) => `${y},${u[i]}`).join('\n')}\n`,
      'centerline_v.csv': `x,v\n${s.map((x, i) => `${x},${v[i]}`).join('\n')}\n`,
    };
  },
};
