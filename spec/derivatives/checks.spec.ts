// markFinite (lib/derivatives/checks.ts): tensors whose values were checked in JavaScript are not checked again
// (no read-back); one with a non-finite value is left to the tensor check, which still throws.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { assertFiniteReads, markFinite } from '../../lib/derivatives/checks.js';
import { readSync } from '../../lib/internals/reads.js';
import { toColumns } from '../../lib/pinn/batch.js';

/** How many read-backs assertFiniteReads asks for on these tensors (and whether it throws). */
function reads(ts: tf.Tensor2D[]): number {
  const gen = assertFiniteReads(ts.map((t, i) => ({ what: `Input ${i}`, t })), 'partials');
  let n = 0;
  let next = gen.next();
  while (!next.done) {
    n++;
    next = gen.next(next.value.map((t) => t.dataSync()));
  }
  return n;
}

describe('markFinite', () => {
  it('marks a tensor of finite values: the finiteness check then reads nothing back', () => {
    const v = Float32Array.of(0, 0.5, -2);
    const x = tf.tensor2d(v, [3, 1]);
    const y = tf.tensor2d(Float32Array.of(1, 2, 3), [3, 1]);
    expect(markFinite(x, v)).toBe(true);
    expect(reads([x])).toBe(0);
    expect(reads([y])).toBe(1);
    expect(reads([y])).toBe(0);
    tf.dispose([x, y]);
  });

  it('leaves a tensor with a non-finite value (or values of another length) to the check, which throws as before', () => {
    const v = Float32Array.of(0, NaN);
    const x = tf.tensor2d(v, [2, 1]);
    expect(markFinite(x, v)).toBe(false);
    expect(markFinite(x, Float32Array.of(0))).toBe(false);
    expect(() => readSync(assertFiniteReads([{ what: "Input 'x'", t: x }], 'partials'))).toThrow("Input 'x' passed to 'partials' holds a non-finite value (NaN) at row 1");
    x.dispose();
  });

  it('is applied to the columns of drawn points (toColumns): finite ones are marked, one beyond float32 is not', () => {
    const c = toColumns({ x: Float64Array.of(0.25, 0.75), t: Float64Array.of(0, 1e39) });
    expect(reads([c.x])).toBe(0);
    expect(() => readSync(assertFiniteReads([{ what: "Input 't'", t: c.t }], 'partials'))).toThrow("Input 't' passed to 'partials' holds a non-finite value (Infinity) at row 1");
    tf.dispose([c.x, c.t]);
  });
});
