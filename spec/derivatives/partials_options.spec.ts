import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import { initBackend, partial, partials } from '../../lib/index.js';
import type { PartialOptions } from '../../lib/index.js';
import { describeOnBackends } from '../helpers/backends.js';

const col = (v: number[]) => tf.tensor2d(v, [v.length, 1]);

// The first test of this file is the first use of partial's deprecated 'method' in this module instance.
describe("partial's seed and its deprecated alias 'method'", () => {
  beforeAll(async () => {
    await initBackend('cpu', { log: false });
  });

  it("maps 'method' to 'seed' with one console warning per process, and rejects the two disagreeing", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const x = col([0.2, 0.4]);
    const u = (c: tf.Tensor2D) => tf.sin(c);
    const viaSeed = partial(u, x, 2, { seed: 'ones' });
    const viaMethod = partial(u, x, 2, { method: 'ones' } as PartialOptions);
    const again = partial(u, x, 1, { method: 'sum' } as PartialOptions);
    expect(Array.from(viaMethod.dataSync())).toEqual(Array.from(viaSeed.dataSync()));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith("tfjs-pinn: option 'method' of 'partial' is deprecated; use 'seed' (same values, 'sum' or 'ones'), as partials does.");
    expect(() => partial(u, x, 1, { seed: 'sum', method: 'ones' } as PartialOptions)).toThrow(
      "Options 'seed' ('sum') and 'method' ('ones') passed to 'partial' disagree; 'method' is the deprecated name of 'seed': pass 'seed' only.",
    );
    expect(() => partial(u, x, 1, { seed: 'both' as 'sum' })).toThrow("Option 'seed' passed to 'partial' must be one of 'sum', 'ones', but got 'both'.");
    const same = partial(u, x, 1, { seed: 'sum', method: 'sum' } as PartialOptions);
    tf.dispose([x, viaSeed, viaMethod, again, same]);
    warn.mockRestore();
  });
});

describeOnBackends('unknown and out-of-range options', () => {
  const u = (c: tf.Tensor2D) => tf.sin(c);

  it('partial: unknown keys name the nearest valid one; options must be an object', () => {
    const x = col([0.1, 0.2]);
    expect(() => partial(u, x, 1, { seeds: 'sum' } as PartialOptions)).toThrow(
      "Unknown key 'seeds' in options passed to 'partial'; valid keys: seed, component, method. Did you mean 'seed'?",
    );
    expect(() => partial(u, x, 1, { compnent: 0 } as PartialOptions)).toThrow("Did you mean 'component'?");
    expect(() => partial(u, x, 1, null as unknown as PartialOptions)).toThrow("Argument 'options' passed to 'partial' must be an object of options, but got null.");
    expect(() => partial(u, x, 1, { component: NaN })).toThrow("Option 'component' passed to 'partial' must be an integer in 0..0, but got number NaN.");
    x.dispose();
  });

  it('partials: unknown keys name the nearest valid one; every number is range-checked', () => {
    const x = col([0.1, 0.2]);
    const f = ({ x }: Record<string, tf.Tensor2D>) => tf.sin(x);
    expect(() => partials(f, { x }, ['u_x'], { chunksize: 10 } as object)).toThrow(
      "Unknown key 'chunksize' in options passed to 'partials'; valid keys: outputs, seed, method, chunkSize, memoryBudget. Did you mean 'chunkSize'?",
    );
    expect(() => partials(f, { x }, ['u_x'], { memorybudget: 1e6 } as object)).toThrow("Did you mean 'memoryBudget'?");
    expect(() => partials(f, { x }, ['u_x'], { output: ['u'] } as object)).toThrow("Did you mean 'outputs'?");
    expect(() => partials(f, { x }, ['u_x'], 'reverse' as unknown as object)).toThrow("Argument 'options' passed to 'partials' must be an object of options, but got 'reverse'.");
    for (const [chunkSize, got] of [[0, 'number 0'], [1.5, 'number 1.5'], [NaN, 'number NaN'], [Infinity, 'number Infinity'], ['8', "'8'"]] as const) {
      expect(() => partials(f, { x }, ['u_x'], { chunkSize: chunkSize as number })).toThrow(`Option 'chunkSize' passed to 'partials' must be a positive integer, but got ${got}.`);
    }
    for (const [memoryBudget, got] of [[0, 'number 0'], [-1, 'number -1'], [NaN, 'number NaN'], [Infinity, 'number Infinity']] as const) {
      expect(() => partials(f, { x }, ['u_x'], { memoryBudget })).toThrow(`Option 'memoryBudget' passed to 'partials' must be a positive number of bytes, but got ${got}.`);
    }
    expect(() => partials(f, [x] as unknown as Record<string, tf.Tensor2D>, ['u'])).toThrow(
      "Argument 'inputs' passed to 'partials' must be a record of named [N,1] tensors like {x, t}, but got an array of length 1.",
    );
    expect(() => partials((async () => x) as unknown as typeof f, { x }, ['u'])).toThrow(
      "'partials': u must return [N,1] (one column per output [u]) with N = 2, but returned a Promise (u must be synchronous).",
    );
    expect(() => partials(({ _ }) => tf.sin(_), { _: x }, ['u__'])).toThrow(
      "Input '_' passed to 'partials' must be named by a single character other than '_', because terms like 'u_xt' spell one character per input after the '_'.",
    );
    x.dispose();
  });
});
