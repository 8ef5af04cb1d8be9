import * as tf from '@tensorflow/tfjs';

/**
 * The one door to tfjs engine internals that tfjs-pinn reads or writes.
 *
 * tfjs 4.x keeps the gradient tape's state on `tf.engine().state`, which is
 * not public API. Derivatives (clean-up after an error at the outermost
 * level) and Taylor mode (switching off a tape nothing will read) need it;
 * every access goes through here so that a tfjs upgrade that moves these
 * fields fails one spec (spec/internals/engine.spec.ts) instead of many quietly.
 */
interface EngineState {
  gradientDepth: number;
  activeTape: { saved?: tf.Tensor[] }[] | null;
}

function engineState(): EngineState {
  const state = (tf.engine() as unknown as { state?: EngineState }).state;
  if (state === undefined || typeof state.gradientDepth !== 'number') {
    throw new Error(`tfjs-pinn: tf.engine().state has no numeric gradientDepth (tfjs ${tf.version_core}); this tfjs version moved the engine internals tfjs-pinn relies on.`);
  }
  return state;
}

/**
 * How many gradient-recording scopes are open (0: nothing records).
 *
 * @example
 * gradientDepth(); // 0
 * tf.grad((x) => { gradientDepth(); return x; }); // 1 inside
 */
export function gradientDepth(): number {
  return engineState().gradientDepth;
}

/**
 * Hands a tensor that was kept (tf.keep) over to the current scope, as if it
 * had been made there: what a clone into the scope does, without the clone's
 * kernel, its tape node and the Cast its gradient runs.
 *
 * @example
 * const t = tf.tidy(() => tf.keep(tf.exp(x)));
 * tf.tidy(() => { adoptKept(t); }); // t is disposed here
 */
export function adoptKept<T extends tf.Tensor>(t: T): T {
  (t as unknown as { kept: boolean }).kept = false;
  return (tf.engine() as unknown as { track<U>(t: U): U }).track(t);
}

/** Depths of the open recording scopes that never backpropagate themselves (see {@link asRecordingOnly}). */
const recordingOnly: number[] = [];

/**
 * Runs `f` (called inside a gradient scope, e.g. the function given to
 * tf.engine().gradients with unconnected xs) marking that scope as one that
 * records but never runs a backward pass of its own, so that
 * {@link gradientRunsUnrecorded} can look through it.
 *
 * @example
 * tf.engine().gradients(() => asRecordingOnly(() => f()), [anchor], undefined, true);
 * // inside f, gradientRunsUnrecorded() ignores that scope
 */
export function asRecordingOnly<T>(f: () => T): T {
  recordingOnly.push(gradientDepth());
  try {
    return f();
  } finally {
    recordingOnly.pop();
  }
}

/**
 * Whether the gradient of an op recorded now will itself run unrecorded:
 * the only open scope that can backpropagate is the outermost, whose
 * backward pass runs at depth 0 after it has closed (a training step's
 * tf.variableGrads). Any other backpropagating scope inside it (tf.grad of a
 * gradient, reverse-mode derivatives) may differentiate the op with its
 * backward recorded.
 *
 * @example
 * tf.variableGrads(() => { gradientRunsUnrecorded(); ... }); // true inside
 * tf.grad((x) => tf.grad(g)(x)); // false inside g
 */
export function gradientRunsUnrecorded(): boolean {
  const depth = gradientDepth();
  if (depth < 1 || recordingOnly.includes(1)) return false;
  for (let d = 2; d <= depth; d++) if (!recordingOnly.includes(d)) return false;
  return true;
}

/**
 * Runs `f` with the recording depth set to `depth`, then restores it, also on error.
 *
 * @example
 * withGradientDepth(0, () => tf.exp(x)); // nothing recorded on the tape
 * gradientDepth(); // as before
 */
