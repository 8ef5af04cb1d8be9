import { unzlibSync } from 'fflate';

import { Bytes, fromColumnMajor, ownBuffer } from './npy.js';
import { NdArray } from './types.js';

// MATLAB Level 5 MAT-file reader for numeric arrays. Hand-written because the
// one npm reader of this format (mat-for-js) is GPL-3.0, which an Apache-2.0
// library cannot depend on; fflate does the zlib part.
// Format: MathWorks, "MAT-File Format" (matfile_format.pdf), Level 5 chapter.

const MI = { INT8: 1, UINT8: 2, INT16: 3, UINT16: 4, INT32: 5, UINT32: 6, SINGLE: 7, DOUBLE: 9, INT64: 12, UINT64: 13, MATRIX: 14, COMPRESSED: 15 } as const;
const CLASS_NAMES: Record<number, string> = { 1: 'cell', 2: 'struct', 3: 'object', 4: 'char', 5: 'sparse', 6: 'double', 7: 'single', 8: 'int8', 9: 'uint8', 10: 'int16', 11: 'uint16', 12: 'int32', 13: 'uint32', 14: 'int64', 15: 'uint64', 16: 'function', 17: 'opaque' };
const NUMERIC_CLASSES = new Set([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);

interface Element {
  type: number;
  /** Byte offset of the element's data in its view. */
  at: number;
  bytes: number;
  /** Offset of the next element. */
  next: number;
}

class Reader {
  constructor(
    readonly view: DataView,
    readonly little: boolean,
    readonly name: string,
  ) {}

  fail(why: string): never {
    throw new Error(`${this.name} is not a readable MATLAB Level 5 file: ${why}.`);
  }

  element(at: number, end: number): Element {
    if (at + 8 > end) this.fail(`an element at byte ${at} runs past the end (cut off?)`);
    const first = this.view.getUint32(at, this.little);
    // Small data element: type and size share the first word, data fits in the second.
    if (first >>> 16 !== 0) return { type: first & 0xffff, at: at + 4, bytes: first >>> 16, next: at + 8 };
    const bytes = this.view.getUint32(at + 4, this.little);
    if (at + 8 + bytes > end) this.fail(`an element at byte ${at} claims ${bytes} bytes, past the end (cut off?)`);
    // Compressed elements are not padded; everything else is padded to 8 bytes.
    const next = first === MI.COMPRESSED ? at + 8 + bytes : at + 8 + Math.ceil(bytes / 8) * 8;
    return { type: first, at: at + 8, bytes, next: Math.min(next, end) };
  }

  numbers(e: Element): Float64Array {
    const v = this.view;
    const sizes: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 9: 8, 12: 8, 13: 8 };
    const size = sizes[e.type];
    if (size === undefined) this.fail(`numeric data of element type ${e.type} is not supported`);
    const n = e.bytes / size;
    const out = new Float64Array(n);
    for (let i = 0, p = e.at; i < n; i++, p += size) {
      switch (e.type) {
        case MI.INT8: out[i] = v.getInt8(p); break;
        case MI.UINT8: out[i] = v.getUint8(p); break;
        case MI.INT16: out[i] = v.getInt16(p, this.little); break;
        case MI.UINT16: out[i] = v.getUint16(p, this.little); break;
        case MI.INT32: out[i] = v.getInt32(p, this.little); break;
        case MI.UINT32: out[i] = v.getUint32(p, this.little); break;
        case MI.SINGLE: out[i] = v.getFloat32(p, this.little); break;
        case MI.DOUBLE: out[i] = v.getFloat64(p, this.little); break;
        case MI.INT64: out[i] = Number(v.getBigInt64(p, this.little)); break;
        case MI.UINT64: out[i] = Number(v.getBigUint64(p, this.little)); break;
      }
    }
    return out;
  }
}

