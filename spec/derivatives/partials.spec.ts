import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { MLP, TestNet, initBackend, partials } from '../../lib/index.js';
import { describeOnBackends } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';

const col = (v: number[]) => tf.tensor2d(v, [v.length, 1]);
const XS = [-1, -0.4, 0.1, 0.7, 1.3];
const TS = [0, 0.2, 0.5, 0.7, 1];

describeOnBackends('partials', () => {
  it('calls u exactly once for the Burgers term set', () => {
    const net = new TestNet({ seed: 2 });
    const x = col(XS);
    const t = col(TS);
    let calls = 0;
    const d = partials((r) => (calls++, net.forward(r)), { x, t }, ['u', 'u_t', 'u_x', 'u_xx']);
    expect(calls).toBe(1);
    expect(Object.keys(d)).toEqual(['u', 'u_t', 'u_x', 'u_xx']);
    for (const v of Object.values(d)) expect(v.shape).toEqual([5, 1]);
    tf.dispose([x, t, ...Object.values(d)]);
    net.dispose();
  });

  it('matches closed forms of u = sin(x) exp(-t) + x^2 t, mixed terms in either order', () => {
    const x = col(XS);
    const t = col(TS);
    const u = ({ x, t }: Record<string, tf.Tensor2D>) => tf.add(tf.mul(tf.sin(x), tf.exp(tf.neg(t))), tf.mul(tf.square(x), t));
    const d = partials(u, { x, t }, ['u_xt', 'u_tx', 'u_xxt', 'u_tt', 'u_xxx', 'u_ttx']);
    const at = (f: (a: number, b: number) => number) => XS.map((a, i) => f(a, TS[i]));
    expectClose(d.u_xt.dataSync(), at((a, b) => -Math.cos(a) * Math.exp(-b) + 2 * a), 1e-6);
    expect(Array.from(d.u_tx.dataSync())).toEqual(Array.from(d.u_xt.dataSync()));
    expectClose(d.u_xxt.dataSync(), at((a, b) => Math.sin(a) * Math.exp(-b) + 2), 1e-6);
    expectClose(d.u_tt.dataSync(), at((a, b) => Math.sin(a) * Math.exp(-b)), 1e-6);
    expectClose(d.u_xxx.dataSync(), at((a, b) => -Math.cos(a) * Math.exp(-b)), 1e-6);
    expectClose(d.u_ttx.dataSync(), at((a, b) => Math.cos(a) * Math.exp(-b)), 1e-6);
    tf.dispose([x, t, ...Object.values(d)]);
  });

  it('names several outputs and three inputs: v_yy of a [N,2] output', () => {
    const x = col(XS);
    const y = col(TS);
    const t = col(TS.map((v) => v + 1));
    const u = ({ x, y, t }: Record<string, tf.Tensor2D>) => tf.concat([tf.mul(x, t), tf.mul(tf.pow(y, 3), t)], 1);
    const d = partials(u, { x, y, t }, ['u_x', 'v_yy', 'v_yt'], { outputs: ['u', 'v'] });
    expectClose(d.u_x.dataSync(), TS.map((v) => v + 1), 1e-6);
    expectClose(d.v_yy.dataSync(), TS.map((v) => 6 * v * (v + 1)), 1e-6);
    expectClose(d.v_yt.dataSync(), TS.map((v) => 3 * v * v), 1e-6);
    tf.dispose([x, y, t, ...Object.values(d)]);
  });

  it('returns true zeros where a mixed derivative vanishes (u = x + t: u_xt)', () => {
    const x = col(XS);
    const t = col(TS);
    const d = partials(({ x, t }) => tf.add(x, t), { x, t }, ['u_xt', 'u_xx']);
    expect(Array.from(d.u_xt.dataSync())).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(d.u_xx.dataSync())).toEqual([0, 0, 0, 0, 0]);
    tf.dispose([x, t, ...Object.values(d)]);
  });

  it("gives identical numbers with seed 'sum' and 'ones', and takes a model directly", () => {
    const net = new MLP({ sizes: [2, 8, 8, 1], activation: 'tanh', seed: 5 });
    const x = col(XS);
    const t = col(TS);
    const terms = ['u', 'u_x', 'u_xt', 'u_xxx'];
    const a = partials(net, { x, t }, terms, { seed: 'sum', method: 'reverse' });
    const b = partials(net, { x, t }, terms, { seed: 'ones', method: 'reverse' });
    for (const k of terms) expect(Array.from(a[k].dataSync())).toEqual(Array.from(b[k].dataSync()));
    tf.dispose([x, t, ...Object.values(a), ...Object.values(b)]);
    net.dispose();
  });

  it('gives the same numbers in chunks as in one piece', () => {
    const net = new MLP({ sizes: [2, 16, 16, 1], activation: 'tanh', seed: 7 });
    const n = 5000;
    const x = tf.randomUniform([n, 1], -1, 1, 'float32', 1) as tf.Tensor2D;
    const t = tf.randomUniform([n, 1], 0, 1, 'float32', 2) as tf.Tensor2D;
    const terms = ['u', 'u_t', 'u_xx', 'u_xxxx'];
    const whole = partials(net, { x, t }, terms, { method: 'reverse', chunkSize: n });
    const cut = partials(net, { x, t }, terms, { method: 'reverse', chunkSize: 777 });
    const probed = partials(net, { x, t }, terms, { method: 'reverse', memoryBudget: 8 * 1024 * 1024 });
    for (const k of terms) {
      expectClose(cut[k].dataSync(), whole[k].dataSync(), 1e-6, `${k} in chunks of 777`);
      expectClose(probed[k].dataSync(), whole[k].dataSync(), 1e-6, `${k} in probed chunks`);
    }
    tf.dispose([x, t, ...Object.values(whole), ...Object.values(cut), ...Object.values(probed)]);
    net.dispose();
  });

  it('is differentiable with respect to the weights: a Burgers residual loss has the same weight gradients as plain nested tf.grad', () => {
    const net = new MLP({ sizes: [2, 8, 8, 1], activation: 'tanh', seed: 21 });
    const x = col(XS);
    const t = col(TS);
    const nu = 0.01 / Math.PI;
    const viaPartials = () => {
      const d = partials(net, { x, t }, ['u', 'u_t', 'u_x', 'u_xx'], { method: 'reverse' });
      return tf.mean(tf.square(tf.sub(tf.add(d.u_t, tf.mul(d.u, d.u_x)), tf.mul(d.u_xx, nu)))) as tf.Scalar;
    };
    const viaTfGrad = () => {
      const ux = (xx: tf.Tensor) => tf.grad((c: tf.Tensor) => net.forward(c as tf.Tensor2D, t))(xx);
      const u = net.forward(x, t);
      const u_t = tf.grad((c: tf.Tensor) => net.forward(x, c as tf.Tensor2D))(t);
      const u_xx = tf.grad(ux)(x);
      return tf.mean(tf.square(tf.sub(tf.add(u_t, tf.mul(u, ux(x))), tf.mul(u_xx, nu)))) as tf.Scalar;
    };
    const a = tf.variableGrads(viaPartials, net.variables);
    const b = tf.variableGrads(viaTfGrad, net.variables);
    expect(a.value.dataSync()[0]).toBeCloseTo(b.value.dataSync()[0], 6);
    for (const v of net.variables) expectClose(a.grads[v.name].dataSync(), b.grads[v.name].dataSync(), 1e-4, v.name);
    tf.dispose([x, t, a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads)]);
    net.dispose();
  });

  it('probes the memory cost of large inputs once, then reuses it', () => {
    const net = new TestNet({ seed: 4 });
    const n = 6000;
    const x = tf.randomUniform([n, 1], -1, 1, 'float32', 8) as tf.Tensor2D;
    const t = tf.randomUniform([n, 1], 0, 1, 'float32', 9) as tf.Tensor2D;
    let calls = 0;
    const u = (r: Record<string, tf.Tensor2D>) => (calls++, net.forward(r));
    tf.dispose(Object.values(partials(u, { x, t }, ['u_xx'])));
    expect(calls).toBe(2); // a probe chunk, then the rest in one chunk that fits
    tf.dispose(Object.values(partials(u, { x, t }, ['u_xx'])));
    expect(calls).toBe(3);
    tf.dispose([x, t]);
    net.dispose();
  });

  it('leaks no tensors over 1,000 calls', () => {
    const net = new TestNet({ seed: 1 });
    const x = col(XS);
    const t = col(TS);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) {
      const d = partials(net, { x, t }, ['u', 'u_t', 'u_x', 'u_xx'], { method: 'reverse' });
      tf.dispose(Object.values(d));
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, t]);
    net.dispose();
  });
});

