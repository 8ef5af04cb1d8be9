import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

import { ACTIVATIONS, MLP, TestNet } from '../../lib/index.js';
import { describeOnBackends } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';
import { goldenCases } from '../helpers/golden.js';

const col = (v: number[]) => tf.tensor2d(v, [v.length, 1]);

describeOnBackends('models', () => {
  it('TestNet reproduces PyTorch u on the study grid from its weights', () => {
    const c = goldenCases()[0];
    const net = TestNet.fromLayers(c.layers);
    const u = net.forward(col(c.x), col(c.t));
    expect(u.shape).toEqual([35, 1]);
    expectClose(u.dataSync(), c.partials.u, 1e-6);
    net.dispose();
  });

  it('round-trips PyTorch-layout weights exactly (to float32)', () => {
    const c = goldenCases()[1];
    const net = MLP.fromLayers(c.layers, 'tanh');
    const back = net.toLayers();
    expect(back.length).toBe(c.layers.length);
    back.forEach((l, i) => {
      expectClose(l.weight.flat(), c.layers[i].weight.flat(), 1e-7);
      expectClose(l.bias, c.layers[i].bias, 1e-7);
    });
    net.dispose();
  });

  it('draws the same weights for the same seed, on every backend, and different ones for another', () => {
    const a = new MLP({ sizes: [2, 4, 1], seed: 42 }).toLayers();
    const b = new MLP({ sizes: [2, 4, 1], seed: 42 }).toLayers();
    const c = new MLP({ sizes: [2, 4, 1], seed: 43 }).toLayers();
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    // Pinned so a change of the generator, which breaks saved experiments, shows up.
    expect(a[0].weight[0][0]).toBeCloseTo(-0.9859649538993835, 6);
  });

  it('keeps Glorot and PyTorch-default initial weights inside their bounds', () => {
    const glorot = new MLP({ sizes: [2, 50, 1], seed: 1, init: 'glorot' }).toLayers();
    const limit = Math.sqrt(6 / 52);
    expect(Math.max(...glorot[0].weight.flat().map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...glorot[0].weight.flat().map(Math.abs))).toBeGreaterThan(0.8 * limit);
    expect(glorot[0].bias.every((b) => b === 0)).toBe(true);
    const torch = new MLP({ sizes: [50, 3, 1], seed: 1, init: 'torch' }).toLayers();
    expect(Math.max(...torch[0].weight.flat().map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(50));
    expect(torch[0].bias.some((b) => b !== 0)).toBe(true);
  });

  it('takes columns, one matrix, or a named record, with the same result', () => {
    const net = new MLP({ sizes: [2, 6, 1], activation: 'sin', seed: 3 });
    const x = col([0.1, 0.2, 0.3]);
    const t = col([0.5, 0.6, 0.7]);
    const a = net.forward(x, t).dataSync();
    expect(Array.from(net.forward({ x, t }).dataSync())).toEqual(Array.from(a));
    expect(Array.from(net.forward(tf.concat([x, t], 1)).dataSync())).toEqual(Array.from(a));
    net.dispose();
  });

  it('offers every activation, each a smooth function matching its definition', () => {
    const v = 0.7;
    const s = 1 / (1 + Math.exp(-v));
    const expected: Record<string, number> = {
      tanh: Math.tanh(v),
      sigmoid: s,
      sin: Math.sin(v),
      softplus: Math.log1p(Math.exp(v)),
      swish: v * s,
      gelu: 0.5 * v * (1 + 0.5160726955538539), // erf(0.7 / sqrt 2)
    };
    expect([...ACTIVATIONS].sort()).toEqual(Object.keys(expected).sort());
    for (const act of ACTIVATIONS) {
      // Identity layers around the activation: u = act(x).
      const net = MLP.fromLayers([{ weight: [[1]], bias: [0] }, { weight: [[1]], bias: [0] }], act);
      expect(net.forward(col([v])).dataSync()[0]).toBeCloseTo(expected[act], 6);
      net.dispose();
    }
  });

  it('has trainable variables that receive gradients, and frees them on dispose', () => {
    const net = new MLP({ sizes: [2, 5, 1], seed: 9 });
    expect(net.variables.length).toBe(4);
    expect(net.variables.every((v) => v.trainable)).toBe(true);
    const x = col([0.1, 0.2]);
    const t = col([0.3, 0.4]);
    const { grads, value } = tf.variableGrads(() => tf.sum(tf.square(net.forward(x, t))) as tf.Scalar);
    expect(Object.keys(grads).length).toBe(4);
    for (const g of Object.values(grads)) expect(tf.sum(tf.abs(g)).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([value, ...Object.values(grads), x, t]);
    const before = tf.memory().numTensors;
    net.dispose();
    expect(tf.memory().numTensors).toBe(before - 4);
  });

  it('setLayers overwrites the weights', () => {
    const c = goldenCases()[0];
    const net = new TestNet({ seed: 99 });
    net.setLayers(c.layers);
    expectClose(net.forward(col(c.x), col(c.t)).dataSync(), c.partials.u, 1e-6);
    net.dispose();
  });
});

it('checks its arguments and names what was wrong', () => {
  expect(() => new MLP({ sizes: [2] })).toThrow("Option 'sizes' passed to 'MLP' must be an array of at least two positive integers [in, ..., out], but got [2].");
  expect(() => new MLP({ sizes: [2, 5, 1], activation: 'relu' as 'tanh' })).toThrow("Option 'activation' passed to 'MLP' must be one of tanh, sigmoid, sin, softplus, swish, gelu, but got \"relu\".");
  expect(() => new MLP({ sizes: [2, 5, 1], inputs: ['x'] })).toThrow("Option 'inputs' passed to 'MLP' must name 2 distinct input columns by non-empty strings, but got [\"x\"].");
  expect(() => MLP.fromLayers([{ weight: [[1, 2]], bias: [0] }, { weight: [[1, 2]], bias: [0] }])).toThrow("layers[1].weight passed to 'MLP.fromLayers' takes 2 inputs, but layers[0] gives 1 outputs.");
  expect(() => MLP.fromLayers([{ weight: [[1, 2]], bias: [0, 1] }])).toThrow("layers[0].bias passed to 'MLP.fromLayers' must hold 1 finite numbers (one per output), but has 2.");
  expect(() => TestNet.fromLayers([{ weight: [[1, 2]], bias: [0] }])).toThrow("Argument 'layers' passed to 'TestNet.fromLayers' must have sizes [2, 5, 1], but has [2, 1].");
  const net = new TestNet({ seed: 1 });
  const x = col([1, 2]);
  expect(() => net.forward(x)).toThrow("'MLP.forward' needs 2 input columns of N rows ([N,1] each or one [N,2]), but got [2,1].");
  expect(() => net.forward({ x })).toThrow("'MLP.forward' needs input 't' ([N,1]); the record has [x].");
  expect(() => net.forward({ x, t: x, y: x })).toThrow("'MLP.forward' got inputs [y] it does not take; its inputs are [x, t].");
  expect(() => net.setLayers(goldenCases()[1].layers)).toThrow("Argument 'layers' passed to 'MLP.setLayers' has sizes [2,20,20,20,1], but this network has [2,5,1].");
  x.dispose();
  net.dispose();
});
