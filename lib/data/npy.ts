import { unzipSync } from 'fflate';

import { readNpyHeader } from './npy_header.js';
import { NdArray } from './types.js';
import { crc32, zipMembers } from './zip_directory.js';

/** The bytes of a file, as an ArrayBuffer or a view of one (a Node Buffer is a Uint8Array). */
export type Bytes = ArrayBuffer | Uint8Array;

/** A view's bytes as an ArrayBuffer of their own (aligned at 0 for typed arrays). */
export function ownBuffer(bytes: Bytes, arg: string, fn: string): ArrayBuffer {
  if (bytes instanceof ArrayBuffer) return bytes;
  if (bytes instanceof Uint8Array) return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  throw new Error(`Argument '${arg}' passed to '${fn}' must be an ArrayBuffer or a Uint8Array (a Node Buffer), but got ${bytes === null ? 'null' : typeof bytes}.`);
}

/**
 * A 64-bit integer read from `file` as a float64, or an Error (shared by the readers) where it would be
 * rounded: beyond 2^53 not every integer is a float64, and a silently rounded value is a wrong one.
 *
 * @example
 * exactInteger(2n ** 60n, 'a.npy', 'the array', 'int64'); // 1152921504606846976 (a float64 exactly)
 * exactInteger(2n ** 53n + 1n, 'a.npy', 'the array', 'int64'); // throws: '... would be read as 9007199254740992 ...'
 */