describeOnBackends('partials at scale', (backend) => {
  it(`evaluates N = 1,000,000 points to second order in bounded chunks on ${backend}`, () => {
    const net = new TestNet({ seed: 11 });
    const n = 1_000_000;
    const x = tf.randomUniform([n, 1], -1, 1, 'float32', 3) as tf.Tensor2D;
    const t = tf.randomUniform([n, 1], 0, 1, 'float32', 4) as tf.Tensor2D;
    const terms = ['u', 'u_t', 'u_x', 'u_xx'];
    const d = partials(net, { x, t }, terms, { method: 'reverse', memoryBudget: 64 * 1024 * 1024 });
    // Spot-check rows against a small evaluation of just those rows.
    const rows = [0, 123_457, 999_999];
    const xs = tf.gather(x, rows) as tf.Tensor2D;
    const ts = tf.gather(t, rows) as tf.Tensor2D;
    const small = partials(net, { x: xs, t: ts }, terms, { method: 'reverse' });
    for (const k of terms) {
      expect(d[k].shape).toEqual([n, 1]);
      expectClose(tf.gather(d[k], rows).dataSync(), small[k].dataSync(), 1e-5, k);
      expect(tf.all(tf.isFinite(d[k])).dataSync()[0]).toBe(1);
    }
    tf.dispose([x, t, xs, ts, ...Object.values(d), ...Object.values(small)]);
    net.dispose();
  });
});

