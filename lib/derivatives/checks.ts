import * as tf from '@tensorflow/tfjs';

import { syncReadsBroken } from '../backend/sync_reads.js';
import { Reads, readSync, withGradientDepth } from '../internals/index.js';

/** Throws unless `t` is a float32 tensor of shape [N,1]; names the argument and the function. */
export function assertColumn(t: unknown, arg: string, fn: string): asserts t is tf.Tensor2D {
  if (!(t instanceof tf.Tensor)) {
    throw new Error(`Argument '${arg}' passed to '${fn}' must be a tf.Tensor of shape [N,1], but got ${describe(t)}.`);
  }
  if (t.rank !== 2 || t.shape[1] !== 1) {
    throw new Error(`Argument '${arg}' passed to '${fn}' must have shape [N,1], but got shape [${t.shape.join(',')}].`);
  }
  if (t.dtype !== 'float32') {
    throw new Error(`Argument '${arg}' passed to '${fn}' must be float32 to be differentiated, but got dtype ${t.dtype}.`);
  }
}

/** Throws unless `order` is a non-negative integer. */
export function assertOrder(order: unknown, fn: string): asserts order is number {
  if (typeof order !== 'number' || !Number.isInteger(order) || order < 0) {
    throw new Error(`Argument 'order' passed to '${fn}' must be a non-negative integer, but got ${describe(order)}.`);
  }
}

/** Throws unless `u` is a function. */
export function assertFunction(u: unknown, arg: string, fn: string): void {
  if (typeof u !== 'function') {
    throw new Error(`Argument '${arg}' passed to '${fn}' must be a function, but got ${describe(u)}.`);
  }
}

/** Throws unless `value` is one of `allowed`. */
export function assertOneOf<T extends string>(value: unknown, allowed: readonly T[], arg: string, fn: string): asserts value is T {
  if (!allowed.includes(value as T)) {
    throw new Error(`Option '${arg}' passed to '${fn}' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, but got ${describe(value)}.`);
  }
}

/** Throws unless `options` is a plain object (undefined is the caller's default, applied before). */
export function assertOptionsObject(options: unknown, fn: string): asserts options is object {
  if (options === null || typeof options !== 'object' || Array.isArray(options) || options instanceof tf.Tensor) {
    throw new Error(`Argument 'options' passed to '${fn}' must be an object of options, but got ${describe(options)}.`);
  }
}

const FOUND_FINITE = new WeakSet<tf.Tensor>();

/**
 * Records `t`, made from `values`, as checked when every value is finite (a scan in JavaScript: no kernel,
 * no read-back), so that {@link assertFiniteReads} and partials do not check it again; does nothing
 * otherwise (they then check it, and throw, as before). For tensors made from arrays in hand, such as freshly
 * drawn collocation points: a training step that draws new points each time then pays no check for them.
 *
 * @example
 * const v = Float32Array.of(0, 0.5); const x = tf.tensor2d(v, [2, 1]);
 * markFinite(x, v); // true: partials(u, { x }, ...) reads nothing back to check x
 */
export function markFinite(t: tf.Tensor, values: Float32Array): boolean {
  if (t instanceof tf.Variable || values.length !== t.size) return false;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  FOUND_FINITE.add(t);
  return true;
}

/**
 * Throws, naming the first offending value, unless every value of every
 * tensor is finite. `what` names each tensor as the message should ("Input
 * 'x'", "Argument 'inputs'"). One read-back for all of them: derivatives at a
 * NaN or infinite point are undefined, and identically vanishing ones would
 * come out as zeros there, so such points are an error rather than NaN passed on.
 */
export function assertFinite(all: readonly { what: string; t: tf.Tensor2D }[], fn: string): void {
  readSync(assertFiniteReads(all, fn));
}

/**
 * {@link assertFinite} where a synchronous read can be trusted; where it cannot (webgpu on SwiftShader, see
 * syncReadsWork) a scalar that is 1 when every value is finite and NaN otherwise, for the caller to multiply
 * its results by: a non-finite input then gives NaN results there instead of an error, never zeros.
 * null when nothing is left to check (the caller owns a returned scalar).
 */
export function finiteGuard(all: readonly { what: string; t: tf.Tensor2D }[], fn: string): tf.Scalar | null {
  if (syncReadsBroken() === undefined) {
    assertFinite(all, fn);
    return null;
  }
  const tensors = all.filter(({ t }) => t.size > 0 && (t instanceof tf.Variable || !FOUND_FINITE.has(t)));
  if (tensors.length === 0) return null;
  return withGradientDepth(0, () => tf.tidy(() => tf.where(tf.all(tf.stack(tensors.map(({ t }) => tf.all(tf.isFinite(t))))), tf.scalar(1), tf.scalar(NaN)))) as tf.Scalar;
}

/**
 * Multiplies each result by {@link finiteGuard}'s scalar (disposing the results and the guard); the results themselves without one.
 */
export function applyFiniteGuard<T extends tf.Tensor>(results: T[], guard: tf.Scalar | null): T[] {
  if (guard === null) return results;
  const out = results.map((r) => tf.mul(r, guard) as T);
  tf.dispose([...results, guard]);
  return out;
}

/**
 * {@link assertFinite} as {@link Reads}: run with readAsync it checks without a synchronous read
 * (WebGPU), and tensors found finite are then not read again by partials.
 */
export function* assertFiniteReads(all: readonly { what: string; t: tf.Tensor2D }[], fn: string): Reads<void> {
  // tf.all of no values is false on the cpu backend: empty tensors hold nothing to check.
  // A tensor's values never change (a Variable's can), so one found finite is not read back again:
  // a training loop passes the same collocation points every step, and on a GPU each check is a sync.
  const tensors = all.filter(({ t }) => t.size > 0 && (t instanceof tf.Variable || !FOUND_FINITE.has(t)));
  if (tensors.length === 0) return;
  const flags = withGradientDepth(0, () => tf.tidy(() => tf.stack(tensors.map(({ t }) => tf.all(tf.isFinite(t))))));
  let ok: tf.TypedArray;
  try {
    [ok] = yield [flags];
  } finally {
    flags.dispose();
  }
  const bad = ok.findIndex((v) => v === 0);
  if (bad < 0) {
    tensors.forEach(({ t }) => FOUND_FINITE.add(t));
    return;
  }
  const { what, t } = tensors[bad];
  const [values] = yield [t];
  const i = values.findIndex((v) => !Number.isFinite(v));
  const width = t.shape[1];
  const where = width === 1 ? `row ${i}` : `row ${Math.floor(i / width)}, column ${i % width}`;
  throw new Error(`${what} passed to '${fn}' holds a non-finite value (${values[i]}) at ${where}; derivatives there are undefined: remove or repair such points.`);
}

/** Throws unless u's result is float32: an integer or boolean result has no derivatives. */
export function assertFloatResult(y: tf.Tensor, fn: string): void {
  if (y.dtype !== 'float32') {
    throw new Error(`'${fn}': u must return float32 values to be differentiated, but returned dtype ${y.dtype}.`);
  }
}

/** A short description of a value for error messages. */
export function describe(v: unknown): string {
  if (v instanceof tf.Tensor) return `a ${v.dtype} tensor of shape [${v.shape.join(',')}]`;
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (v instanceof Promise) return 'a Promise (u must be synchronous)';
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}