/** One miMATRIX element: its name and, for numeric classes, its array; else the class name. */
function readMatrix(r: Reader, e: Element): { name: string; array?: NdArray; skipped?: string } {
  const end = e.at + e.bytes;
  if (e.bytes === 0) return { name: '', skipped: 'empty' };
  const flags = r.element(e.at, end);
  const word = r.view.getUint32(flags.at, r.little);
  const cls = word & 0xff;
  const complex = (word & 0x800) !== 0;
  const dimsEl = r.element(flags.next, end);
  const shape = Array.from(r.numbers(dimsEl));
  const nameEl = r.element(dimsEl.next, end);
  const name = new TextDecoder('latin1').decode(new Uint8Array(r.view.buffer, r.view.byteOffset + nameEl.at, nameEl.bytes));
  if (!NUMERIC_CLASSES.has(cls)) return { name, skipped: CLASS_NAMES[cls] ?? `class ${cls}` };
  const size = shape.reduce((a, b) => a * b, 1);
  const realEl = r.element(nameEl.next, end);
  const real = r.numbers(realEl);
  if (real.length !== size) r.fail(`variable '${name}' holds ${real.length} values, but its dimensions [${shape}] need ${size}`);
  const array: NdArray = { shape, data: fromColumnMajor(real, shape) };
  if (complex) {
    const imag = r.numbers(r.element(realEl.next, end));
    if (imag.length !== size) r.fail(`variable '${name}' has ${imag.length} imaginary values for ${size} real ones`);
    array.imag = fromColumnMajor(imag, shape);
  }
  return { name, array };
}

/**
 * Parses a MATLAB Level 5 MAT-file (as written by MATLAB `save` up to -v7 and
 * by scipy.io.savemat, compressed or not, either byte order) into its numeric
 * variables by name, each a row-major float64 {@link NdArray} with MATLAB's
 * shape (at least two dimensions). Cell, struct, char, sparse and object
 * variables are left out; v7.3 (HDF5) files are refused.
 *
 * @example
 * const mat = parseMat(bytes); // bytes of burgers_shock.mat
 * mat.usol.shape; // [256, 100]
 */
export function parseMat(bytes: Bytes, name = 'the .mat data'): Record<string, NdArray> {
  const buf = ownBuffer(bytes, 'bytes', 'parseMat');
  const view = new DataView(buf);
  if (buf.byteLength < 128) throw new Error(`${name} is not a readable MATLAB Level 5 file: it has ${buf.byteLength} bytes, less than the 128-byte header.`);
  const text = new TextDecoder('latin1').decode(new Uint8Array(buf, 0, 116));
  if (text.startsWith('MATLAB 7.3')) throw new Error(`${name} is a MATLAB v7.3 (HDF5) file; save it with save(..., '-v7') or scipy.io.savemat.`);
  const endian = String.fromCharCode(view.getUint8(126), view.getUint8(127));
  if (endian !== 'IM' && endian !== 'MI') throw new Error(`${name} is not a MATLAB Level 5 file (no 'IM'/'MI' byte-order mark at byte 126; a Level 4 file or not a MAT-file).`);
  const r = new Reader(view, endian === 'IM', name);
  const out: Record<string, NdArray> = {};
  const visit = (reader: Reader, e: Element) => {
    if (e.type === MI.COMPRESSED) {
      let inner: Uint8Array;
      try {
        inner = unzlibSync(new Uint8Array(reader.view.buffer, reader.view.byteOffset + e.at, e.bytes));
      } catch (error) {
        reader.fail(`a compressed element at byte ${e.at - 8} does not inflate (${(error as Error).message})`);
      }
      const sub = new Reader(new DataView(inner.buffer, inner.byteOffset, inner.byteLength), reader.little, name);
      visit(sub, sub.element(0, inner.byteLength));
      return;
    }
    if (e.type !== MI.MATRIX) return;
    const m = readMatrix(reader, e);
    if (m.array) out[m.name] = m.array;
  };
  for (let at = 128; at < buf.byteLength; ) {
    const e = r.element(at, buf.byteLength);
    visit(r, e);
    at = e.next;
  }
  return out;
}
