import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

import { partial, partials } from '../../lib/index.js';
import { describeOnBackends } from '../helpers/backends.js';

// The library disposes only what it created: inputs, tensors captured by u
// and variables u returns stay the caller's, whatever the order, seed or chunking.

const XS = [0.5, -1, 2];
const col = (v: number[]) => tf.tensor2d(v, [v.length, 1]);
const SEEDS = ['sum', 'ones'] as const;
const ORDERS = [0, 1, 2];
const CHUNKS = [undefined, 1];

/** Runs `call` (which returns what it created), checks `owned` survive intact and nothing else stays behind. */
function expectOwnedSurvive(owned: tf.Tensor[], call: () => tf.Tensor[] | Error, label: string): tf.Tensor[] | Error {
  const values = owned.map((t) => Array.from(t.dataSync()));
  const before = tf.memory().numTensors;
  const result = call();
  owned.forEach((t, i) => {
    expect(t.isDisposed, `${label}: owned tensor ${i} disposed`).toBe(false);
    expect(Array.from(t.dataSync()), `${label}: owned tensor ${i} changed`).toEqual(values[i]);
  });
  const made = result instanceof Error ? [] : result;
  expect(tf.memory().numTensors, `${label}: tensors left besides the results`).toBe(before + made.length);
  return result;
}

function attempt(f: () => tf.Tensor[]): tf.Tensor[] | Error {
  try {
    return f();
  } catch (error) {
    return error as Error;
  }
}

const term = (order: number) => (order === 0 ? 'u' : `u_${'x'.repeat(order)}`);
// d^k/dx^k of u = x: x, 1, 0.
const identityDerivative = (order: number) => XS.map((v) => (order === 0 ? v : order === 1 ? 1 : 0));

describeOnBackends('ownership', () => {
  it('partial leaves its input alone when u returns it (u = identity), orders 0..2, both seeds', () => {
    const x = col(XS);
    for (const seed of SEEDS) {
      for (const order of ORDERS) {
        const label = `partial identity order ${order} seed ${seed}`;
        const r = expectOwnedSurvive([x], () => [partial((c) => c, x, order, { seed })], label) as tf.Tensor[];
        expect(Array.from(r[0].dataSync()), label).toEqual(identityDerivative(order));
        tf.dispose(r);
      }
    }
    x.dispose();
  });

  it('partials leaves its inputs alone when u returns one of them, orders 0..2, both seeds, chunked and not', () => {
    const x = col(XS);
    const t = col([1, 2, 3]);
    for (const seed of SEEDS) {
      for (const chunkSize of CHUNKS) {
        for (const order of ORDERS) {
          const label = `partials identity ${term(order)} seed ${seed} chunkSize ${chunkSize}`;
          const r = expectOwnedSurvive([x, t], () => Object.values(partials(({ x }) => x, { x, t }, [term(order)], { seed, chunkSize })), label) as tf.Tensor[];
          expect(Array.from(r[0].dataSync()), label).toEqual(identityDerivative(order));
          tf.dispose(r);
        }
      }
    }
    tf.dispose([x, t]);
  });

  it('leaves a captured tensor and a variable that u returns alone, orders 0..2, both seeds (order 0 returns a copy, higher orders are an error)', () => {
    const x = col(XS);
    const captured = col([7, 8, 9]);
    const variable = tf.variable(col([4, 5, 6]));
    for (const owned of [captured, variable]) {
      for (const seed of SEEDS) {
        for (const order of ORDERS) {
          // Not chunked: a captured [N,1] returned whole is not pointwise in the rows of a chunk.
          for (const chunkSize of [undefined]) {
            const label = `${owned === variable ? 'variable' : 'captured'} order ${order} seed ${seed} chunkSize ${chunkSize}`;
            const a = expectOwnedSurvive([x, owned], () => attempt(() => Object.values(partials(() => owned, { x }, [term(order)], { seed, chunkSize }))), `partials ${label}`);
            const b = expectOwnedSurvive([x, owned], () => attempt(() => [partial(() => owned as tf.Tensor2D, x, order, { seed })]), `partial ${label}`);
            for (const r of [a, b]) {
              if (order === 0) {
                expect(r, label).not.toBeInstanceOf(Error);
                expect(Array.from((r as tf.Tensor[])[0].dataSync()), label).toEqual(Array.from(owned.dataSync()));
                tf.dispose(r as tf.Tensor[]);
              } else {
                expect(r, label).toBeInstanceOf(Error);
                expect((r as Error).message, label).toMatch(/does not depend on/);
              }
            }
          }
        }
      }
    }
    tf.dispose([x, captured, variable]);
  });

  it('leaves inputs alone that u passes through unchanged into its result (u = x + t), orders 0..2', () => {
    const x = col(XS);
    const t = col([1, 2, 3]);
    for (const chunkSize of CHUNKS) {
      for (const order of ORDERS) {
        const label = `u = x + t ${term(order)} chunkSize ${chunkSize}`;
        const r = expectOwnedSurvive([x, t], () => Object.values(partials(({ x, t }) => tf.add(x, t), { x, t }, [term(order), 'u_t'], { chunkSize })), label) as tf.Tensor[];
        tf.dispose(r);
      }
    }
    tf.dispose([x, t]);
  });

  it("does not mark the caller's tensors as kept: a tf.tidy around the call still frees them", () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const x = col(XS);
      partials(({ x }) => x, { x }, ['u']).u.dispose();
      partial((c) => c, x, 0).dispose();
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