export function withGradientDepth<T>(depth: number, f: () => T): T {
  const state = engineState();
  const before = state.gradientDepth;
  state.gradientDepth = depth;
  try {
    return f();
  } finally {
    state.gradientDepth = before;
  }
}

/**
 * Runs `f` as if no gradient were being recorded: the open tape (and its depth) is set aside and restored
 * after, also on error, so `f` may take gradients of its own on a fresh tape, and nothing it computes is on
 * the outer tape: its results are constants there. Inner gradients taken under an outer tape instead walk
 * and extend the whole outer tape (several ms per new point set of a training step's transform terms).
 *
 * @example
 * tf.variableGrads(() => { const c = unrecorded(() => partials(g, p, ['u_x']).u_x); return tf.sum(tf.mul(c, w)); });
 * // c is a constant of the gradient
 */
export function unrecorded<T>(f: () => T): T {
  const state = engineState();
  const [depth, tape] = [state.gradientDepth, state.activeTape];
  const marks = recordingOnly.splice(0);
  state.gradientDepth = 0;
  state.activeTape = null;
  try {
    return f();
  } finally {
    state.gradientDepth = depth;
    state.activeTape = tape;
    recordingOnly.splice(0, recordingOnly.length, ...marks);
  }
}

/**
 * Whether a tape is active (a gradient is being recorded at any depth).
 *
 * @example
 * tapeActive(); // false outside tf.grad
 * tf.grad((x) => { tapeActive(); return x; }); // true inside
 */
export function tapeActive(): boolean {
  return engineState().activeTape != null;
}

/**
 * After an error thrown at the outermost recording level the engine leaves
 * its tape and the tensors saved on it behind; this frees them. Does nothing
 * inside an outer recording scope, whose own clean-up owns the tape.
 *
 * @example
 * try { tf.engine().gradients(f, xs); } catch (e) { dropTapeAfterError(); throw e; }
 * tapeActive(); // false
 */
export function dropTapeAfterError(): void {
  const state = engineState();
  if (state.gradientDepth !== 0 || state.activeTape == null) return;
  for (const node of state.activeTape) node.saved?.forEach((t) => t.dispose());
  state.activeTape = null;
}

/**
 * The vector-Jacobian product of `outputs(...inputs)` with `dys`, built from
 * differentiable tf ops under the current tape: the gradient a custom kernel
 * gives when that gradient is itself being recorded (a derivative of a
 * derivative), so every order stays exact. Inputs the outputs do not depend on get zeros.
 *
 * @example
 * const [dx, dw] = recordedVjp(() => [tf.matMul(x, w)], [x, w], [dy]);
 * dw.shape; // w.shape
 */
export function recordedVjp(outputs: () => tf.Tensor[], inputs: tf.Tensor[], dys: tf.Tensor[]): tf.Tensor[] {
  const f = () => tf.addN(outputs().map((o, i) => tf.sum(tf.mul(o, dys[i])))) as tf.Scalar;
  const { value, grads } = tf.engine().gradients(f, inputs, undefined, true);
  value.dispose();
  return grads.map((g, i) => g ?? tf.zerosLike(inputs[i]));
}

interface SavingEngine {
  saveTensorsForBackwardMode(tensors: tf.Tensor[]): tf.Tensor[];
  makeTensorFromTensorInfo(info: tf.TensorInfo, backend?: unknown): tf.Tensor;
  addTapeNode(kernelName: string, inputs: tf.NamedTensorMap, outputs: tf.Tensor[], gradient: null, saved: tf.Tensor[], attrs: tf.NamedAttrMap): void;
  gradients(f: () => tf.Tensor, xs: tf.Tensor[], dy?: tf.Tensor, allowNoGradients?: boolean): { value: tf.Tensor; grads: tf.Tensor[] };
  keep<T extends tf.Tensor>(t: T): T;
  backendName: string;
  backend: { incRef(dataId: object): void };
  state: EngineState & { tensorInfo: WeakMap<object, { backend: unknown }> };
}

