import * as tf from '@tensorflow/tfjs';

/** How a derivative seeds the backward pass; both give identical numbers. */
export type Seed = 'sum' | 'ones';

interface EngineState {
  gradientDepth: number;
  activeTape: { saved?: tf.Tensor[] }[] | null;
}

function engineState(): EngineState {
  return (tf.engine() as unknown as { state: EngineState }).state;
}

/**
 * Runs `f` with the gradient tape recording, so that any number of backward
 * passes (see {@link gradStep}) can be taken over what `f` computes, each one
 * recorded too: the counterpart of PyTorch's `create_graph=True`. The forward
 * pass runs once however many derivatives are taken from it.
 *
 * Returns the tensors `f` returns, tracked in the caller's scope (so a
 * surrounding `tf.tidy` or outer gradient sees them), and how many bytes were
 * alive at the end of `f`, which is close to the peak.
 */
export function recordTape(f: () => tf.Tensor[]): { outputs: tf.Tensor[]; bytes: number } {
  const startDepth = engineState().gradientDepth;
  const startBytes = tf.memory().numBytes;
  const kept: tf.Tensor[] = [];
  let bytes = 0;
  const anchor = tf.scalar(0);
  try {
    // A gradients() call whose xs are unconnected does no backward pass: it is
    // used only for its recording scope and its clean-up of the tape at depth 0.
    const { value } = tf.engine().gradients(
      () => {
        for (const t of f()) kept.push(tf.keep(t));
        bytes = tf.memory().numBytes - startBytes;
        return tf.scalar(0);
      },
      [anchor],
      undefined,
      true,
    );
    value.dispose();
  } catch (error) {
    kept.forEach((t) => t.dispose());
    if (startDepth === 0) dropTape();
    throw error;
  } finally {
    anchor.dispose();
  }
  // clone() shares the data; the clones belong to the caller's scope.
  const outputs = kept.map((t) => t.clone());
  kept.forEach((t) => t.dispose());
  return { outputs, bytes };
}

/** After an error at the outermost level the engine leaves its tape and saved tensors behind. */
function dropTape(): void {
  const state = engineState();
  if (state.gradientDepth !== 0 || state.activeTape == null) return;
  for (const node of state.activeTape) node.saved?.forEach((t) => t.dispose());
  state.activeTape = null;
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
