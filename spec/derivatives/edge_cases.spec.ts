import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

import { MLP, partial, partials, taylor } from '../../lib/index.js';
import { describeOnBackends } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';

const col = (v: number[]) => tf.tensor2d(v, [v.length, 1]);
const empty = () => tf.tensor2d([], [0, 1]);

describeOnBackends('no points (N = 0)', () => {
  it('partials returns [0,1] for every term, by reverse mode and Taylor mode, chunked or not', () => {
    const net = new MLP({ sizes: [2, 4, 1], seed: 1 });
    const x = empty();
    const t = empty();
    const terms = ['u', 'u_x', 'u_t', 'u_xx', 'u_xt', 'u_xxxx'];
    const before = tf.memory().numTensors;
    for (const method of ['reverse', 'taylor', 'auto'] as const) {
      for (const chunkSize of [undefined, 1]) {
        const d = partials(net, { x, t }, terms, { method, chunkSize });
        expect(Object.keys(d)).toEqual(terms);
        for (const k of terms) expect(d[k].shape, `${method} ${k}`).toEqual([0, 1]);
        tf.dispose(Object.values(d));
      }
    }
    const f = partials(({ x, t }) => tf.mul(tf.sin(x), t), { x, t }, terms);
    for (const k of terms) expect(f[k].shape, `function ${k}`).toEqual([0, 1]);
    tf.dispose(Object.values(f));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, t]);
    net.dispose();
  });

  it('partial and taylor return [0,1] at every order', () => {
    const net = new MLP({ sizes: [2, 4, 1], seed: 1 });
    const x = empty();
    const before = tf.memory().numTensors;
    for (const order of [0, 1, 2, 3]) {
      const d = partial((c) => tf.sin(c), x, order);
      expect(d.shape).toEqual([0, 1]);
      d.dispose();
    }
    const series = taylor(net, { x, t: x }, 'x', 3);
    expect(series.map((s) => s.shape)).toEqual([[0, 1], [0, 1], [0, 1], [0, 1]]);
    tf.dispose(series);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    net.dispose();
  });
});

describeOnBackends('repeated terms', () => {
  it("returns one result per distinct term (['u_x', 'u_x'] gives u_x once) and leaks nothing", () => {
    const net = new MLP({ sizes: [2, 4, 1], seed: 2 });
    const x = col([0.1, 0.5]);
    const t = col([0.2, 0.3]);
    for (const method of ['reverse', 'taylor'] as const) {
      const single = partials(net, { x, t }, ['u_x', 'u'], { method });
      const before = tf.memory().numTensors;
      const twice = partials(net, { x, t }, ['u_x', 'u', 'u_x', 'u'], { method });
      expect(Object.keys(twice)).toEqual(['u_x', 'u']);
      expect(tf.memory().numTensors, method).toBe(before + 2);
      for (const k of ['u_x', 'u'] as const) expect(Array.from(twice[k].dataSync())).toEqual(Array.from(single[k].dataSync()));
      tf.dispose([...Object.values(single), ...Object.values(twice)]);
    }
    tf.dispose([x, t]);
    net.dispose();
  });

  it('gives u_xt and u_tx as two tensors of the same numbers, each the caller disposes on its own', () => {
    const x = col([0.1, 0.5]);
    const t = col([0.2, 0.3]);
    const before = tf.memory().numTensors;
    const d = partials(({ x, t }) => tf.mul(tf.sin(x), tf.exp(t)), { x, t }, ['u_xt', 'u_tx']);
    expect(d.u_xt).not.toBe(d.u_tx);
    d.u_xt.dispose();
    expectClose(d.u_tx.dataSync(), [Math.cos(0.1) * Math.exp(0.2), Math.cos(0.5) * Math.exp(0.3)], 1e-6);
    d.u_tx.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, t]);
  });
});

describeOnBackends('one tensor passed as two inputs', () => {
  it('partials differentiates by each input name, not by the shared tensor ({x: a, t: a}, u = x t^2)', () => {
    const a = col([1, 2, 0.5]);
    const av = [1, 2, 0.5];
    for (const chunkSize of [undefined, 2]) {
      const d = partials(({ x, t }) => tf.mul(x, tf.square(t)), { x: a, t: a }, ['u_x', 'u_t', 'u_xt'], { chunkSize });
      expectClose(d.u_x.dataSync(), av.map((v) => v * v), 1e-6, `u_x = t^2 (chunkSize ${chunkSize})`);
      expectClose(d.u_t.dataSync(), av.map((v) => 2 * v * v), 1e-6, `u_t = 2xt (chunkSize ${chunkSize})`);
      expectClose(d.u_xt.dataSync(), av.map((v) => 2 * v), 1e-6, `u_xt = 2t (chunkSize ${chunkSize})`);
      tf.dispose(Object.values(d));
    }
    a.dispose();
  });

  it('nested partial calls over the same tensor give the mixed partial (u = x t^2, u_xt = 2t)', () => {
    const a = col([1, 2, 0.5]);
    const before = tf.memory().numTensors;
    const d = partial((x) => partial((t) => tf.mul(x, tf.square(t)), a), a);
    expectClose(d.dataSync(), [2, 4, 1], 1e-6);
    d.dispose();
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
  });
});

describeOnBackends('inputs checked for non-finite values', () => {
  it('reads a tensor back once, but a variable every call: a variable that turns NaN is still caught', () => {
    const net = new MLP({ sizes: [2, 4, 1], seed: 1 });
    const x = tf.variable(col([0.1, 0.2, 0.3]));
    const t = col([0, 0.5, 1]);
    tf.dispose(partials(net, { x, t }, ['u_x']));
    x.assign(col([0.1, NaN, 0.3]));
    expect(() => partials(net, { x, t }, ['u_x'])).toThrow("Input 'x' passed to 'partials' holds a non-finite value (NaN) at row 1");
    tf.dispose([x, t]);
    net.dispose();
  });
});
