import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { adoptKept, asRecordingOnly, dropTapeAfterError, gradientDepth, gradientRunsUnrecorded, tapeActive, withGradientDepth } from '../../lib/internals/index.js';

// If a tfjs upgrade moves the engine fields tfjs-pinn reads, this spec is the one that fails first.
describe('tfjs engine internals (lib/internals/engine.ts)', () => {
  it('reads the recording depth and the tape outside and inside tf.grad', () => {
    expect(gradientDepth()).toBe(0);
    expect(tapeActive()).toBe(false);
    const seen: [number, boolean][] = [];
    const g = tf.grad((x: tf.Tensor) => {
      seen.push([gradientDepth(), tapeActive()]);
      return x.square().sum();
    })(tf.tensor1d([1, 2]));
    expect(seen).toEqual([[1, true]]);
    expect(Array.from(g.dataSync())).toEqual([2, 4]);
    g.dispose();
    expect(gradientDepth()).toBe(0);
    expect(tapeActive()).toBe(false);
  });

  it('withGradientDepth switches recording off and restores the depth, also on error', () => {
    const x = tf.scalar(3);
    const g = tf.grad((v: tf.Tensor) => withGradientDepth(0, () => v.square()).add(v))(x);
    expect(g.dataSync()[0]).toBe(1); // the square was not recorded, only the add
    expect(() => withGradientDepth(0, () => { throw new Error('boom'); })).toThrow('boom');
    expect(gradientDepth()).toBe(0);
    tf.dispose([x, g]);
  });

  it('gradientRunsUnrecorded: true only where the outermost scope is the only one that backpropagates', () => {
    const seen: Record<string, boolean> = {};
    const x = tf.scalar(2);
    const anchor = tf.scalar(0);
    const probe = (name: string) => (v: tf.Tensor) => {
      seen[name] = gradientRunsUnrecorded();
      return v.square();
    };
    seen.outside = gradientRunsUnrecorded();
    tf.dispose(tf.grad(probe('one tf.grad'))(x));
    tf.dispose(tf.grad((v: tf.Tensor) => tf.grad(probe('tf.grad inside tf.grad'))(v))(x));
    // A recording-only scope (partials' own, around Taylor mode) is looked through; a backpropagating one inside it is not.
    const recordingOnly = (f: () => void) => {
      tf.engine().gradients(() => asRecordingOnly(() => { f(); return tf.scalar(0); }), [anchor], undefined, true).value.dispose();
    };
    tf.dispose(tf.grad((v: tf.Tensor) => { let y = v; recordingOnly(() => { y = probe('recording-only scope inside tf.grad')(v); tf.keep(y); }); return y; })(x));
    recordingOnly(() => tf.dispose(tf.grad(probe('tf.grad inside a recording-only scope'))(x)));
    expect(seen).toEqual({
      outside: false,
      'one tf.grad': true,
      'tf.grad inside tf.grad': false,
      'recording-only scope inside tf.grad': true,
      'tf.grad inside a recording-only scope': false,
    });
    tf.dispose([x, anchor]);
  });

  it('adoptKept hands a kept tensor to the current scope: a tidy then disposes it unless returned', () => {
    const before = tf.memory().numTensors;
    const t = tf.tidy(() => tf.keep(tf.exp(tf.scalar(1))));
    tf.tidy(() => void adoptKept(t));
    expect(t.isDisposed).toBe(true);
    const u = tf.tidy(() => tf.keep(tf.scalar(2)));
    const back = tf.tidy(() => adoptKept(u));
    expect(back.isDisposed).toBe(false);
    back.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('dropTapeAfterError frees the tape an outermost failing gradient leaves behind', () => {
    const before = tf.memory().numTensors;
    const x = tf.scalar(2);
    expect(() => tf.engine().gradients(() => { x.exp(); throw new Error('inside'); }, [x])).toThrow('inside');
    dropTapeAfterError();
    expect(tapeActive()).toBe(false);
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('one door to engine internals', () => {
  it('no file under lib/ other than lib/internals/engine.ts reads the engine state (gradientDepth, activeTape)', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    const lib = join(import.meta.dirname, '..', '..', 'lib');
    const offenders = files(lib)
      .filter((f) => !f.endsWith(join('internals', 'engine.ts')))
      .filter((f) => /activeTape|\.gradientDepth\b|engine\(\)\s+as\s+unknown/.test(readFileSync(f, 'utf8')))
      .map((f) => f.slice(lib.length + 1));
    expect(offenders).toEqual([]);
  });
});
