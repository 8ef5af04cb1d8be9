import { expect, it } from 'vitest';

import { MLP, TestNet } from '../../lib/index.js';
import { describeOnBackends } from '../helpers/backends.js';

describeOnBackends('unknown and out-of-range options', () => {
  it('MLP: unknown keys name the nearest valid one; seed must be a safe integer; trainable a boolean', () => {
    expect(() => new MLP({ sizes: [2, 4, 1], activaton: 'tanh' } as object as { sizes: number[] })).toThrow(
      "Unknown key 'activaton' in options passed to 'MLP'; valid keys: sizes, activation, init, seed, inputs, trainable. Did you mean 'activation'?",
    );
    expect(() => new MLP(undefined as unknown as { sizes: number[] })).toThrow("Argument 'options' passed to 'MLP' must be an object of options, but got undefined.");
    for (const [seed, got] of [[NaN, 'number NaN'], [Infinity, 'number Infinity'], [0.5, 'number 0.5'], [2 ** 53, `number ${2 ** 53}`], ['1', "'1'"]] as const) {
      expect(() => new MLP({ sizes: [2, 4, 1], seed: seed as number })).toThrow(`Option 'seed' passed to 'MLP' must be a safe integer (reproducible weights), but got ${got}.`);
    }
    expect(() => new MLP({ sizes: [2, 4, 1], trainable: 'yes' as unknown as boolean })).toThrow("Option 'trainable' passed to 'MLP' must be true or false, but got 'yes'.");
    expect(() => new MLP({ sizes: [2, Infinity, 1] })).toThrow("Option 'sizes' passed to 'MLP' must be an array of at least two positive integers [in, ..., out], but got [2,null,1].");
    expect(() => new MLP({ sizes: [2, 4, 1], inputs: ['x', ''] })).toThrow("Option 'inputs' passed to 'MLP' must name 2 distinct input columns by non-empty strings, but got [\"x\",\"\"].");
    expect(() => MLP.fromLayers([{ weight: [[1]], bias: [0] }], 'tanh', { sed: 1 } as object)).toThrow(
      "Unknown key 'sed' in options passed to 'MLP.fromLayers'; valid keys: init, seed, inputs, trainable. Did you mean 'seed'?",
    );
    expect(() => MLP.fromLayers([{ weight: [[1]], bias: [0] }], 'relu' as 'tanh')).toThrow(
      "Argument 'activation' passed to 'MLP.fromLayers' must be one of tanh, sigmoid, sin, softplus, swish, gelu, but got \"relu\".",
    );
    expect(() => new MLP({ sizes: [2, 1] }, [{ weight: [[1, 2, 3]], bias: [0] }])).toThrow("Argument 'layers' passed to 'MLP' has sizes [3,1], but options.sizes is [2,1].");
    // Negative seeds are valid and reproducible.
    const [a, b] = [new MLP({ sizes: [1, 2, 1], seed: -7 }), new MLP({ sizes: [1, 2, 1], seed: -7 })];
    expect(a.toLayers()).toEqual(b.toLayers());
    a.dispose();
    b.dispose();
  });

  it('TestNet: unknown keys name the nearest valid one; seed must be a safe integer', () => {
    expect(() => new TestNet({ sed: 1 } as object)).toThrow("Unknown key 'sed' in options passed to 'TestNet'; valid keys: seed, init. Did you mean 'seed'?");
    expect(() => new TestNet({ sizes: [2, 3, 1] } as object)).toThrow("Unknown key 'sizes' in options passed to 'TestNet'; valid keys: seed, init.");
    expect(() => new TestNet({ seed: NaN })).toThrow("Option 'seed' passed to 'TestNet' must be a safe integer (reproducible weights), but got number NaN.");
    expect(() => new TestNet({ init: 'he' as 'torch' })).toThrow("Option 'init' passed to 'TestNet' must be 'glorot' or 'torch', but got \"he\".");
  });
});
