import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

import { TestNet, partial } from '../../lib/index.js';
import { describeOnBackends } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';

const XS = [-1, -0.4, 0.1, 0.7, 1.3];
const col = (v: number[]) => tf.tensor2d(v, [v.length, 1]);

describeOnBackends('partial', () => {
  it('returns u itself at order 0 and the closed-form derivatives of sin(2x) at orders 1..4', () => {
    const x = col(XS);
    const u = (c: tf.Tensor2D) => tf.sin(tf.mul(c, 2));
    const closed = [
      (v: number) => Math.sin(2 * v),
      (v: number) => 2 * Math.cos(2 * v),
      (v: number) => -4 * Math.sin(2 * v),
      (v: number) => -8 * Math.cos(2 * v),
      (v: number) => 16 * Math.sin(2 * v),
    ];
    closed.forEach((f, order) => {
      const d = partial(u, x, order);
      expect(d.shape).toEqual([XS.length, 1]);
      expectClose(d.dataSync(), XS.map(f), order <= 2 ? 1e-5 : 1e-4, `order ${order}`);
      d.dispose();
    });
    x.dispose();
  });

  it("gives identical numbers with seed 'sum' and 'ones'", () => {
    const net = new TestNet({ seed: 3 });
    const x = col(XS);
    const t = col(XS.map((v) => v / 2 + 0.5));
    for (const order of [1, 2, 3]) {
      const a = partial((c) => net.forward(c, t), x, order, { seed: 'sum' });
      const b = partial((c) => net.forward(c, t), x, order, { seed: 'ones' });
      expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
      tf.dispose([a, b]);
    }
    tf.dispose([x, t]);
    net.dispose();
  });

  it('nests: partial over a partial is the mixed derivative u_xt', () => {
    // u = sin(x) * exp(t): u_xt = cos(x) exp(t)
    const x = col(XS);
    const t = col([0, 0.2, 0.4, 0.6, 0.8]);
    const u = (a: tf.Tensor2D, b: tf.Tensor2D) => tf.mul(tf.sin(a), tf.exp(b));
    const uxt = partial((xx) => partial((tt) => u(xx, tt), t), x);
    expectClose(uxt.dataSync(), XS.map((v, i) => Math.cos(v) * Math.exp(i * 0.2)), 1e-5);
    tf.dispose([x, t, uxt]);
  });

  it('picks one output column with options.component', () => {
    const x = col(XS);
    const u = (c: tf.Tensor2D) => tf.concat([tf.square(c), tf.pow(c, 3)], 1);
    const d = partial(u, x, 2, { component: 1 });
    expectClose(d.dataSync(), XS.map((v) => 6 * v), 1e-6);
    tf.dispose([x, d]);
  });

  it('returns true zeros of shape [N,1] where a derivative vanishes identically (u = x^2, u_xxx)', () => {
    const x = col(XS);
    const d = partial((c) => tf.square(c), x, 3);
    expect(d.shape).toEqual([XS.length, 1]);
    expect(Array.from(d.dataSync())).toEqual(XS.map(() => 0));
    tf.dispose([x, d]);
  });

  it('leaks no tensors over 1,000 calls', () => {
    const net = new TestNet({ seed: 1 });
    const x = col(XS);
    const t = col(XS);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) partial((c) => net.forward(c, t), x, 1 + (i % 3)).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, t]);
    net.dispose();
  });
});

it('checks its arguments and names what was wrong', () => {
  const x = col(XS);
  const sq = (c: tf.Tensor2D) => tf.square(c);
  expect(() => partial(sq, x, -1)).toThrow("Argument 'order' passed to 'partial' must be a non-negative integer, but got number -1.");
  expect(() => partial(sq, x, 1.5)).toThrow("Argument 'order' passed to 'partial' must be a non-negative integer, but got number 1.5.");
  const flat = tf.tensor1d(XS);
  expect(() => partial(sq, flat as unknown as tf.Tensor2D)).toThrow("Argument 'x' passed to 'partial' must have shape [N,1], but got shape [5].");
  const ints = tf.tensor2d([[1], [2]], [2, 1], 'int32');
  expect(() => partial(sq, ints)).toThrow("Argument 'x' passed to 'partial' must be float32 to be differentiated, but got dtype int32.");
  expect(() => partial(() => tf.ones([5, 1]), x)).toThrow("'partial': u does not depend on x");
  const two = (c: tf.Tensor2D) => tf.concat([c, c], 1);
  expect(() => partial(two, x)).toThrow("'partial': u returns 2 columns; pass options.component (0..1) to choose one.");
  expect(() => partial(two, x, 1, { component: 2 })).toThrow("Option 'component' passed to 'partial' must be an integer in 0..1, but got number 2.");
  expect(() => partial(sq, x, 1, { method: 'both' as 'sum' })).toThrow("Option 'method' passed to 'partial' must be one of 'sum', 'ones', but got 'both'.");
  expect(() => partial('u' as unknown as typeof sq, x)).toThrow("Argument 'u' passed to 'partial' must be a function, but got 'u'.");
  expect(() => partial((c) => c.reshape([-1]), x)).toThrow("'partial': u must return a tensor of shape [N,k] with N = 5, but returned a float32 tensor of shape [5].");
  tf.dispose([x, flat, ints]);
});

it('leaves no tensors behind when it throws', () => {
  const x = col(XS);
  const before = tf.memory().numTensors;
  expect(() => partial(() => tf.ones([5, 1]), x)).toThrow();
  expect(() => partial((c) => tf.concat([c, c], 1), x, 2)).toThrow();
  expect(tf.memory().numTensors).toBe(before);
  x.dispose();
});
