import * as tf from '@tensorflow/tfjs';

import { adoptKept, asRecordingOnly, dropTapeAfterError, gradientDepth } from '../internals/index.js';

/** How a derivative seeds the backward pass; both give identical numbers. */
export type Seed = 'sum' | 'ones';

/**
 * Runs `f` with the gradient tape recording, so that any number of backward
 * passes (see {@link gradStep}) can be taken over what `f` computes, each one
 * recorded too: the counterpart of PyTorch's `create_graph=True`. The forward
 * pass runs once however many derivatives are taken from it.
 *
 * Returns the tensors `f` returns, tracked in the caller's scope (so a
 * surrounding `tf.tidy` or outer gradient sees them), and how many bytes
 * were alive at the end of `f`, which is close to the peak. What `f` returns
 * may be the caller's own tensors (an input, a captured tensor, a variable):
 * those are neither kept nor disposed, only copied (as is a tensor returned twice).
 */
export function recordTape(f: () => tf.Tensor[]): { outputs: tf.Tensor[]; bytes: number } {
  const startDepth = gradientDepth();
  const startBytes = tf.memory().numBytes;
  const kept: tf.Tensor[] = [];
  let bytes = 0;
  // Tensor ids only grow: anything with a larger id than the anchor was made inside f.
  const anchor = tf.scalar(0);
  const madeHere = (t: tf.Tensor) => t.id > anchor.id;
  try {
    // A gradients() call whose xs are unconnected does no backward pass: it is
    // used only for its recording scope and its clean-up of the tape at depth 0.
    const { value } = tf.engine().gradients(
      () => {
        for (const t of asRecordingOnly(f)) kept.push(madeHere(t) ? tf.keep(t) : t);
        bytes = tf.memory().numBytes - startBytes;
        return tf.scalar(0);
      },
      [anchor],
      undefined,
      true,
    );
    value.dispose();
  } catch (error) {
    disposeMadeHere(kept, madeHere);
    if (startDepth === 0) dropTapeAfterError();
    throw error;
  } finally {
    anchor.dispose();
  }
  // What f made is handed to the caller's scope as it is; the caller's own tensors (and a tensor returned
  // twice) are cloned, which shares the data: every output is a tensor of the caller's, distinct from the others.
  const adopted = new Set<tf.Tensor>();
  const outputs = kept.map((t) => {
    if (!madeHere(t) || adopted.has(t)) return t.clone();
    adopted.add(t);
    return adoptKept(t);
  });
  return { outputs, bytes };
}

function disposeMadeHere(tensors: tf.Tensor[], madeHere: (t: tf.Tensor) => boolean): void {
  for (const t of tensors) if (madeHere(t)) t.dispose();
}

/**
 * One backward pass from `y` ([N,1]) to each of `xs` ([N,1] each), recorded so
 * it can be differentiated again. Must run inside {@link recordTape}.
 * Returns undefined for an x that `y` does not depend on.
 */
export function gradStep(y: tf.Tensor, xs: tf.Tensor[], seed: Seed): (tf.Tensor | undefined)[] {
  const dy = seed === 'ones' ? tf.onesLike(y) : undefined;
  const { value, grads } = tf.engine().gradients(() => (seed === 'sum' ? tf.sum(y) : y), xs, dy, true);
  // dy is left to the enclosing scope: for u(x) = x the gradient *is* dy.
  if (value !== y) value.dispose();
  return grads;
}