let savingShared: ReadonlySet<string> | null = null;
/** Tensors saved by sharing on the current tape, each with the tensor it stands for, not yet linked on the tape. */
let unlinked: { tape: unknown; pairs: [tf.Tensor, tf.Tensor][] } = { tape: null, pairs: [] };

/**
 * Makes the tape keep what an op's gradient reads by sharing the tensor's data (one more reference, no
 * kernel) instead of tfjs's clone, for ops recorded by the outermost gradient scope (depth 1, a training
 * step's tf.variableGrads, whose backward pass runs unrecorded) on one of `backends`, whose Identity kernel
 * shares data anyway. A clone costs an Identity kernel call and a tape node: 15 of the 49 kernels of a
 * Burgers Trainer step, each with the engine's fixed cost.
 *
 * The clone's tape node links the saved tensor to the original, which only a recorded backward pass can
 * use (a gradient taken inside the scope that walks ops recorded before it, and so reads their saved
 * tensors as inputs of its own recorded ops). So before any gradient is taken inside an open scope, the
 * links of the tensors saved so far are added to the tape as the clone would have added them (an Identity
 * node, no kernel): the same tape, without the kernels. Ops recorded deeper (depth 2 and more) keep tfjs's clone.
 * Installed once; later calls widen the set of backends.
 *
 * @example
 * shareSavedTensors(['cpu', 'wasm']);
 * tf.variableGrads(() => tf.sum(tf.mul(x, w))); // no Identity kernels for Multiply's saved inputs
 */
export function shareSavedTensors(backends: readonly string[]): void {
  if (savingShared !== null) {
    savingShared = new Set([...savingShared, ...backends]);
    return;
  }
  const engine = tf.engine() as unknown as SavingEngine;
  const { saveTensorsForBackwardMode: clone, gradients } = engine;
  if (typeof clone !== 'function' || typeof gradients !== 'function' || typeof engine.addTapeNode !== 'function' || typeof engine.makeTensorFromTensorInfo !== 'function' || !(engine.state?.tensorInfo instanceof WeakMap)) {
    throw new Error(`tfjs-pinn: tf.engine() lacks saveTensorsForBackwardMode, gradients, addTapeNode or makeTensorFromTensorInfo (tfjs ${tf.version_core}); this tfjs version moved the engine internals tfjs-pinn relies on.`);
  }
  savingShared = new Set(backends);
  engine.saveTensorsForBackwardMode = function (this: SavingEngine, tensors: tf.Tensor[]): tf.Tensor[] {
    const backend = this.backend;
    const state = this.state;
    const shareable =
      state.gradientDepth === 1 &&
      !recordingOnly.includes(1) &&
      savingShared!.has(this.backendName) &&
      tensors.every((t) => t.dtype !== 'string' && t.dtype !== 'complex64' && state.tensorInfo.get(t.dataId)?.backend === backend);
    if (!shareable) return clone.call(this, tensors);
    if (unlinked.tape !== state.activeTape) unlinked = { tape: state.activeTape, pairs: [] };
    return tensors.map((t) => {
      backend.incRef(t.dataId);
      const saved = this.keep(this.makeTensorFromTensorInfo({ dataId: t.dataId, shape: t.shape, dtype: t.dtype }, backend));
      unlinked.pairs.push([t, saved]);
      return saved;
    });
  };
  engine.gradients = function (this: SavingEngine, f, xs, dy, allowNoGradients) {
    // A gradient taken inside an open scope is recorded: it may read tensors saved so far, so link them first.
    if (this.state.gradientDepth >= 1 && unlinked.tape === this.state.activeTape && unlinked.pairs.length > 0) {
      for (const [x, saved] of unlinked.pairs) this.addTapeNode('Identity', { x }, [saved], null, [], {});
      unlinked.pairs = [];
    }
    return gradients.call(this, f, xs, dy, allowNoGradients);
  };
}
