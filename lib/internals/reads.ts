import * as tf from '@tensorflow/tfjs';

/** Values read back from tensors, one typed array per tensor. */
export type TensorValues = tf.TypedArray[];

/**
 * A computation that reads tensors back, written once for both kinds of read:
 * it yields the tensors it needs read (and disposes them once answered), and
 * receives their values in order. {@link readSync} answers with `dataSync`
 * (Node, cpu, wasm, webgl), {@link readAsync} with `await data()` (all backends, WebGPU included).
 */
export type Reads<R> = Generator<tf.Tensor[], R, TensorValues>;

/**
 * Runs `reads` to its end, reading with `dataSync`.
 *
 * @example
 * const loss = readSync(lossReads()); // a number
 * readSync(read([tf.scalar(2)])); // [Float32Array [2]]
 */
export function readSync<R>(reads: Reads<R>): R {
  let next = reads.next();
  while (!next.done) {
    let values: TensorValues;
    try {
      values = next.value.map((t) => t.dataSync());
    } catch (error) {
      // The computation hears of the failed read where it asked, so its cleanup runs.
      next = reads.throw(error);
      continue;
    }
    next = reads.next(values);
  }
  return next.value;
}

/**
 * Runs `reads` to its end, reading with `await data()` (all tensors of one request at once).
 *
 * @example
 * const loss = await readAsync(lossReads());
 * await readAsync(read([tf.scalar(2)])); // [Float32Array [2]]
 */
export async function readAsync<R>(reads: Reads<R>): Promise<R> {
  let next = reads.next();
  while (!next.done) {
    let values: TensorValues;
    try {
      values = await Promise.all(next.value.map((t) => t.data()));
    } catch (error) {
      next = reads.throw(error);
      continue;
    }
    next = reads.next(values);
  }
  return next.value;
}

/**
 * Reads tensors it takes over, then disposes them: `yield* read(ts)` inside a {@link Reads}.
 * The values of `alsoRead` (tensors the caller keeps) come after theirs, in the same read-back.
 *
 * @example
 * const [values] = yield* read([tf.tidy(() => tf.concat(vars.map((v) => v.reshape([-1]))))]);
 * const [loss, ...parts] = yield* read([total, ...partTensors]);
 */
export function* read(tensors: tf.Tensor[], alsoRead: tf.Tensor[] = []): Reads<TensorValues> {
  try {
    return yield alsoRead.length === 0 ? tensors : [...tensors, ...alsoRead];
  } finally {
    tf.dispose(tensors);
  }
}
