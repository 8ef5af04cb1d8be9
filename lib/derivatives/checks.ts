import * as tf from '@tensorflow/tfjs';

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

/** A short description of a value for error messages. */
export function describe(v: unknown): string {
  if (v instanceof tf.Tensor) return `a ${v.dtype} tensor of shape [${v.shape.join(',')}]`;
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}
