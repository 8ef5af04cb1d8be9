import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { MLP, PROBLEMS, SCHRODINGER_MAT, Trainer, absHError, checkProblem, nlsExact, nlsReference, parseMat, partials, schrodinger, schrodingerExact, schrodingerProblem, schrodingerReference } from '../../../lib/index.js';
import { buildProblem, readSchrodingerReference } from '../../../lib/node/index.js';
import { sampleConditionPoints, toColumns } from '../../../lib/pinn/batch.js';
import { conditionMisfits } from '../../../lib/pinn/loss/misfits.js';
import { Rng } from '../../../lib/sampling/rng.js';
import { describeOnBackends } from '../../helpers/backends.js';

const mat = () => parseMat(readFileSync(SCHRODINGER_MAT), 'NLS.mat');
const column = (v: number[]) => tf.tensor2d(v, [v.length, 1]);
const sech = (x: number) => 1 / Math.cosh(x);

describe('schrodinger: the statement', () => {
  it('is well-formed, shipped, and gets its exact solution only from NLS.mat', () => {
    expect(PROBLEMS.schrodinger).toBe(schrodinger);
    const p = checkProblem(schrodingerProblem());
    expect(p.outputs).toEqual(['u', 'v']);
    expect(p.residualNames).toEqual(['real', 'imaginary']);
    expect(p.exact).toBeUndefined();
    expect(checkProblem(buildProblem(schrodinger)).exact).toBeTypeOf('function');
    // The names before the rename stay, deprecated, for one release.
    expect(nlsReference).toBe(schrodingerReference);
    expect(nlsExact).toBe(schrodingerExact);
    // The initial value is imposed, periodicity (values and first x-derivatives of both outputs) is trained.
    expect(p.conditions.map((c) => [c.kind, c.output, c.imposed ?? false, c.kind === 'periodic' ? [c.input, c.derivatives] : null])).toEqual([
      ['initial', 'u', true, null],
      ['initial', 'v', true, null],
      ['periodic', 'u', false, ['x', 1]],
      ['periodic', 'v', false, ['x', 1]],
    ]);
  });

  it('the transform gives h(0, x) = 2 sech x whatever the network', () => {
    const before = tf.memory().numTensors;
    const problem = schrodingerProblem();
    const net = new MLP({ sizes: [2, 12, 12, 2], seed: 4, inputs: ['x', 't'] });
    const sets = sampleConditionPoints(problem, 64, 'uniform', new Rng(3), {});
    for (const i of [0, 1]) {
      const worst = tf.tidy(() => Math.max(...conditionMisfits(problem, problem.conditions[i], net, sets[i].map(toColumns)).map((m) => tf.max(tf.abs(m)).dataSync()[0])));
      expect(worst, `condition ${i}`).toBeLessThan(1e-5);
    }
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('periodic conditions compare u, u_x, v, v_x at x = -5 and 5: a periodic network leaves only the initial value 2 sech x own slope mismatch', () => {
    const before = tf.memory().numTensors;
    const problem = schrodingerProblem();
    // N periodic in x with period 10, different for u and v.
    const net = { forward: (p: Record<string, tf.Tensor>) => tf.concat([tf.mul(tf.sin(tf.mul(p.x, Math.PI / 5)), p.t), tf.cos(tf.mul(p.x, Math.PI / 5))], 1) };
    const t = [0.1, 0.7, 1.5];
    const ends = [{ x: column([-5, -5, -5]), t: column(t) }, { x: column([5, 5, 5]), t: column(t) }];
    const slope = 4 * sech(5) * Math.tanh(5); // d/dx 2 sech x at -5 minus at 5
    const got = tf.tidy(() => [2, 3].map((i) => conditionMisfits(problem, problem.conditions[i], net, ends).map((m) => Array.from(m.dataSync()))));
    tf.dispose(ends.flatMap((e) => Object.values(e)));
    // [u, u_x] then [v, v_x], each at the three times.
    got[0][0].forEach((m) => expect(Math.abs(m)).toBeLessThan(1e-5));
    got[0][1].forEach((m) => expect(Math.abs(Math.abs(m) - slope)).toBeLessThan(1e-5));
    for (const m of [...got[1][0], ...got[1][1]]) expect(Math.abs(m)).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('its residual vanishes on the soliton h = sech(x) e^{it/2} and not on sech(x) e^{-it/2}', () => {
    const before = tf.memory().numTensors;
    const problem = schrodingerProblem();
    const rng = new Rng(7);
    const n = 64;
    const p = { x: column(Array.from({ length: n }, () => 10 * rng.next() - 5)), t: column(Array.from({ length: n }, () => (Math.PI / 2) * rng.next())) };
    const worst = (phase: number) =>
      tf.tidy(() => {
        const h = (q: Record<string, tf.Tensor>) => {
          const s = tf.div(1, tf.cosh(q.x));
          return tf.concat([tf.mul(s, tf.cos(tf.mul(q.t, phase))), tf.mul(s, tf.sin(tf.mul(q.t, phase)))], 1);
        };
        const d = partials(h, p, problem.terms, { outputs: problem.outputs });
        const r = problem.residual(d as Record<string, tf.Tensor2D>, p) as tf.Tensor[];
        expect(r.length).toBe(2);
        return Math.max(...r.map((x) => tf.max(tf.abs(x)).dataSync()[0]));
      });
    expect(worst(0.5)).toBeLessThan(1e-4);
    // i h_t = +h/2 instead of -h/2: the residual is h itself, up to sech 0 = 1.
    expect(worst(-0.5)).toBeGreaterThan(0.5);
    tf.dispose(Object.values(p));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('schrodinger: the NLS.mat reference', () => {
  it('has x [1,256], tt [1,201], complex uu [256,201], and |h(0, x)| = 2 sech x', () => {
    const m = mat();
    expect(m.x.shape).toEqual([1, 256]);
    expect(m.tt.shape).toEqual([1, 201]);
    expect(m.uu.shape).toEqual([256, 201]);
    expect(m.uu.imag).toBeInstanceOf(Float64Array);
    const ref = readSchrodingerReference();
    let worst = 0;
    ref.x.forEach((x, i) => (worst = Math.max(worst, Math.abs(Math.hypot(ref.u[i * 201], ref.v[i * 201]) - 2 * sech(x)))));
    expect(worst).toBeLessThan(1e-6);
  });

  it('solves the same equation: 4th-order differences of uu leave under 2% of the terms in the residual', () => {
    const { u, v } = readSchrodingerReference();
    const [nx, nt, dx, dt] = [256, 201, 10 / 256, Math.PI / 2 / 200];
    const at = (f: Float64Array, i: number, j: number) => f[(((i % nx) + nx) % nx) * nt + j];
    let num = 0;
    let den = 0;
    for (let j = 2; j < nt - 2; j++) {
      for (let i = 0; i < nx; i++) {
        const xx = (f: Float64Array) => (-at(f, i + 2, j) + 16 * at(f, i + 1, j) - 30 * at(f, i, j) + 16 * at(f, i - 1, j) - at(f, i - 2, j)) / (12 * dx * dx);
        const tt = (f: Float64Array) => (-at(f, i, j + 2) + 8 * at(f, i, j + 1) - 8 * at(f, i, j - 1) + at(f, i, j - 2)) / (12 * dt);
        const [a, b] = [at(u, i, j), at(v, i, j)];
        const m = a * a + b * b;
        num += (0.5 * xx(u) - tt(v) + m * a) ** 2 + (0.5 * xx(v) + tt(u) + m * b) ** 2;
        den += (0.5 * xx(u)) ** 2 + (0.5 * xx(v)) ** 2 + (m * a) ** 2 + (m * b) ** 2;
      }
    }
    // Measured 7.5e-3 (the differences' own error); the conjugate equation would leave O(1).
    expect(Math.sqrt(num / den)).toBeLessThan(2e-2);
  });

  it('schrodingerExact returns the stored values on the grid (x = 5 repeating x = -5) and interpolates between nodes', () => {
    const ref = readSchrodingerReference();
    const exact = schrodingerExact(ref);
    const [u, v] = exact({ x: Float64Array.of(ref.x[17], 5, -5), t: Float64Array.of(ref.t[80], ref.t[33], ref.t[33]) });
    expect([u[0], v[0]]).toEqual([ref.u[17 * 201 + 80], ref.v[17 * 201 + 80]]);
    expect([u[1], v[1]]).toEqual([u[2], v[2]]);
    expect(u[2]).toBe(ref.u[33]);
    // Between nodes at t = 0, where |h| = 2 sech x is known; away from the seam at x = ±5, where 2 sech x
    // has a slope jump of 0.054 (next to it, at x = -4.97, the error is 5.9e-5).
    const x = Float64Array.from({ length: 50 }, (_, i) => -4.8 + 0.19 * i + 0.0123);
    const [u0, v0] = exact({ x, t: new Float64Array(50) });
    x.forEach((xi, i) => expect(Math.abs(Math.hypot(u0[i], v0[i]) - 2 * sech(xi))).toBeLessThan(1e-5));
    expect(() => exact({ x: Float64Array.of(5.5), t: Float64Array.of(0) })).toThrow('The NLS reference covers x in [-5, 5] and t in [0, π/2], but was asked at (x, t) = (5.5, 0).');
  });

  it('schrodingerReference names what is missing or wrong', () => {
    const m = mat();
    expect(() => schrodingerReference({ x: m.x, tt: m.tt })).toThrow("Argument 'mat' passed to 'schrodingerReference' must hold NLS.mat's x [1,256] in [-5, 5), tt [1,201] in [0, π/2] and complex uu [256,201], but has no 'uu' (it has x, tt).");
    expect(() => schrodingerReference({ ...m, uu: { shape: m.uu.shape, data: m.uu.data } })).toThrow('but uu is real.');
    expect(() => schrodingerReference({ ...m, tt: { shape: [1, 201], data: m.tt.data.map((t) => 2 * t) } })).toThrow('but tt[1] is 0.015707963267948967, not 0.007853981633974483 (a uniform grid).');
  });
});

describeOnBackends('schrodinger: training', () => {
  it('a few Adam and L-BFGS steps decrease the loss, leak nothing, and |h| is measured on the 256 x 201 grid', async () => {
    const before = tf.memory().numTensors;
    const trainer = new Trainer(schrodingerProblem(readSchrodingerReference()), {
      network: { hidden: [12, 12], seed: 1 },
      sampling: { domain: 128, boundary: 16, seed: 1 },
      adam: { steps: 10, lr: 1e-2 },
      lbfgs: { steps: 5, historySize: 10 },
    });
    await trainer.run();
    const losses = trainer.history.map((r) => r.loss);
    expect(losses.length).toBe(15);
    expect(losses.at(-1)).toBeLessThan(losses[0]);
    expect(Object.keys(trainer.history[0].parts)).toEqual(expect.arrayContaining(['residual:real', 'residual:imaginary']));
    const ev = trainer.evaluate();
    // The same measure by hand, on NLS.mat's own points.
    const ref = readSchrodingerReference();
    const pts = { x: new Float64Array(256 * 201), t: new Float64Array(256 * 201) };
    ref.x.forEach((x, i) => ref.t.forEach((t, j) => ((pts.x[i * 201 + j] = x), (pts.t[i * 201 + j] = t))));
    const [pu, pv] = trainer.predict(pts);
    let [num, den] = [0, 0];
    for (let k = 0; k < pu.length; k++) {
      const e = Math.hypot(ref.u[k], ref.v[k]);
      num += (Math.hypot(pu[k], pv[k]) - e) ** 2;
      den += e * e;
    }
    expect(Math.abs(absHError(ev) - Math.sqrt(num / den))).toBeLessThan(1e-6 * absHError(ev));
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
