import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

import { ACTIVATIONS, ActivationName, MLP, TestNet, partial, partials, taylor } from '../../lib/index.js';
import { modelBehind } from '../../lib/taylor/planner.js';
import { describeOnBackends } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';
import { expectGoldenAgreement, goldenCases } from '../helpers/golden.js';

type Scalar = (z: number) => number;
const col = (v: number[]) => tf.tensor2d(v, [v.length, 1]);
const XS = [-1.2, -0.7, -0.3, 0, 0.25, 0.6, 0.9, 1.4];
const TS = [0.9, 0.1, 0.45, 0.3, 1.0, 0.05, 0.7, 0.55];

/** Coefficients of p(s) (p[k] s^k) to p'(s) * q(s): derivatives of sigmoid and tanh as polynomials in their value. */
function chainPolys(q: number[], order: number): number[][] {
  const polys = [[0, 1]];
  for (let n = 1; n <= order; n++) {
    const p = polys[n - 1];
    const dp = p.slice(1).map((c, k) => c * (k + 1));
    const next = new Array(dp.length + q.length - 1).fill(0);
    dp.forEach((a, i) => q.forEach((b, j) => (next[i + j] += a * b)));
    polys.push(next);
  }
  return polys;
}
const evalPoly = (p: number[], s: number) => p.reduceRight((acc, c) => acc * s + c, 0);
const SIG_POLYS = chainPolys([0, 1, -1], 7); // s' = s - s^2
const TANH_POLYS = chainPolys([1, 0, -1], 7); // y' = 1 - y^2
const sig: Scalar = (z) => 1 / (1 + Math.exp(-z));
const sigmoidD = (n: number): Scalar => (z) => evalPoly(SIG_POLYS[n], sig(z));
const tanhD = (n: number): Scalar => (z) => evalPoly(TANH_POLYS[n], Math.tanh(z));
/** Probabilists' Hermite He_n, so that phi^(n) = (-1)^n He_n phi. */
function hermite(n: number, z: number): number {
  let [a, b] = [1, z];
  if (n === 0) return a;
  for (let k = 1; k < n; k++) [a, b] = [b, z * b - k * a];
  return b;
}
const phi: Scalar = (z) => Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
function erf(z: number): number {
  let sum = 0;
  let term = z;
  for (let n = 0; n < 60; n++) {
    sum += term / (2 * n + 1);
    term *= -z * z / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
/** The n-th derivative of the standard normal CDF. */
const cdfD = (n: number): Scalar => (z) => (n === 0 ? 0.5 * (1 + erf(z / Math.SQRT2)) : (-1) ** (n - 1) * hermite(n - 1, z) * phi(z));

/** Closed forms of the n-th derivative of every activation. */
const DERIVATIVE: Record<ActivationName, (n: number) => Scalar> = {
  tanh: tanhD,
  sigmoid: sigmoidD,
  sin: (n) => (z) => Math.sin(z + (n * Math.PI) / 2),
  softplus: (n) => (n === 0 ? (z) => Math.log1p(Math.exp(z)) : sigmoidD(n - 1)),
  swish: (n) => (z) => z * sigmoidD(n)(z) + (n > 0 ? n * sigmoidD(n - 1)(z) : 0),
  gelu: (n) => (z) => z * cdfD(n)(z) + (n > 0 ? n * cdfD(n - 1)(z) : 0),
};

/** A one-hidden-layer net u = sum_i c_i act(a_i x + b_i t + d_i) + e, whose derivatives have closed forms. */
const A = [0.9, -1.3, 0.4, 1.1];
const B = [0.5, 0.8, -1.2, 0.3];
const D = [0.1, -0.2, 0.3, 0];
const C = [0.7, -0.4, 1.2, 0.5];
function shallowNet(act: ActivationName): MLP {
  return MLP.fromLayers(
    [
      { weight: A.map((a, i) => [a, B[i]]), bias: D },
      { weight: [C], bias: [0.2] },
    ],
    act,
  );
}
/** D^n u along (vx, vt), mixed: d^(p+q) u / dx^p dt^q via the same sum. */
function closedForm(act: ActivationName, p: number, q: number): number[] {
  return XS.map((x, k) =>
    A.reduce((s, a, i) => s + C[i] * a ** p * B[i] ** q * DERIVATIVE[act](p + q)(a * x + B[i] * TS[k] + D[i]), 0),
  );
}

const ORDERS = [1, 2, 3, 4, 5, 6];
/** Tolerance against float64 closed forms: float32 rounding grows with the order. */
const closedTol = (order: number) => (order <= 4 ? 1e-4 : 1e-3);

describeOnBackends('taylor', (backend) => {
  for (const act of ACTIVATIONS) {
    it(`${act}: taylor() along x and along a direction matches closed forms, orders 0..6`, () => {
      const net = shallowNet(act);
      const x = col(XS);
      const t = col(TS);
      const alongX = taylor(net, { x, t }, 'x', 6);
      expect(alongX).toHaveLength(7);
      for (const n of ORDERS) {
        expect(alongX[n].shape).toEqual([XS.length, 1]);
        expectClose(alongX[n].dataSync(), closedForm(act, n, 0), closedTol(n), `${act} d^${n}/dx^${n} on ${backend}`);
      }
      expectClose(alongX[0].dataSync(), net.forward({ x, t }).dataSync(), 1e-6, `${act} value`);
      // Along v = (0.6, -0.8): D^n u = sum_k C(n,k) 0.6^(n-k) (-0.8)^k d^n u / dx^(n-k) dt^k.
      const along = taylor(net, tf.concat([x, t], 1) as tf.Tensor2D, [0.6, -0.8], 4);
      for (const n of [1, 2, 3, 4]) {
        const ref = XS.map(() => 0);
        for (let k = 0; k <= n; k++) {
          const cf = closedForm(act, n - k, k);
          cf.forEach((v, i) => (ref[i] += binomial(n, k) * 0.6 ** (n - k) * (-0.8) ** k * v));
        }
        expectClose(along[n].dataSync(), ref, closedTol(n), `${act} D^${n} along (0.6,-0.8)`);
      }
      tf.dispose([x, t, ...alongX, ...along]);
      net.dispose();
    });

    it(`${act}: partials by Taylor mode matches nested reverse mode and closed forms, orders 1..6 and mixed`, () => {
      const net = new MLP({ sizes: [2, 8, 8, 1], activation: act, seed: 4 });
      const shallow = shallowNet(act);
      const x = col(XS);
      const t = col(TS);
      const terms = ['u', 'u_x', 'u_t', 'u_xx', 'u_xt', 'u_tt', 'u_xxx', 'u_xxt', 'u_xxxx', 'u_xxtt', 'u_txxxx', 'u_xxxxxx'];
      const viaTaylor = partials(net, { x, t }, terms, { method: 'taylor' });
      const viaReverse = partials(net, { x, t }, terms, { method: 'reverse' });
      for (const term of terms) expectClose(viaTaylor[term].dataSync(), viaReverse[term].dataSync(), 1e-4, `${act} ${term} on ${backend}`);
      const closed = partials(shallow, { x, t }, terms, { method: 'taylor' });
      for (const term of terms.slice(1)) {
        const vars = term.slice(2);
        const p = [...vars].filter((v) => v === 'x').length;
        expectClose(closed[term].dataSync(), closedForm(act, p, vars.length - p), closedTol(vars.length), `${act} ${term} closed form`);
      }
      tf.dispose([x, t, ...Object.values(viaTaylor), ...Object.values(viaReverse), ...Object.values(closed)]);
      net.dispose();
      shallow.dispose();
    });
  }

  for (const golden of goldenCases()) {
    it(`matches the PyTorch golden values of ${golden.name} (${golden.activation})`, () => {
      expectGoldenAgreement(golden, 'taylor', `on ${backend}`);
    });
  }

  it('gives the weight gradients of a fourth-order residual loss that nested reverse mode gives', () => {
    const net = new MLP({ sizes: [2, 10, 10, 1], activation: 'tanh', seed: 8 });
    const x = col(XS);
    const t = col(TS);
    const loss = (method: 'taylor' | 'reverse') => () => {
      const d = partials(net, { x, t }, ['u', 'u_t', 'u_x', 'u_xx', 'u_xxxx', 'u_xt'], { method });
      const r = tf.addN([d.u_t, tf.mul(d.u, d.u_x), tf.mul(d.u_xx, -0.01), d.u_xxxx, tf.mul(d.u_xt, 0.5)]);
      return tf.mean(tf.square(r)) as tf.Scalar;
    };
    const a = tf.variableGrads(loss('taylor'), net.variables);
    const b = tf.variableGrads(loss('reverse'), net.variables);
    expectClose(a.value.dataSync(), b.value.dataSync(), 1e-5, 'loss');
    for (const v of net.variables) expectClose(a.grads[v.name].dataSync(), b.grads[v.name].dataSync(), 1e-4, `gradient of ${v.name}`);
    tf.dispose([x, t, a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads)]);
    net.dispose();
  });

  it('gives the same numbers with and without a gradient tape (cpu: typed-array path vs tf ops)', () => {
    for (const act of ACTIVATIONS) {
      const net = new MLP({ sizes: [2, 7, 7, 1], activation: act, seed: 12 });
      const x = col(XS);
      const t = col(TS);
      const terms = ['u', 'u_x', 'u_tt', 'u_xxt', 'u_xxxx'];
      const plain = partials(net, { x, t }, terms, { method: 'taylor' });
      let taped: Record<string, tf.Tensor2D> = {};
      const { value, grads } = tf.variableGrads(() => {
        taped = partials(net, { x, t }, terms, { method: 'taylor' });
        Object.values(taped).forEach((v) => tf.keep(v));
        return tf.sum(taped.u_xxxx) as tf.Scalar;
      }, net.variables);
      for (const term of terms) expectClose(plain[term].dataSync(), taped[term].dataSync(), 1e-5, `${act} ${term}`);
      tf.dispose([x, t, value, ...Object.values(grads), ...Object.values(plain), ...Object.values(taped)]);
      net.dispose();
    }
  });

  it('trains through taylor(): minimize lowers a loss on u_xx', () => {
    const net = new MLP({ sizes: [2, 8, 1], activation: 'sin', seed: 9 });
    const x = col(XS);
    const t = col(TS);
    const opt = tf.train.adam(0.02);
    const cost = () => opt.minimize(() => tf.mean(tf.square(tf.sub(taylor(net, { x, t }, 'x', 2)[2], 1))) as tf.Scalar, true, net.variables)!;
    const first = cost();
    let last = first;
    for (let i = 0; i < 30; i++) {
      if (last !== first) last.dispose();
      last = cost();
    }
    expect(last.dataSync()[0]).toBeLessThan(first.dataSync()[0] * 0.5);
    tf.dispose([x, t, first, last]);
    opt.dispose();
    net.dispose();
  });

  it('handles several outputs, one input and broadcast (linear) nets', () => {
    const net = new MLP({ sizes: [2, 6, 2], activation: 'gelu', seed: 3 });
    const x = col(XS);
    const t = col(TS);
    const terms = ['u', 'v', 'u_xx', 'v_xt', 'v_ttt'];
    const a = partials(net, { x, t }, terms, { method: 'taylor', outputs: ['u', 'v'] });
    const b = partials(net, { x, t }, terms, { method: 'reverse', outputs: ['u', 'v'] });
    for (const term of terms) expectClose(a[term].dataSync(), b[term].dataSync(), 1e-4, term);
    const line = MLP.fromLayers([{ weight: [[2, -3]], bias: [1] }], 'tanh');
    const d = partials(line, { x, t }, ['u_x', 'u_t', 'u_xx'], { method: 'taylor' });
    expect(Array.from(d.u_x.dataSync())).toEqual(XS.map(() => 2));
    expect(Array.from(d.u_t.dataSync())).toEqual(XS.map(() => -3));
    expect(Array.from(d.u_xx.dataSync())).toEqual(XS.map(() => 0));
    const single = new MLP({ sizes: [1, 5, 1], activation: 'softplus', seed: 2 });
    const [, s1, s2] = taylor(single, { x }, 'x', 2);
    const r = partials(single, { x }, ['u_x', 'u_xx'], { method: 'reverse' });
    expectClose(s1.dataSync(), r.u_x.dataSync(), 1e-5, 'one input u_x');
    expectClose(s2.dataSync(), r.u_xx.dataSync(), 1e-5, 'one input u_xx');
    tf.dispose([x, t, s1, s2, ...Object.values(a), ...Object.values(b), ...Object.values(d), ...Object.values(r)]);
    [net, line, single].forEach((m) => m.dispose());
  });

  it('maps inputs by name whatever their order in the record, three inputs included', () => {
    const net = new MLP({ sizes: [3, 6, 6, 1], activation: 'sin', seed: 5 });
    const x = col(XS);
    const y = col(TS);
    const t = col(XS.map((v) => v * 0.5 + 0.3));
    const terms = ['u_t', 'u_xy', 'u_ttx', 'u_yyy'];
    const a = partials(net, { t, y, x }, terms, { method: 'taylor' });
    const b = partials(net, { x, y, t }, terms, { method: 'reverse' });
    for (const term of terms) expectClose(a[term].dataSync(), b[term].dataSync(), 1e-4, term);
    tf.dispose([x, y, t, ...Object.values(a), ...Object.values(b)]);
    net.dispose();
  });

  it('gives the same numbers in chunks as in one piece', () => {
    const net = new MLP({ sizes: [2, 12, 12, 1], activation: 'swish', seed: 6 });
    const n = 3000;
    const x = tf.randomUniform([n, 1], -1, 1, 'float32', 3) as tf.Tensor2D;
    const t = tf.randomUniform([n, 1], 0, 1, 'float32', 4) as tf.Tensor2D;
    const terms = ['u', 'u_t', 'u_xx', 'u_xxxx'];
    const whole = partials(net, { x, t }, terms, { method: 'taylor', chunkSize: n });
    const cut = partials(net, { x, t }, terms, { method: 'taylor', chunkSize: 700 });
    for (const term of terms) expect(Array.from(cut[term].dataSync())).toEqual(Array.from(whole[term].dataSync()));
    tf.dispose([x, t, ...Object.values(whole), ...Object.values(cut)]);
    net.dispose();
  });

  it("uses Taylor mode under 'auto' for a library MLP, also when passed as a function returning its forward", () => {
    const net = new MLP({ sizes: [2, 8, 1], activation: 'tanh', seed: 1 });
    const x = col(XS);
    const t = col(TS);
    const auto = partials(net, { x, t }, ['u_xx', 'u_xt'], { method: 'auto' });
    const viaTaylor = partials(net, { x, t }, ['u_xx', 'u_xt'], { method: 'taylor' });
    for (const k of ['u_xx', 'u_xt'] as const) expect(Array.from(auto[k].dataSync())).toEqual(Array.from(viaTaylor[k].dataSync()));
    const fn = partials((r) => net.forward(r), { x, t }, ['u_xx', 'u_xt'], { method: 'auto' });
    for (const k of ['u_xx', 'u_xt'] as const) expectClose(fn[k].dataSync(), viaTaylor[k].dataSync(), 1e-5, k);
    tf.dispose([x, t, ...Object.values(auto), ...Object.values(viaTaylor), ...Object.values(fn)]);
    net.dispose();
  });

  it('recognises a function that returns a library MLP of exactly its inputs as the MLP, and nothing else', () => {
    const net = new MLP({ sizes: [2, 8, 1], activation: 'tanh', seed: 1 });
    const x = col(XS);
    const t = col(TS);
    const rows = { x, t };
    const before = tf.memory().numTensors;
    expect(modelBehind(({ x, t }) => net.forward(x, t), rows)).toBe(net);
    expect(modelBehind((r) => net.forward(r), rows)).toBe(net);
    expect(modelBehind(({ x, t }) => net.forward(t, x), rows)).toBeUndefined(); // inputs swapped: another function
    expect(modelBehind(({ x, t }) => net.forward(x, t).mul(2), rows)).toBeUndefined();
    expect(modelBehind(({ x, t }) => net.forward(tf.concat([x, t], 1)), rows)).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
    // The swapped function still gets its own derivatives, by reverse mode: u_x of net(t, x) is net's u_t there.
    const swapped = partials(({ x, t }) => net.forward(t, x), rows, ['u_x']);
    const reference = partials(net, { x: t, t: x }, ['u_t']);
    expectClose(swapped.u_x.dataSync(), reference.u_t.dataSync(), 1e-5, 'swapped inputs');
    tf.dispose([x, t, swapped.u_x, reference.u_t]);
    net.dispose();
  });

  it('stays differentiable to any order: reverse mode over Taylor-mode terms gives the higher terms', () => {
    const net = new MLP({ sizes: [2, 8, 8, 1], activation: 'tanh', seed: 4 });
    const x = col(XS);
    const t = col(TS);
    const direct = partials(net, { x, t }, ['u_xx', 'u_xxx', 'u_xxt']);
    const uxx = partial((x) => partials(net, { x, t }, ['u_x'], { method: 'taylor' }).u_x, x);
    const uxxx = partial((x) => partial((x) => partials(net, { x, t }, ['u_x'], { method: 'taylor' }).u_x, x), x);
    const uxxt = partial((t) => partials(net, { x, t }, ['u_xx'], { method: 'taylor' }).u_xx, t);
    expectClose(uxx.dataSync(), direct.u_xx.dataSync(), 1e-5, 'u_xx');
    expectClose(uxxx.dataSync(), direct.u_xxx.dataSync(), 1e-5, 'u_xxx');
    expectClose(uxxt.dataSync(), direct.u_xxt.dataSync(), 1e-5, 'u_xxt');
    tf.dispose([x, t, uxx, uxxx, uxxt, ...Object.values(direct)]);
    net.dispose();
  });

  it('leaks no tensors: taylor(), partials in Taylor mode, and a training step through it', () => {
    const net = new TestNet({ seed: 1 });
    const x = col(XS);
    const t = col(TS);
    const opt = tf.train.sgd(0.01);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      tf.dispose(taylor(net, { x, t }, [1, 2], 5));
      tf.dispose(Object.values(partials(net, { x, t }, ['u', 'u_xxt', 'u_tt'], { method: 'taylor' })));
      opt.minimize(() => tf.sum(partials(net, { x, t }, ['u_xxxx'], { method: 'taylor' }).u_xxxx), false, net.variables);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, t]);
    opt.dispose();
    net.dispose();
  });
});

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}
