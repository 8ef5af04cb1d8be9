import { unzipSync } from 'fflate';
import { parse as parseNpyBuffer } from 'npyjs';

import { NdArray } from './types.js';

/** The bytes of a file, as an ArrayBuffer or a view of one (a Node Buffer is a Uint8Array). */
export type Bytes = ArrayBuffer | Uint8Array;

/** A view's bytes as an ArrayBuffer of their own (aligned at 0 for typed arrays). */
export function ownBuffer(bytes: Bytes, arg: string, fn: string): ArrayBuffer {
  if (bytes instanceof ArrayBuffer) return bytes;
  if (bytes instanceof Uint8Array) return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  throw new Error(`Argument '${arg}' passed to '${fn}' must be an ArrayBuffer or a Uint8Array (a Node Buffer), but got ${bytes === null ? 'null' : typeof bytes}.`);
}

/** Row-major copy of a column-major array of the given shape. */
export function fromColumnMajor(data: Float64Array, shape: number[]): Float64Array {
  if (shape.length < 2) return data;
  const out = new Float64Array(data.length);
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  // Walk the column-major order, writing each value at its row-major offset.
  for (let k = 0; k < data.length; k++) {
    let off = 0;
    for (let d = 0; d < rank; d++) off = off * shape[d] + idx[d];
    out[off] = data[k];
    for (let d = 0; d < rank; d++) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * Parses a NumPy `.npy` file (npyjs) into a row-major float64 {@link NdArray}.
 * Integer, float and complex dtypes are read; Fortran-ordered arrays are
 * reordered. Big-endian, boolean, string and object arrays, and files whose
 * data does not fill the shape, are errors naming `name`.
 *
 * @example
 * const a = parseNpy(bytes); // bytes of np.save('a.npy', np.arange(6.).reshape(2, 3))
 * a.shape; // [2, 3]
 */
export function parseNpy(bytes: Bytes, name = 'the .npy data'): NdArray {
  const buf = ownBuffer(bytes, 'bytes', 'parseNpy');
  const head = new TextDecoder('latin1').decode(new Uint8Array(buf, 0, Math.min(buf.byteLength, 4096)));
  if (!head.startsWith('\x93NUMPY')) throw new Error(`${name} is not a NumPy .npy file (it does not start with \\x93NUMPY).`);
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(head)?.[1];
  if (descr === undefined) throw new Error(`${name} has a malformed .npy header (no 'descr').`);
  if (descr.startsWith('>') && !/^>[iuf]1$/.test(descr)) throw new Error(`${name} is big-endian (dtype '${descr}'); save it little-endian (arr.astype('<f8')).`);
  const code = descr.replace(/^[<>|=]/, '');
  if (!/^(i|u)[1248]$|^f[248]$|^c(8|16)$/.test(code)) throw new Error(`${name} has dtype '${descr}'; only integer, float and complex arrays can be read.`);
  let raw;
  try {
    raw = parseNpyBuffer(buf);
  } catch (error) {
    throw new Error(`${name} could not be read as .npy: ${(error as Error).message} (is it cut off?).`);
  }
  const shape = raw.shape;
  const size = shape.reduce((a, b) => a * b, 1);
  const complex = code.startsWith('c');
  const values = raw.data as unknown as ArrayLike<number | bigint>;
  const count = complex ? values.length / 2 : values.length;
  if (count !== size) throw new Error(`${name} holds ${count} values, but its shape [${shape}] needs ${size} (is it cut off?).`);
  const real = new Float64Array(size);
  const imag = complex ? new Float64Array(size) : undefined;
  for (let i = 0; i < size; i++) {
    if (imag) {
      real[i] = Number(values[2 * i]);
      imag[i] = Number(values[2 * i + 1]);
    } else real[i] = Number(values[i]);
  }
  const order = (a: Float64Array) => (raw.fortranOrder ? fromColumnMajor(a, shape) : a);
  return imag ? { shape, data: order(real), imag: order(imag) } : { shape, data: order(real) };
}

/**
 * Parses a NumPy `.npz` archive (fflate unzips, compressed or not) into its
 * arrays by name (the `.npy` suffix dropped).
 *
 * @example
 * const z = parseNpz(bytes); // bytes of np.savez('d.npz', x=x, u=u)
 * z.u.shape; // u's shape
 */
export function parseNpz(bytes: Bytes, name = 'the .npz data'): Record<string, NdArray> {
  const buf = ownBuffer(bytes, 'bytes', 'parseNpz');
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(new Uint8Array(buf));
  } catch (error) {
    throw new Error(`${name} is not a readable .npz (zip) archive: ${(error as Error).message}.`);
  }
  const out: Record<string, NdArray> = {};
  for (const [file, data] of Object.entries(files)) {
    if (!file.endsWith('.npy')) continue;
    const key = file.slice(0, -4);
    out[key] = parseNpy(data, `${name}: array '${key}'`);
  }
  if (Object.keys(out).length === 0) throw new Error(`${name} holds no .npy arrays.`);
  return out;
}
