// Variants of the lid-driven cavity statement for bench/cavity_probe.ts (diagnosis only).
import * as tf from '@tensorflow/tfjs';

import { rectangle } from '../lib/geometry/box.js';
import type { Trainer } from '../lib/pinn/trainer/index.js';
import { solutionTerms } from '../lib/pinn/loss/solution.js';
import { toColumns } from '../lib/pinn/batch.js';
import { Columns, Problem } from '../lib/pinn/types.js';
import { GHIA_RE100_U, GHIA_RE100_V, cavityWalls } from '../lib/pinn/problems/cavity.js';
import { NAVIER_STOKES_RESIDUALS, NAVIER_STOKES_TERMS, steadyNavierStokes } from '../lib/pinn/problems/navier_stokes.js';

type Errors = (t: Trainer) => { ghia_max_abs_error_u: number; ghia_max_abs_error_v: number };
export type Params = { C?: number; M?: number; lid?: 'cosh' | 'poly' | 'one'; re?: number; detail?: boolean; r0?: number; bs?: number; wp?: number };

/** Residuals times r/sqrt(r^2 + r0^2), r the distance to the nearer lid corner (no weighting without r0). */
function cornerWeight(params: Params, rs: tf.Tensor2D[], p: Columns): tf.Tensor2D[] {
  const r0 = params.r0;
  if (r0 === undefined) return rs;
  const dy2 = tf.square(tf.sub(1, p.y));
  const r2 = tf.add(tf.minimum(tf.square(p.x), tf.square(tf.sub(1, p.x))), dy2);
  const w = tf.pow(tf.div(r2, tf.add(r2, r0 * r0)), (params.wp ?? 1) / 2);
  return rs.map((r) => tf.mul(r, w) as tf.Tensor2D);
}

function lidFns(params: Params) {
  const C = params.C ?? 20;
  if ((params.lid ?? 'cosh') === 'poly') {
    // 16 x^2 (1-x)^2
    const lid = (x: tf.Tensor2D) => tf.mul(tf.square(tf.mul(x, tf.sub(1, x))), 16) as tf.Tensor2D;
    const dlid = (x: tf.Tensor2D) => tf.mul(tf.mul(tf.mul(x, tf.sub(1, x)), tf.sub(1, tf.mul(x, 2))), 32) as tf.Tensor2D;
    return { lid, dlid };
  }
  const c = (x: tf.Tensor2D) => tf.div(tf.cosh(tf.mul(tf.sub(x, 0.5), C)), Math.cosh(C / 2));
  const dc = (x: tf.Tensor2D) => tf.div(tf.mul(tf.sinh(tf.mul(tf.sub(x, 0.5), C)), C), Math.cosh(C / 2));
  const lid = (x: tf.Tensor2D) => tf.square(tf.sub(1, c(x))) as tf.Tensor2D;
  const dlid = (x: tf.Tensor2D) => tf.mul(tf.mul(tf.sub(1, c(x)), dc(x)), -2) as tf.Tensor2D;
  return { lid, dlid };
}

function worst(got: Float64Array, table: readonly (readonly [number, number])[], detail = false) {
  if (detail) console.log(table.map(([s, ref], i) => `${s}:${(got[i] - ref).toFixed(3)}`).join(' '));
  return table.reduce((m, [, ref], i) => Math.max(m, Math.abs(got[i] - ref)), 0);
}

function uvpErrors(detail: boolean): Errors {
  return (trainer) => {
    const ys = GHIA_RE100_U.map((r) => r[0]);
    const xs = GHIA_RE100_V.map((r) => r[0]);
    const [u] = trainer.predict({ x: new Float64Array(ys.length).fill(0.5), y: Float64Array.from(ys) });
    const [, v] = trainer.predict({ x: Float64Array.from(xs), y: new Float64Array(xs.length).fill(0.5) });
    return { ghia_max_abs_error_u: worst(u, GHIA_RE100_U, detail), ghia_max_abs_error_v: worst(v, GHIA_RE100_V, detail) };
  };
}

