import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { MAX_TAYLOR_ORDER, MLP, initBackend, partials, taylor } from '../../lib/index.js';

const col = (v: number[]) => tf.tensor2d(v, [v.length, 1]);

describe('taylor argument errors', () => {
  let net: MLP;
  let x: tf.Tensor2D;
  let t: tf.Tensor2D;
  beforeAll(async () => {
    await initBackend('cpu', { log: false });
    net = new MLP({ sizes: [2, 4, 1], seed: 1 });
    x = col([0, 1]);
    t = col([0, 1]);
  });

  it('rejects a model that is not a library MLP, naming what came', () => {
    const fn = (({ x }: Record<string, tf.Tensor2D>) => x) as unknown as MLP;
    expect(() => taylor(fn, { x, t }, 'x', 2)).toThrowError(
      "Argument 'model' passed to 'taylor' must be a library MLP, TestNet or Network (Taylor mode knows their layers), but got a function; use partials(..., {method: 'reverse'}) for other functions.",
    );
    expect(() => taylor({ forward: () => x } as unknown as MLP, { x, t }, 'x', 2)).toThrowError(/must be a library MLP, TestNet or Network .* but got an object \(Object\)/);
  });

  it('rejects bad directions: unknown name, wrong length, non-finite, zero', () => {
    expect(() => taylor(net, { x, t }, 'y', 2)).toThrowError(
      "Argument 'direction' passed to 'taylor' must name one of the model's inputs [x, t] or be a vector of 2 numbers, but got 'y'.",
    );
    expect(() => taylor(net, { x, t }, [1, 0, 0], 2)).toThrowError(
      "Argument 'direction' passed to 'taylor' must name one of the model's inputs [x, t] or be a vector of 2 finite numbers, but got an array of length 3.",
    );
    expect(() => taylor(net, { x, t }, [1, NaN], 2)).toThrowError(/vector of 2 finite numbers, but got an array of length 2/);
    expect(() => taylor(net, { x, t }, [0, 0], 2)).toThrowError(
      "Argument 'direction' passed to 'taylor' must not be the zero vector: every derivative along it would be zero.",
    );
  });

  it('rejects bad orders', () => {
    for (const [order, got] of [[-1, 'number -1'], [1.5, 'number 1.5'], [MAX_TAYLOR_ORDER + 1, `number ${MAX_TAYLOR_ORDER + 1}`], ['2', "'2'"]] as const) {
      expect(() => taylor(net, { x, t }, 'x', order as number)).toThrowError(
        `Argument 'order' passed to 'taylor' must be an integer from 0 to ${MAX_TAYLOR_ORDER}, but got ${got}.`,
      );
    }
  });

  it('rejects inputs the model does not take', () => {
    expect(() => taylor(net, { x }, 'x', 1)).toThrowError(
      "Argument 'inputs' passed to 'taylor' lacks input 't' ([N,1]); the model's inputs are [x, t].",
    );
    expect(() => taylor(net, { x, t: tf.tensor2d([[1, 2]]) }, 'x', 1)).toThrowError(
      "Input 't' passed to 'taylor' must be a float32 tensor of shape [N,1], but got a float32 tensor of shape [1,2].",
    );
    expect(() => taylor(net, { x, t, y: x }, 'x', 1)).toThrowError(
      "Argument 'inputs' passed to 'taylor' has [y], which the model does not take; its inputs are [x, t].",
    );
    expect(() => taylor(net, { x, t: col([1, 2, 3]) }, 'x', 1)).toThrowError(
      "Inputs passed to 'taylor' must all have the same number of rows: 'x' has 2, 't' has 3.",
    );
    expect(() => taylor(net, x, 'x', 1)).toThrowError(
      "Argument 'inputs' passed to 'taylor' must be a float32 [N,2] matrix or a record {x, t} of [N,1] columns, but got a float32 tensor of shape [2,1].",
    );
  });

  it("rejects method 'taylor' in partials for a function that is not a library MLP", () => {
    // A closure returning net.forward of exactly its inputs is recognised as the MLP; this one changes the output.
    expect(() => partials((r) => net.forward(r).mul(2), { x, t }, ['u_xx'], { method: 'taylor' })).toThrowError(
      "Option method 'taylor' passed to 'partials' needs u to be a library MLP or TestNet; use 'auto' or 'reverse' for other functions.",
    );
  });

  it('rejects terms above MAX_TAYLOR_ORDER for a library MLP with method taylor and auto, naming the term, its order and the maximum', () => {
    const high = `u_${'x'.repeat(MAX_TAYLOR_ORDER + 1)}`;
    const mixed = `u_${'x'.repeat(MAX_TAYLOR_ORDER)}t`;
    for (const method of ['taylor', 'auto'] as const) {
      expect(() => partials(net, { x, t }, ['u', high], { method })).toThrowError(
        `Term '${high}' passed to 'partials' has order ${MAX_TAYLOR_ORDER + 1}, above MAX_TAYLOR_ORDER = ${MAX_TAYLOR_ORDER}, the highest order Taylor mode (method '${method}') computes for a library MLP; pass method 'reverse' to compute it by nested reverse mode, whose cost doubles with every order.`,
      );
      expect(() => partials(net, { x, t }, [mixed], { method })).toThrowError(`Term '${mixed}' passed to 'partials' has order ${MAX_TAYLOR_ORDER + 1}, above MAX_TAYLOR_ORDER`);
    }
    // At the maximum itself Taylor mode answers, finite.
    const top = partials(net, { x, t }, [`u_${'x'.repeat(MAX_TAYLOR_ORDER)}`], { method: 'taylor' });
    expect(Array.from(Object.values(top)[0].dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose(Object.values(top));
  });

  it("with method 'taylor', names the mismatch between the MLP's inputs or outputs and those given", () => {
    expect(() => partials(net, { x }, ['u_xx'], { method: 'taylor' })).toThrowError(
      "Option method 'taylor' passed to 'partials' needs the inputs of the MLP: it takes [x, t], but the inputs are [x].",
    );
    expect(() => partials(net, { x, y: t }, ['u_xx'], { method: 'taylor' })).toThrowError(
      "Option method 'taylor' passed to 'partials' needs the inputs of the MLP: it takes [x, t], but the inputs are [x, y].",
    );
    expect(() => partials(net, { x, t }, ['u_xx'], { method: 'taylor', outputs: ['u', 'v'] })).toThrowError(
      "Option method 'taylor' passed to 'partials' needs one name in options.outputs per output column of the MLP: it has 1, but options.outputs is [u, v].",
    );
    // The order of the record does not matter.
    const d = partials(net, { t, x }, ['u_xx'], { method: 'taylor' });
    tf.dispose(Object.values(d));
  });

  it('leaves no tensors behind when it throws', () => {
    const long = col([1, 2, 3]);
    const before = tf.memory().numTensors;
    expect(() => taylor(net, { x, t: long }, 'x', 1)).toThrow();
    expect(() => taylor(net, { x, t }, 'q', 1)).toThrow();
    expect(tf.memory().numTensors).toBe(before);
    long.dispose();
  });
});