export function exactInteger(b: bigint, file: string, what: string, type: string): number {
  const n = Number(b);
  if (Math.abs(n) >= 2 ** 53 && BigInt(n) !== b) {
    throw new Error(
      `${file} cannot be read exactly: ${what} holds the ${type} value ${b}, which a float64 cannot hold (integers beyond 2^53 lose precision; it would be read as ${BigInt(n)}). Convert it to float64 before saving if that rounding is acceptable.`,
    );
  }
  return n;
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

/** Bytes per value of the dtype codes read: 64-bit integers are checked to fit a float64 exactly. */
const ITEM_SIZES: Record<string, number> = { i1: 1, u1: 1, i2: 2, u2: 2, i4: 4, u4: 4, i8: 8, u8: 8, f2: 2, f4: 4, f8: 8, c8: 8, c16: 16 };

/** IEEE half precision bits as a number (every half is a float64 exactly). */
function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * Parses a NumPy `.npy` file into a row-major float64 {@link NdArray}.
 * Integer, float and complex dtypes are read; Fortran-ordered arrays are
 * reordered. The header is checked as NumPy checks it (exactly the keys descr,
 * fortran_order and shape; non-negative integer dimensions) and a key given
 * twice is refused. Refused, with an Error naming `name`: big-endian, boolean,
 * string, structured and object arrays; data that does not fill the shape, or
 * bytes after it (NumPy ignores them: a second array saved to the same file);
 * int64/uint64 values a float64 cannot hold (beyond 2^53: not rounded).
 *
 * @example
 * const a = parseNpy(bytes); // bytes of np.save('a.npy', np.arange(6.).reshape(2, 3))
 * a.shape; // [2, 3]
 */
export function parseNpy(bytes: Bytes, name = 'the .npy data'): NdArray {
  const buf = ownBuffer(bytes, 'bytes', 'parseNpy');
  const { descr, fortranOrder, shape, dataAt } = readNpyHeader(buf, name);
  if (descr.startsWith('>') && !/^>[iuf]1$/.test(descr)) throw new Error(`${name} is big-endian (dtype '${descr}'); save it little-endian (arr.astype('<f8')).`);
  // '<' little-endian, '|' no order (one byte), '=' or none: this machine's, little-endian wherever JavaScript runs.
  const code = descr.replace(/^[<>|=]/, '');
  const item = ITEM_SIZES[code];
  if (item === undefined) throw new Error(`${name} has dtype '${descr}'; only integer, float and complex arrays can be read.`);
  const size = shape.reduce((a, b) => a * b, 1);
  const have = buf.byteLength - dataAt;
  const count = Math.floor(have / item);
  if (count < size) throw new Error(`${name} holds ${count} values, but its shape [${shape}] needs ${size} (is it cut off?).`);
  if (have > size * item) throw new Error(`${name} has ${have - size * item} bytes after the ${size} values its shape [${shape}] needs (a second array saved to the same file?); NumPy would ignore them, so the file is refused.`);
  const v = new DataView(buf, dataAt);
  const complex = code.startsWith('c');
  const real = new Float64Array(size);
  const imag = complex ? new Float64Array(size) : undefined;
  const what = 'the array';
  for (let i = 0, p = 0; i < size; i++, p += item) {
    switch (code) {
      case 'i1': real[i] = v.getInt8(p); break;
      case 'u1': real[i] = v.getUint8(p); break;
      case 'i2': real[i] = v.getInt16(p, true); break;
      case 'u2': real[i] = v.getUint16(p, true); break;
      case 'i4': real[i] = v.getInt32(p, true); break;
      case 'u4': real[i] = v.getUint32(p, true); break;
      case 'i8': real[i] = exactInteger(v.getBigInt64(p, true), name, what, 'int64'); break;
      case 'u8': real[i] = exactInteger(v.getBigUint64(p, true), name, what, 'uint64'); break;
      case 'f2': real[i] = half(v.getUint16(p, true)); break;
      case 'f4': real[i] = v.getFloat32(p, true); break;
      case 'f8': real[i] = v.getFloat64(p, true); break;
      case 'c8': real[i] = v.getFloat32(p, true); imag![i] = v.getFloat32(p + 4, true); break;
      case 'c16': real[i] = v.getFloat64(p, true); imag![i] = v.getFloat64(p + 8, true); break;
    }
  }
  const order = (a: Float64Array) => (fortranOrder ? fromColumnMajor(a, shape) : a);
  return imag ? { shape, data: order(real), imag: order(imag) } : { shape, data: order(real) };
}

/**
 * Parses a NumPy `.npz` archive (fflate unzips, compressed or not) into its
 * arrays by name (the `.npy` suffix dropped), each read by {@link parseNpy}.
 * Members that are not `.npy` files are left out. Refused: a member whose
 * CRC-32 does not match (NumPy refuses it too), and a name given twice
 * (ambiguous: NumPy reads the last).
 *
 * @example
 * const z = parseNpz(bytes); // bytes of np.savez('d.npz', x=x, u=u)
 * z.u.shape; // u's shape
 */
export function parseNpz(bytes: Bytes, name = 'the .npz data'): Record<string, NdArray> {
  const buf = ownBuffer(bytes, 'bytes', 'parseNpz');
  const archive = new Uint8Array(buf);
  const unreadable = (why: string): never => {
    throw new Error(`${name} is not a readable .npz (zip) archive: ${why}.`);
  };
  let files: Record<string, Uint8Array> = {};
  try {
    files = unzipSync(archive);
  } catch (error) {
    unreadable((error as Error).message);
  }
  const members = zipMembers(archive, unreadable);
  const twice = members.find((m, i) => members.findIndex((n) => n.name === m.name) !== i);
  if (twice !== undefined) throw new Error(`${name} holds the member '${twice.name}' twice; which one is meant is ambiguous (NumPy reads the last), so the archive is refused.`);
  const out = new Map<string, NdArray>();
  for (const { name: file, crc } of members) {
    if (!file.endsWith('.npy')) continue;
    const data = files[file];
    if (data === undefined) unreadable(`its directory lists '${file}', which does not unzip`);
    const sum = crc32(data);
    if (sum !== crc) throw new Error(`${name}: member '${file}' fails its CRC-32 check (stored ${crc.toString(16)}, computed ${sum.toString(16)}), so the archive is damaged.`);
    const key = file.slice(0, -4);
    out.set(key, parseNpy(data, `${name}: array '${key}'`));
  }
  if (out.size === 0) throw new Error(`${name} holds no .npy arrays.`);
  // fromEntries defines every name as an own property, '__proto__' too.
  return Object.fromEntries(out);
}