const bubble = (p: Columns) => tf.mul(tf.mul(p.x, tf.sub(1, p.x)), tf.mul(p.y, tf.sub(1, p.y)));

/** (u, v, p) with the lifting psi0 = lid(x) y^M (y - 1), as shipped. */
function uvp(params: Params): { problem: Problem; errors: Errors } {
  const nu = 1 / (params.re ?? 100);
  const M = params.M ?? 8;
  const { lid, dlid } = lidFns(params);
  const problem: Problem = {
    name: 'cavity',
    title: 'cavity uvp',
    inputs: ['x', 'y'],
    outputs: ['u', 'v', 'p'],
    geometry: rectangle({ x: [0, 1], y: [0, 1] }),
    terms: NAVIER_STOKES_TERMS,
    residual: (d, p) => cornerWeight(params, steadyNavierStokes(d, nu), p),
    residualNames: NAVIER_STOKES_RESIDUALS,
    conditions: cavityWalls((p) => lid(p.x), true),
    transform: {
      value: (p) => {
        const yM1 = tf.pow(p.y, M - 1);
        const yM = tf.mul(yM1, p.y);
        const u = tf.mul(lid(p.x), tf.sub(tf.mul(yM, M + 1), tf.mul(yM1, M)));
        const v = tf.neg(tf.mul(dlid(p.x), tf.sub(tf.mul(yM, p.y), yM)));
        return tf.concat([u, v, tf.zerosLike(p.x)], 1);
      },
      scale: (p) => {
        const b = tf.mul(bubble(p), params.bs ?? 1);
        return tf.concat([b, b, tf.onesLike(p.x)], 1);
      },
    },
    upToConstant: ['p'],
    grid: { x: 101, y: 101 },
  };
  return { problem, errors: uvpErrors(params.detail ?? false) };
}

/** (u, v, p) with soft conditions: u = lid(x) (or 1) on y = 1, zero elsewhere, plain network. */
function soft(params: Params): { problem: Problem; errors: Errors } {
  const nu = 1 / (params.re ?? 100);
  const kind = params.lid ?? 'one';
  const { lid } = lidFns(params);
  const problem: Problem = {
    ...uvp(params).problem,
    conditions: cavityWalls(kind === 'one' ? 1 : (p) => lid(p.x), false),
    transform: undefined,
  };
  void nu;
  return { problem, errors: uvpErrors(params.detail ?? false) };
}

/**
 * Stream function: outputs (psi, p), u = psi_y, v = -psi_x; psi = psi0 + x^2(1-x)^2 y^2(1-y)^2 N,
 * psi0 = lid(x) y^M (y - 1) (M >= 2), so psi = 0 on the walls, psi_n = 0 except u = lid on y = 1.
 */
