import * as tf from '@tensorflow/tfjs';

import { rectangle } from '../../geometry/box.js';
import { kovasznayExact, kovasznayLambda } from '../exact/kovasznay.js';
import { Columns, Problem } from '../types.js';
import { ProblemModule } from './module.js';
import { NAVIER_STOKES_RESIDUALS, NAVIER_STOKES_TERMS, steadyNavierStokes } from './navier_stokes.js';

const [X0, X1, Y0, Y1] = [-0.5, 1, -0.5, 1.5];

/**
 * Coons' transfinite interpolation of a function's values on the boundary of
 * the rectangle [X0, X1] × [Y0, Y1]: equal to f on all four sides, built from
 * f's values there only (the boundary data, not the solution inside).
 */
function coons(f: (p: Columns) => tf.Tensor2D, p: Columns): tf.Tensor2D {
  const s = tf.div(tf.sub(p.x, X0), X1 - X0);
  const r = tf.div(tf.sub(p.y, Y0), Y1 - Y0);
  const at = (x: number | null, y: number | null) => f({ x: x === null ? p.x : (tf.fill(p.x.shape, x) as tf.Tensor2D), y: y === null ? p.y : (tf.fill(p.y.shape, y) as tf.Tensor2D) });
  const lerp = (a: tf.Tensor, b: tf.Tensor, w: tf.Tensor) => tf.add(tf.mul(tf.sub(1, w), a), tf.mul(w, b));
  const sides = tf.add(lerp(at(X0, null), at(X1, null), s), lerp(at(null, Y0), at(null, Y1), r));
  const corners = lerp(lerp(at(X0, Y0), at(X1, Y0), s), lerp(at(X0, Y1), at(X1, Y1), s), r);
  return tf.sub(sides, corners) as tf.Tensor2D;
}

/**
 * Steady incompressible Navier-Stokes, a system of three residuals in
 * (u, v, p): u·∇u + ∇p − (1/Re) Δu = 0 and ∇·u = 0 on
 * [−0.5, 1] × [−0.5, 1.5] at Re = 20, with Kovasznay's exact flow as the
 * velocity on the whole boundary, imposed exactly: u = C[u_b] + b N_u with
 * C Coons' transfinite interpolation of the boundary values and
 * b = (x + ½)(1 − x)(y + ½)(3/2 − y), v alike, p = N_p. The pressure is fixed
 * only up to a constant, so its error is measured up to one.
 *
 * @example
 * const trainer = new Trainer(kovasznay.problem(), kovasznay.defaults);
 * await trainer.run(); // trainer.evaluate().relL2ByOutput: {u, v, p}
 */
export function kovasznayProblem(re = 20): Problem {
  const lambda = kovasznayLambda(re);
  const nu = 1 / re;
  const expLx = (p: Columns) => tf.exp(tf.mul(p.x, lambda));
  const uExact = (p: Columns) => tf.sub(1, tf.mul(expLx(p), tf.cos(tf.mul(p.y, 2 * Math.PI)))) as tf.Tensor2D;
  const vExact = (p: Columns) => tf.mul(tf.mul(expLx(p), tf.sin(tf.mul(p.y, 2 * Math.PI))), lambda / (2 * Math.PI)) as tf.Tensor2D;
  return {
    name: 'kovasznay',
    title: `Kovasznay flow, steady Navier-Stokes at Re = ${re} (u, v, p; exact solution)`,
    inputs: ['x', 'y'],
    outputs: ['u', 'v', 'p'],
    geometry: rectangle({ x: [X0, X1], y: [Y0, Y1] }),
    terms: NAVIER_STOKES_TERMS,
    residual: (d) => steadyNavierStokes(d, nu),
    residualNames: NAVIER_STOKES_RESIDUALS,
    conditions: [
      { kind: 'dirichlet', on: 'boundary', value: uExact, output: 'u', imposed: true },
      { kind: 'dirichlet', on: 'boundary', value: vExact, output: 'v', imposed: true },
    ],
    // u = C[u_b] + bubble N_u (and v alike), p = N_p: the velocity on the boundary holds exactly.
    transform: {
      value: (p) => tf.concat([coons(uExact, p), coons(vExact, p), tf.zerosLike(p.x)], 1),
      scale: (p) => {
        const b = tf.mul(tf.mul(tf.sub(p.x, X0), tf.sub(X1, p.x)), tf.mul(tf.sub(p.y, Y0), tf.sub(Y1, p.y)));
        return tf.concat([b, b, tf.onesLike(p.x)], 1);
      },
    },
    exact: (p) => {
      const e = Array.from(p.x, (x, i) => kovasznayExact(x, p.y[i], re));
      return [Float64Array.from(e, (s) => s.u), Float64Array.from(e, (s) => s.v), Float64Array.from(e, (s) => s.p)];
    },
    upToConstant: ['p'],
    grid: { x: 101, y: 101 },
  };
}

/**
 * The Kovasznay module: statement and training plans.
 *
 * @example
 * const trainer = new Trainer(kovasznay.problem(), kovasznay.defaults);
 * await trainer.run();
 */
export const kovasznay: ProblemModule = {
  problem: () => kovasznayProblem(),
  defaults: {
    network: { hidden: [20, 20, 20], activation: 'tanh', seed: 1 },
    // Every condition is imposed, so boundary points only feed the imposed-condition checks.
    sampling: { method: 'sobol', domain: 1000, boundary: 50, seed: 1 },
    adam: { steps: 200, lr: 5e-3 },
    lbfgs: { steps: 500, historySize: 50 },
  },
  full: {
    network: { hidden: [40, 40, 40, 40], activation: 'tanh', seed: 1 },
    sampling: { method: 'sobol', domain: 3000, boundary: 50, seed: 1 },
    adam: { steps: 500, lr: 2e-3 },
    lbfgs: { steps: 3000, historySize: 50, resampleOnStall: 3 },
  },
};
