/**
 * A network's weights by name, in PyTorch's layout (`state_dict()` with `.tolist()`): a dense layer's
 * `weight` is [out][in], vectors are plain arrays, a scalar is a one-element array.
 */
export type StateDict = Record<string, number[] | number[][]>;

/** [rows][cols] from a row-major Float32Array. */
export function toRows(data: ArrayLike<number>, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => data[i * cols + j]));
}

/** The transpose of a row-major [rows, cols] array as [cols][rows] (tfjs's [in,out] to PyTorch's [out][in]). */
export function toColumns(data: ArrayLike<number>, rows: number, cols: number): number[][] {
  return Array.from({ length: cols }, (_, j) => Array.from({ length: rows }, (_, i) => data[i * cols + j]));
}

/** A row-major Float32Array [rows, cols] from [cols][rows] (PyTorch's [out][in] to tfjs's [in,out]), checked. */
export function fromColumns(value: unknown, rows: number, cols: number, what: string): Float32Array {
  if (!Array.isArray(value) || value.length !== cols || value.some((c) => !Array.isArray(c) || c.length !== rows || c.some((v: unknown) => typeof v !== 'number' || !Number.isFinite(v)))) {
    throw new Error(`${what} must be a [${cols}][${rows}] array of finite numbers.`);
  }
  const out = new Float32Array(rows * cols);
  (value as number[][]).forEach((c, j) => c.forEach((v, i) => (out[i * cols + j] = v)));
  return out;
}

/** A row-major Float32Array [rows, cols] from [rows][cols], checked. */
export function fromRows(value: unknown, rows: number, cols: number, what: string): Float32Array {
  if (!Array.isArray(value) || value.length !== rows || value.some((r) => !Array.isArray(r) || r.length !== cols || r.some((v: unknown) => typeof v !== 'number' || !Number.isFinite(v)))) {
    throw new Error(`${what} must be a [${rows}][${cols}] array of finite numbers.`);
  }
  return Float32Array.from((value as number[][]).flat());
}

/** A Float32Array of n finite numbers, checked. */
export function fromVector(value: unknown, n: number, what: string): Float32Array {
  if (!Array.isArray(value) || value.length !== n || value.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new Error(`${what} must be an array of ${n} finite numbers.`);
  }
  return Float32Array.from(value as number[]);
}
