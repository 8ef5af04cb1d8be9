import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

import { MAX_TAYLOR_ORDER, MLP, partial, partials, taylor } from '../../lib/index.js';
import { gradientDepth, tapeActive } from '../../lib/internals/index.js';
import { describeOnBackends } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';

// Odd inputs (no points, repeated terms, one tensor as two inputs, inputs that turn NaN) and every failing call
// of partial, partials and taylor: named errors, and nothing left behind.
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

/** One failing call: what it is, the call, and (part of) the message it must give. */
interface Failure {
  name: string;
  call: () => unknown;
  message: string | RegExp;
}

describeOnBackends('error paths', () => {
  it('every failing call of partial, partials and taylor throws a named error, leaves no tensor behind and no tape active', () => {
    const net = new MLP({ sizes: [2, 4, 1], seed: 3 });
    const x = col([0.1, 0.2, 0.3]);
    const t = col([0.4, 0.5, 0.6]);
    const flat = tf.tensor1d([1, 2, 3]);
    const ints = tf.tensor2d([[1], [2], [3]], [3, 1], 'int32');
    const short = col([1, 2]);
    const nan = col([0.1, NaN, 0.3]);
    const inf = col([0.1, 0.2, -Infinity]);
    const nanMatrix = tf.concat([x, nan], 1) as tf.Tensor2D;
    const boom = (r: Record<string, tf.Tensor2D>) => {
      tf.exp(r.x);
      tf.square(tf.sin(r.x));
      throw new Error('boom inside u');
    };
    let calls = 0;
    const boomLater = (r: Record<string, tf.Tensor2D>) => {
      if (++calls > 1) boom(r);
      return tf.sin(r.x);
    };
    const failures: Failure[] = [
      { name: 'partial: negative order', call: () => partial((c) => tf.sin(c), x, -1), message: "Argument 'order' passed to 'partial'" },
      { name: 'partial: x of rank 1', call: () => partial((c) => tf.sin(c), flat as unknown as tf.Tensor2D), message: "Argument 'x' passed to 'partial' must have shape [N,1]" },
      { name: 'partial: int32 x', call: () => partial((c) => tf.sin(c), ints), message: 'must be float32' },
      { name: 'partial: u throws inside the tape', call: () => partial((c) => boom({ x: c }), x, 2), message: 'boom inside u' },
      { name: 'partial: u returns the wrong shape', call: () => partial((c) => tf.concat([c, c], 0), x, 2), message: "'partial': u must return a tensor of shape [N,k]" },
      { name: 'partial: u returns int32', call: () => partial((c) => tf.cast(c, 'int32'), x, 1), message: "'partial': u must return float32 values to be differentiated, but returned dtype int32." },
      { name: 'partial: u ignores x', call: () => partial(() => tf.ones([3, 1]), x, 2), message: 'does not depend on x' },
      { name: 'partial: NaN in x', call: () => partial((c) => tf.sin(c), nan, 1), message: "Argument 'x' passed to 'partial' holds a non-finite value (NaN) at row 1; derivatives there are undefined: remove or repair such points." },
      { name: 'partial: unknown option', call: () => partial((c) => tf.sin(c), x, 1, { sed: 'sum' } as object), message: "Unknown key 'sed' in options passed to 'partial'" },
      { name: 'partials: unknown term input', call: () => partials(net, { x, t }, ['u_z']), message: "Term 'u_z' passed to 'partials'" },
      { name: 'partials: rows differ', call: () => partials(net, { x, t: short }, ['u_x']), message: 'must all have the same number of rows' },
      { name: 'partials: input of rank 1', call: () => partials(net, { x, t: flat as unknown as tf.Tensor2D }, ['u_x']), message: "Argument 'inputs.t' passed to 'partials' must have shape [N,1]" },
      { name: 'partials: u throws inside the tape', call: () => partials(boom, { x, t }, ['u_xx', 'u_t']), message: 'boom inside u' },
      { name: 'partials: u throws in the second chunk', call: () => partials(boomLater, { x }, ['u_xx'], { chunkSize: 2 }), message: 'boom inside u' },
      { name: 'partials: u returns the wrong shape', call: () => partials(({ x }) => tf.concat([x, x], 1), { x }, ['u_xx']), message: "'partials': u must return [N,1]" },
      { name: 'partials: u returns int32', call: () => partials(({ x }) => tf.cast(x, 'int32'), { x }, ['u_x']), message: "'partials': u must return float32 values to be differentiated, but returned dtype int32." },
      { name: 'partials: NaN in an input', call: () => partials(net, { x, t: nan }, ['u_x']), message: "Input 't' passed to 'partials' holds a non-finite value (NaN) at row 1; derivatives there are undefined: remove or repair such points." },
      { name: 'partials: Infinity in an input', call: () => partials(({ x }) => x, { x: inf }, ['u']), message: "Input 'x' passed to 'partials' holds a non-finite value (-Infinity) at row 2" },
      { name: "partials: method 'taylor' for a function", call: () => partials(({ x }) => tf.sin(x), { x }, ['u_xx'], { method: 'taylor' }), message: 'needs u to be a library MLP or TestNet' },
      { name: "partials: method 'taylor', inputs the MLP does not take", call: () => partials(net, { x }, ['u_xx'], { method: 'taylor' }), message: "Option method 'taylor' passed to 'partials'" },
      { name: "partials: method 'taylor' above the maximum order", call: () => partials(net, { x, t }, [`u_${'x'.repeat(MAX_TAYLOR_ORDER + 1)}`], { method: 'taylor' }), message: `above MAX_TAYLOR_ORDER` },
      { name: 'partials: unknown option', call: () => partials(net, { x, t }, ['u_x'], { chunksize: 10 } as object), message: "Unknown key 'chunksize' in options passed to 'partials'" },
      { name: 'taylor: order above the maximum', call: () => taylor(net, { x, t }, 'x', MAX_TAYLOR_ORDER + 1), message: "Argument 'order' passed to 'taylor'" },
      { name: 'taylor: rows differ', call: () => taylor(net, { x, t: short }, 'x', 2), message: 'must all have the same number of rows' },
      { name: 'taylor: NaN in an input', call: () => taylor(net, { x: nan, t }, 'x', 2), message: "Input 'x' passed to 'taylor' holds a non-finite value (NaN) at row 1; derivatives there are undefined: remove or repair such points." },
      { name: 'taylor: NaN in an input matrix', call: () => taylor(net, nanMatrix, 'x', 2), message: "Argument 'inputs' passed to 'taylor' holds a non-finite value (NaN) at row 1, column 1; derivatives there are undefined: remove or repair such points." },
    ];
    for (const f of failures) {
      const before = tf.memory().numTensors;
      let thrown: unknown;
      try {
        f.call();
      } catch (error) {
        thrown = error;
      }
      expect(thrown, `${f.name}: did not throw`).toBeInstanceOf(Error);
      const message = (thrown as Error).message;
      if (typeof f.message === 'string') expect(message, f.name).toContain(f.message);
      else expect(message, f.name).toMatch(f.message);
      expect(tf.memory().numTensors, `${f.name}: tensors left behind`).toBe(before);
      expect(tapeActive(), `${f.name}: tape left active`).toBe(false);
      expect(gradientDepth(), `${f.name}: gradient depth`).toBe(0);
    }
    tf.dispose([x, t, flat, ints, short, nan, inf, nanMatrix]);
    net.dispose();
  });

  it('fails inside tf.tidy the same way, and leaves the tidy nothing to free', () => {
    const net = new MLP({ sizes: [2, 4, 1], seed: 3 });
    const before = tf.memory().numTensors;
    expect(() =>
      tf.tidy(() => {
        const x = col([0.1, 0.2]);
        return partials(() => {
          throw new Error('boom inside u');
        }, { x, t: x }, ['u_x']).u_x;
      }),
    ).toThrow('boom inside u');
    expect(tf.memory().numTensors).toBe(before);
    expect(tapeActive()).toBe(false);
    net.dispose();
  });
});
