import * as tf from '@tensorflow/tfjs';

import { parseMat } from '../../data/mat.js';
import type { NdArray } from '../../data/types.js';
import type { Evaluated } from '../trainer/evaluation.js';
import { Columns, ExactSolution, Points, Problem } from '../types.js';
import { ProblemModule } from './module.js';

/** Where the Schrödinger reference lives, relative to the project root (Raissi et al.'s NLS.mat). */
export const SCHRODINGER_MAT = 'data/raissi/NLS.mat';

/** x ∈ [-5, 5], t ∈ [0, π/2] (Raissi, Perdikaris & Karniadakis 2019, section 3.1.1). */
const X: readonly [number, number] = [-5, 5];
const T: readonly [number, number] = [0, Math.PI / 2];

/**
 * The reference solution of NLS.mat on its uniform grid: `x` (256 values in
 * [-5, 5), the periodic end +5 left out), `t` (201 values in [0, π/2]) and
 * h = u + i v at (x[i], t[j]) in `u[i * t.length + j]`, `v[i * t.length + j]`.
 */
export interface SchrodingerReference {
  /** The x grid (256 values in [-5, 5)). */
  x: Float64Array;
  /** The t grid (201 values in [0, π/2]). */
  t: Float64Array;
  /** Re h at (x[i], t[j]) in `u[i * t.length + j]`. */
  u: Float64Array;
  /** Im h, in the layout of `u`. */
  v: Float64Array;
}

/**
 * Checks the arrays of NLS.mat (`x` [1,256], `tt` [1,201], complex `uu`
 * [256,201]) and returns them as a {@link SchrodingerReference}. Browser-safe: pass
 * `parseMat(bytes)`; in Node, `loadSchrodingerReference()` reads data/raissi/NLS.mat.
 *
 * @example
 * const ref = schrodingerReference(parseMat(bytes, 'NLS.mat'));
 * ref.x.length; // 256
 */
export function schrodingerReference(mat: Record<string, NdArray>): SchrodingerReference {
  const fail = (what: string): never => {
    throw new Error(`Argument 'mat' passed to 'schrodingerReference' must hold NLS.mat's x [1,256] in [-5, 5), tt [1,201] in [0, π/2] and complex uu [256,201], but ${what}.`);
  };
  for (const name of ['x', 'tt', 'uu']) if (!mat?.[name]) fail(`has no '${name}' (it has ${Object.keys(mat ?? {}).join(', ') || 'nothing'})`);
  const x = mat.x.data;
  const t = mat.tt.data;
  const uu = mat.uu;
  if (uu.shape.length !== 2 || uu.shape[0] !== x.length || uu.shape[1] !== t.length) fail(`uu has shape [${uu.shape}] for ${x.length} x and ${t.length} tt values`);
  if (uu.imag === undefined) fail('uu is real');
  // The error measurement and the interpolation rely on uniform grids with these ends.
  const uniform = (v: Float64Array, lo: number, step: number, name: string) => {
    v.forEach((value, i) => {
      if (!(Math.abs(value - (lo + i * step)) <= 1e-9)) fail(`${name}[${i}] is ${value}, not ${lo + i * step} (a uniform grid)`);
    });
  };
  if (x.length < 4 || t.length < 4) fail(`x has ${x.length} and tt ${t.length} values`);
  uniform(x, X[0], (X[1] - X[0]) / x.length, 'x');
  uniform(t, T[0], (T[1] - T[0]) / (t.length - 1), 'tt');
  return { x, t, u: uu.data, v: uu.imag! };
}

/** Lagrange weights of the 4 nodes at -1, 0, 1, 2 for a point at s ∈ [0, 1). */
function cubicWeights(s: number): [number, number, number, number] {
  return [(-s * (s - 1) * (s - 2)) / 6, ((s + 1) * (s - 1) * (s - 2)) / 2, (-(s + 1) * s * (s - 2)) / 2, ((s + 1) * s * (s - 1)) / 6];
}

/**
 * h = u + i v from the reference at any points of [-5, 5] x [0, π/2]: the
 * grid values at grid points, bicubic Lagrange interpolation between them
 * (periodic in x; the stencil stays inside the grid in t).
 *
 * @example
 * const [u, v] = schrodingerExact(ref)({ x: Float64Array.of(0), t: Float64Array.of(0) });
 * u[0]; // 2 (= 2 sech 0)
 */