function psi(params: Params): { problem: Problem; errors: Errors } {
  const nu = 1 / (params.re ?? 100);
  const M = params.M ?? 2;
  const { lid } = lidFns(params);
  const b2 = (p: Columns) => tf.square(bubble(p));
  const problem: Problem = {
    name: 'cavity',
    title: 'cavity psi',
    inputs: ['x', 'y'],
    outputs: ['psi', 'p'],
    geometry: rectangle({ x: [0, 1], y: [0, 1] }),
    terms: ['psi_x', 'psi_y', 'psi_xx', 'psi_xy', 'psi_yy', 'psi_xxx', 'psi_xxy', 'psi_xyy', 'psi_yyy', 'p_x', 'p_y'],
    residual: (d, p) => cornerWeight(params, [
      // u u_x + v u_y + p_x - nu Δu with u = psi_y, v = -psi_x
      tf.sub(tf.add(tf.sub(tf.mul(d.psi_y, d.psi_xy), tf.mul(d.psi_x, d.psi_yy)), d.p_x), tf.mul(tf.add(d.psi_xxy, d.psi_yyy), nu)) as tf.Tensor2D,
      // u v_x + v v_y + p_y - nu Δv with v = -psi_x
      tf.add(tf.add(tf.sub(tf.mul(d.psi_x, d.psi_xy), tf.mul(d.psi_y, d.psi_xx)), d.p_y), tf.mul(tf.add(d.psi_xxx, d.psi_xyy), nu)) as tf.Tensor2D,
    ], p),
    residualNames: ['momentum-x', 'momentum-y'],
    conditions: [
      { kind: 'dirichlet', on: 'boundary', value: 0, output: 'psi', imposed: true },
    ],
    transform: {
      value: (p) => tf.concat([tf.mul(lid(p.x), tf.mul(tf.pow(p.y, M), tf.sub(p.y, 1))), tf.zerosLike(p.x)], 1),
      scale: (p) => tf.concat([b2(p), tf.onesLike(p.x)], 1),
    },
    upToConstant: ['p'],
    grid: { x: 101, y: 101 },
  };
  const errors: Errors = (trainer) =>
    tf.tidy(() => {
      const ys = GHIA_RE100_U.map((r) => r[0]);
      const xs = GHIA_RE100_V.map((r) => r[0]);
      const pts = toColumns({ x: Float64Array.from([...ys.map(() => 0.5), ...xs]), y: Float64Array.from([...ys, ...xs.map(() => 0.5)]) });
      const d = solutionTerms(problem, trainer.net, pts, ['psi_x', 'psi_y']);
      const uy = d.psi_y.dataSync();
      const vx = d.psi_x.dataSync();
      const u = Float64Array.from(ys, (_, i) => uy[i]);
      const v = Float64Array.from(xs, (_, i) => -vx[ys.length + i]);
      return { ghia_max_abs_error_u: worst(u, GHIA_RE100_U, params.detail), ghia_max_abs_error_v: worst(v, GHIA_RE100_V, params.detail) };
    });
  return { problem, errors };
}

/**
 * (u, v, p) with psi0 = (y - 1) y^2 F, F = lid(x) y^M + s(x) (1 - y^M), s = 16 x^2 (1 - x)^2: the sharp lid only
 * in a layer under the lid, a smooth profile below it.
 */
function blend(params: Params): { problem: Problem; errors: Errors } {
  const M = params.M ?? 8;
  const { lid, dlid } = lidFns(params);
  const { lid: sm, dlid: dsm } = lidFns({ lid: 'poly' });
  const base = uvp(params).problem;
  const problem: Problem = {
    ...base,
    transform: {
      value: (p) => {
        const y = p.y;
        const a = tf.mul(tf.sub(y, 1), tf.square(y));
        const da = tf.sub(tf.mul(tf.square(y), 3), tf.mul(y, 2));
        const yM1 = tf.pow(y, M - 1);
        const yM = tf.mul(yM1, y);
        const L = lid(p.x);
        const S = sm(p.x);
        const F = tf.add(tf.mul(L, yM), tf.mul(S, tf.sub(1, yM)));
        const Fy = tf.mul(tf.mul(yM1, M), tf.sub(L, S));
        const Fx = tf.add(tf.mul(dlid(p.x), yM), tf.mul(dsm(p.x), tf.sub(1, yM)));
        const u = tf.add(tf.mul(da, F), tf.mul(a, Fy));
        const v = tf.neg(tf.mul(a, Fx));
        return tf.concat([u, v, tf.zerosLike(p.x)], 1);
      },
      scale: (base.transform as { scale: (p: Columns) => tf.Tensor }).scale,
    },
  };
  return { problem, errors: uvpErrors(params.detail ?? false) };
}

export const variants: Record<string, (p: Params) => { problem: Problem; errors: Errors }> = { uvp, soft, psi, blend };
