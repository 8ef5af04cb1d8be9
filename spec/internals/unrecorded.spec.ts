// unrecorded (lib/internals/engine.ts): a computation set aside from the open tape takes gradients of its own,
// gives constants of the outer gradient, and leaves the outer tape, its depth and its markers as they were.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { asRecordingOnly, gradientDepth, gradientRunsUnrecorded, tapeActive, unrecorded } from '../../lib/internals/index.js';

describe('unrecorded', () => {
  it('runs off the outer tape: an inner gradient works there, and its result is a constant of the outer gradient', () => {
    const x = tf.scalar(3);
    const seen: [number, boolean][] = [];
    // d/dx [x · c] with c = d(x^3)/dx = 3x^2 computed unrecorded: c is a constant, so the gradient is c = 27, not 9x^2 = 81.
    const g = tf.grad((v: tf.Tensor) => {
      const c = unrecorded(() => {
        seen.push([gradientDepth(), tapeActive()]);
        return tf.grad((w: tf.Tensor) => w.pow(3))(v);
      });
      return v.mul(c);
    })(x);
    expect(g.dataSync()[0]).toBeCloseTo(27, 4);
    expect(seen).toEqual([[0, false]]);
    const recorded = tf.grad((v: tf.Tensor) => v.mul(tf.grad((w: tf.Tensor) => w.pow(3))(v)))(x);
    expect(recorded.dataSync()[0]).toBeCloseTo(81, 3);
    tf.dispose([x, g, recorded]);
  });

  it('restores the tape, the depth and the recording-only markers, also on error', () => {
    const x = tf.scalar(2);
    const inside: [number, boolean, boolean][] = [];
    const g = tf.grad((v: tf.Tensor) => {
      const before: [number, boolean, boolean] = [gradientDepth(), tapeActive(), gradientRunsUnrecorded()];
      expect(() => unrecorded(() => { throw new Error('boom'); })).toThrow('boom');
      unrecorded(() => tf.tidy(() => tf.grad((w: tf.Tensor) => w.square())(v)));
      inside.push(before, [gradientDepth(), tapeActive(), gradientRunsUnrecorded()]);
      return v.square();
    })(x);
    expect(inside[1]).toEqual(inside[0]);
    expect(g.dataSync()[0]).toBe(4);
    // A recording-only marker set outside is hidden inside (its depths mean other scopes there) and back after.
    const marks: boolean[] = [];
    tf.engine().gradients(() => asRecordingOnly(() => {
      marks.push(gradientRunsUnrecorded());
      unrecorded(() => tf.tidy(() => { tf.grad((w: tf.Tensor) => { marks.push(gradientRunsUnrecorded()); return w.square(); })(x); }));
      marks.push(gradientRunsUnrecorded());
      return x.square();
    }), [x], undefined, true).value.dispose();
    expect(marks).toEqual([false, true, false]);
    expect(gradientDepth()).toBe(0);
    expect(tapeActive()).toBe(false);
    tf.dispose([x, g]);
  });
});