export function schrodingerExact(reference: SchrodingerReference): ExactSolution {
  const { x, t, u, v } = reference;
  const nx = x.length;
  const nt = t.length;
  const dx = (X[1] - X[0]) / nx;
  const dt = (T[1] - T[0]) / (nt - 1);
  return (p: Points) => {
    const n = p.x.length;
    const outU = new Float64Array(n);
    const outV = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const xs = (p.x[k] - X[0]) / dx;
      const ts = (p.t[k] - T[0]) / dt;
      if (!(xs >= -1e-9 && xs <= nx + 1e-9 && ts >= -1e-9 && ts <= nt - 1 + 1e-9)) {
        throw new Error(`The NLS reference covers x in [-5, 5] and t in [0, π/2], but was asked at (x, t) = (${p.x[k]}, ${p.t[k]}).`);
      }
      // Snap to a node within rounding, so grid points get the stored values exactly.
      const xr = Math.round(xs);
      const tr = Math.round(ts);
      const i0 = Math.abs(xs - xr) < 1e-9 ? xr : Math.floor(xs);
      const j0 = Math.abs(ts - tr) < 1e-9 ? tr : Math.floor(ts);
      const wx = cubicWeights(xs - i0 < 1e-9 ? 0 : xs - i0);
      const jb = Math.min(Math.max(j0 - 1, 0), nt - 4);
      const tw = ts - jb;
      // Weights for nodes jb..jb+3 at offset tw from jb (Lagrange on 0..3).
      const wt = [0, 1, 2, 3].map((m) => [0, 1, 2, 3].reduce((w, q) => (q === m ? w : (w * (tw - q)) / (m - q)), 1));
      let su = 0;
      let sv = 0;
      for (let a = 0; a < 4; a++) {
        if (wx[a] === 0) continue;
        const i = (((i0 - 1 + a) % nx) + nx) % nx;
        for (let b = 0; b < 4; b++) {
          const w = wx[a] * wt[b];
          su += w * u[i * nt + jb + b];
          sv += w * v[i * nt + jb + b];
        }
      }
      outU[k] = su;
      outV[k] = sv;
    }
    return [outU, outV];
  };
}

const sech2 = (p: Columns) => tf.div(2, tf.cosh(p.x)) as tf.Tensor2D;

/**
 * Nonlinear Schrödinger (Raissi, Perdikaris & Karniadakis 2019, section 3.1.1):
 * i h_t + 0.5 h_xx + |h|² h = 0, h = u + i v, x ∈ [-5, 5], t ∈ [0, π/2],
 * h(0, x) = 2 sech(x), h and h_x periodic in x. Two outputs u and v, two
 * residuals: the real part -v_t + 0.5 u_xx + (u² + v²) u and the imaginary
 * part u_t + 0.5 v_xx + (u² + v²) v. The initial value is imposed by
 * (u, v) = (2 sech x, 0) + t N(x, t); periodicity is a soft condition.
 * The exact solution (a spectral reference, no closed form) comes from
 * NLS.mat: pass {@link schrodingerReference} of it, or get none (training works,
 * `evaluate` then says there is nothing to compare with).
 *
 * @example
 * const problem = schrodingerProblem(schrodingerReference(parseMat(bytes, 'NLS.mat')));
 * const trainer = new Trainer(problem, schrodinger.defaults);
 */
export function schrodingerProblem(reference?: SchrodingerReference): Problem {
  return {
    name: 'schrodinger',
    title: 'nonlinear Schrodinger i h_t + 0.5 h_xx + |h|^2 h = 0, h(0,x) = 2 sech x, periodic (Raissi et al. 2019; exact from NLS.mat)',
    inputs: ['x', 't'],
    outputs: ['u', 'v'],
    domain: { x: X, t: T },
    time: 't',
    terms: ['u', 'v', 'u_t', 'v_t', 'u_xx', 'v_xx'],
    residual: (d) => {
      const m = tf.add(tf.square(d.u), tf.square(d.v));
      return [
        tf.add(tf.sub(tf.mul(d.u_xx, 0.5), d.v_t), tf.mul(m, d.u)) as tf.Tensor2D,
        tf.add(tf.add(tf.mul(d.v_xx, 0.5), d.u_t), tf.mul(m, d.v)) as tf.Tensor2D,
      ];
    },
    residualNames: ['real', 'imaginary'],
    conditions: [
      { kind: 'initial', output: 'u', value: sech2, imposed: true },
      { kind: 'initial', output: 'v', value: 0, imposed: true },
      { kind: 'periodic', output: 'u', input: 'x', derivatives: 1 },
      { kind: 'periodic', output: 'v', input: 'x', derivatives: 1 },
    ],
    transform: {
      value: (p) => tf.concat([sech2(p), tf.zerosLike(p.x)], 1) as tf.Tensor2D,
      scale: (p) => tf.concat([p.t, p.t], 1) as tf.Tensor2D,
    },
    ...(reference ? { exact: schrodingerExact(reference) } : {}),
    // 257 x values: NLS.mat's 256 and the periodic end +5, so the grid holds the reference's nodes.
    grid: { x: 257, t: 201 },
  };
}