// The wasm module aborts (killing the process) on this in one piece; chunking is what saves it.
describe('partials on wasm, fourth order at scale', () => {
  beforeAll(async () => {
    await initBackend('wasm', { log: false });
  });

  it(`evaluates a fourth-order term of a 2-[20]x4-1 tanh MLP at N = 100,000 without crashing`, () => {
    const net = new MLP({ sizes: [2, 20, 20, 20, 20, 1], activation: 'tanh', seed: 12 });
    const n = 100_000;
    const x = tf.randomUniform([n, 1], -1, 1, 'float32', 5) as tf.Tensor2D;
    const t = tf.randomUniform([n, 1], 0, 1, 'float32', 6) as tf.Tensor2D;
    const d = partials(net, { x, t }, ['u_xxxx'], { method: 'reverse' });
    const head = partials(net, { x: x.slice([0, 0], [10, 1]), t: t.slice([0, 0], [10, 1]) }, ['u_xxxx'], { method: 'reverse' });
    expectClose(d.u_xxxx.slice([0, 0], [10, 1]).dataSync(), head.u_xxxx.dataSync(), 1e-5);
    tf.dispose([x, t, d.u_xxxx, head.u_xxxx]);
    net.dispose();
  });
});

it('checks its arguments and names what was wrong', () => {
  const x = col(XS);
  const t = col(TS);
  const net = new TestNet({ seed: 1 });
  const u = (r: Record<string, tf.Tensor2D>) => net.forward(r);
  expect(() => partials(u, { x, t }, ['u_z'])).toThrow("Term 'u_z' passed to 'partials' differentiates by 'z', but the inputs are [x, t].");
  expect(() => partials(u, { x, t }, ['w_x'])).toThrow("Term 'w_x' passed to 'partials' names output 'w', but the outputs are [u] (set options.outputs to name them).");
  expect(() => partials(u, { x, t }, ['uxt'])).toThrow("Term 'uxt' passed to 'partials' names output 'uxt', but the outputs are [u] (set options.outputs to name them). Did you mean 'u_xt'?");
  expect(() => partials(u, { x, t }, ['u_'])).toThrow("Term 'u_' passed to 'partials' has nothing after '_'");
  expect(() => partials(u, { x, t }, [])).toThrow("Argument 'terms' passed to 'partials' must be a non-empty array");
  expect(() => partials(u, { x, t: col([1, 2]) }, ['u'])).toThrow("Inputs passed to 'partials' must all have the same number of rows: 'x' has 5, 't' has 2.");
  expect(() => partials(u, { xx: x }, ['u'])).toThrow("Input 'xx' passed to 'partials' must be named by a single character");
  const ints = tf.tensor2d([1, 2, 3, 4, 5], [5, 1], 'int32');
  expect(() => partials(u, { x: ints, t }, ['u'])).toThrow("Argument 'inputs.x' passed to 'partials' must be float32 to be differentiated, but got dtype int32.");
  expect(() => partials(u, { x, t }, ['u_x'], { outputs: ['u', 'v'] })).toThrow("'partials': u must return [N,2] (one column per output [u, v]) with N = 5");
  expect(() => partials(({ x }) => tf.sin(x), { x, t }, ['u_t'])).toThrow("'partials': output 'u' does not depend on input 't'");
  expect(() => partials(u, { x, t }, ['u'], { chunkSize: 0 })).toThrow("Option 'chunkSize' passed to 'partials' must be a positive integer, but got number 0.");
  expect(() => partials(u, { x, t }, ['u'], { seed: 'twice' as 'sum' })).toThrow("Option 'seed' passed to 'partials' must be one of 'sum', 'ones', but got 'twice'.");
  expect(() => partials(u, { x, t }, ['u'], { method: 'forward' as 'auto' })).toThrow("Option 'method' passed to 'partials' must be one of 'auto', 'reverse', 'taylor', but got 'forward'.");
  expect(() => partials(42 as unknown as typeof u, { x, t }, ['u'])).toThrow("Argument 'u' passed to 'partials' must be a function of named [N,1] inputs or a model with forward(), but got number 42.");
  tf.dispose([x, t, ints]);
  net.dispose();
});