/**
 * The relative L2 error of |h| = √(u² + v²) on NLS.mat's grid (the paper's
 * measure): the evaluation grid without its x = +5 column, which repeats
 * x = -5 by periodicity.
 *
 * @example
 * const ev = trainer.evaluate();
 * absHError(ev); // e.g. 2e-2
 */
export function absHError(ev: Pick<Evaluated, 'points' | 'predicted' | 'exact'>): number {
  if (ev.predicted.length !== 2 || ev.exact.length !== 2) throw new Error(`Argument 'ev' passed to 'absHError' must hold the two outputs u and v, but holds ${ev.predicted.length}.`);
  const [pu, pv] = ev.predicted;
  const [eu, ev2] = ev.exact;
  let num = 0;
  let den = 0;
  ev.points.x.forEach((x, i) => {
    if (x > X[1] - 1e-9) return;
    const e = Math.hypot(eu[i], ev2[i]);
    num += (Math.hypot(pu[i], pv[i]) - e) ** 2;
    den += e * e;
  });
  return Math.sqrt(num / den);
}

/**
 * The Schrödinger module: statement, training plans (summaries add `rel_l2_abs_h`) and, from
 * data/raissi/NLS.mat when given, the exact solution.
 *
 * @example
 * const trainer = new Trainer(schrodinger.problem({}, { 'data/raissi/NLS.mat': bytes }), schrodinger.defaults);
 * await trainer.run();
 */
export const schrodinger: ProblemModule = {
  title: 'nonlinear Schrodinger i h_t + 0.5 h_xx + |h|^2 h = 0, h(0,x) = 2 sech x, periodic (Raissi et al. 2019; exact from NLS.mat)',
  data: [{ path: SCHRODINGER_MAT, required: false, what: 'the exact solution (Raissi et al.\'s spectral reference)' }],
  problem: (_study, files) => {
    const bytes = files?.[SCHRODINGER_MAT];
    return schrodingerProblem(bytes === undefined ? undefined : schrodingerReference(parseMat(bytes, 'NLS.mat')));
  },
  // rel L2 of |h| 3.4e-2 in 2600 steps (1500 + 1500: 2.9e-2); 500 points or fewer steps miss 5e-2, and 4x40 on
  // 2000 points gave 4.4e-2 in 2000 steps at 1.6x the cost per step.
  defaults: {
    network: { hidden: [32, 32, 32], activation: 'tanh', seed: 1 },
    sampling: { method: 'sobol', domain: 1000, boundary: 100, resampleEvery: 250, seed: 1 },
    adam: { steps: 1300, lr: 2e-3 },
    lbfgs: { steps: 1300, historySize: 50 },
  },
  full: {
    network: { hidden: [100, 100, 100, 100], activation: 'tanh', seed: 1 },
    sampling: { method: 'sobol', domain: 20000, boundary: 50, seed: 1 },
    adam: { steps: 2000, lr: 1e-3 },
    lbfgs: { steps: 10000, historySize: 50, resampleOnStall: 3 },
  },
  // The paper's measure; u and v themselves are in rel_l2_by_output.
  report: (_trainer, ev): Record<string, number> => (ev === null ? {} : { rel_l2_abs_h: absHError(ev) }),
};

/** @deprecated Renamed {@link SchrodingerReference}; the old name goes in the next release. */
export type NlsReference = SchrodingerReference;
/** @deprecated Renamed {@link schrodingerReference}; the old name goes in the next release. */
export const nlsReference = schrodingerReference;
/** @deprecated Renamed {@link schrodingerExact}; the old name goes in the next release. */
export const nlsExact = schrodingerExact;
