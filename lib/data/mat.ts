import { unzlibSync } from 'fflate';

import { Bytes, exactInteger, fromColumnMajor, ownBuffer } from './npy.js';
import { NdArray } from './types.js';

// MATLAB Level 5 MAT-file reader for numeric arrays. Hand-written because the
// one npm reader of this format (mat-for-js) is GPL-3.0, which an Apache-2.0
// library cannot depend on; fflate does the zlib part.
// Format: MathWorks, "MAT-File Format" (matfile_format.pdf), Level 5 chapter.

const MI = { INT8: 1, UINT8: 2, INT16: 3, UINT16: 4, INT32: 5, UINT32: 6, SINGLE: 7, DOUBLE: 9, INT64: 12, UINT64: 13, MATRIX: 14, COMPRESSED: 15 } as const;
const TYPE_NAMES: Record<number, string> = { 1: 'miINT8', 2: 'miUINT8', 3: 'miINT16', 4: 'miUINT16', 5: 'miINT32', 6: 'miUINT32', 7: 'miSINGLE', 9: 'miDOUBLE', 12: 'miINT64', 13: 'miUINT64', 14: 'miMATRIX', 15: 'miCOMPRESSED', 16: 'miUTF8', 17: 'miUTF16', 18: 'miUTF32' };
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
    // Small data element: type and size share the first word, data fits in the second (4 bytes at most).
    if (first >>> 16 !== 0) {
      if (first >>> 16 > 4) this.fail(`a small data element at byte ${at} claims ${first >>> 16} bytes, more than the 4 it can hold`);
      return { type: first & 0xffff, at: at + 4, bytes: first >>> 16, next: at + 8 };
    }
    const bytes = this.view.getUint32(at + 4, this.little);
    if (at + 8 + bytes > end) this.fail(`an element at byte ${at} claims ${bytes} bytes, past the end (cut off?)`);
    // Compressed elements are not padded; everything else is padded to 8 bytes.
    const next = first === MI.COMPRESSED ? at + 8 + bytes : at + 8 + Math.ceil(bytes / 8) * 8;
    return { type: first, at: at + 8, bytes, next: Math.min(next, end) };
  }

  /** The element's values as float64; `what` (e.g. "variable 'u'") names them in errors. */
  numbers(e: Element, what: string): Float64Array {
    const v = this.view;
    const sizes: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 9: 8, 12: 8, 13: 8 };
    const size = sizes[e.type];
    if (size === undefined) this.fail(`${what} has data of element type ${TYPE_NAMES[e.type] ?? e.type}, which is not numeric`);
    if (e.bytes % size !== 0) this.fail(`${what} has ${e.bytes} bytes of ${TYPE_NAMES[e.type]} data, not a whole number of ${size}-byte values`);
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
        case MI.INT64: out[i] = exactInteger(v.getBigInt64(p, this.little), this.name, what, 'int64'); break;
        case MI.UINT64: out[i] = exactInteger(v.getBigUint64(p, this.little), this.name, what, 'uint64'); break;
      }
    }
    return out;
  }
}

/** One miMATRIX element (at byte `where` of the file, for messages): its name and, for numeric classes, its array; else why it is left out. */
function readMatrix(r: Reader, e: Element, where: number): { name: string; array?: NdArray; skipped?: string } {
  const end = e.at + e.bytes;
  if (e.bytes === 0) r.fail(`the variable element at byte ${where} is empty (no array flags, dimensions or name)`);
  const flags = r.element(e.at, end);
  if (flags.type !== MI.UINT32 || flags.bytes !== 8) r.fail(`the array flags of the variable at byte ${where} must be 8 bytes of miUINT32, but are ${flags.bytes} bytes of ${TYPE_NAMES[flags.type] ?? `type ${flags.type}`}`);
  const word = r.view.getUint32(flags.at, r.little);
  const cls = word & 0xff;
  const complex = (word & 0x800) !== 0;
  const dimsEl = r.element(flags.next, end);
  const nameEl = r.element(dimsEl.next, end);
  if (nameEl.type !== MI.INT8) r.fail(`the name of the variable at byte ${where} must be miINT8 text, but is of type ${TYPE_NAMES[nameEl.type] ?? nameEl.type}`);
  const name = new TextDecoder('latin1').decode(new Uint8Array(r.view.buffer, r.view.byteOffset + nameEl.at, nameEl.bytes));
  const what = `variable '${name}'`;
  // MATLAB writes dimensions as int32; a negative or fractional one describes no array.
  if (dimsEl.type !== MI.INT32) r.fail(`the dimensions of ${what} must be miINT32, but are ${TYPE_NAMES[dimsEl.type] ?? `of type ${dimsEl.type}`}`);
  const shape = Array.from(r.numbers(dimsEl, `the dimensions of ${what}`));
  if (shape.some((d) => d < 0)) r.fail(`${what} has negative dimensions [${shape}]`);
  if (CLASS_NAMES[cls] === undefined) r.fail(`${what} has array class ${cls}, which MATLAB does not define`);
  // MATLAB's function workspace is saved as a variable without a name (SciPy leaves it out too).
  if (name === '') return { name, skipped: 'unnamed (a function workspace)' };
  if (!NUMERIC_CLASSES.has(cls)) return { name, skipped: CLASS_NAMES[cls] };
  const size = shape.reduce((a, b) => a * b, 1);
  const realEl = r.element(nameEl.next, end);
  const real = r.numbers(realEl, what);
  if (real.length !== size) r.fail(`${what} holds ${real.length} values, but its dimensions [${shape}] need ${size}`);
  const array: NdArray = { shape, data: fromColumnMajor(real, shape) };
  let last = realEl;
  if (complex) {
    last = r.element(realEl.next, end);
    const imag = r.numbers(last, `the imaginary part of ${what}`);
    if (imag.length !== size) r.fail(`${what} has ${imag.length} imaginary values for ${size} real ones`);
    array.imag = fromColumnMajor(imag, shape);
  }
  if (last.next < end) r.fail(`${what} has ${end - last.next} bytes after its values, which a numeric array does not have`);
  return { name, array };
}

/**
 * Parses a MATLAB Level 5 MAT-file (as written by MATLAB `save` up to -v7 and
 * by scipy.io.savemat, compressed or not, either byte order) into its numeric
 * variables by name, each a row-major float64 {@link NdArray} with MATLAB's
 * shape. Every element of the file is read and checked. Cell, struct, char,
 * sparse and object variables (and MATLAB's unnamed function workspace) are
 * left out. Refused, with an Error naming the file and what is wrong: v7.3
 * (HDF5) files; anything SciPy's loadmat refuses (dimensions not int32 or
 * negative, an undefined array class, a compressed element holding more than
 * one variable, an element that is not a variable, a cut-off file); values that
 * do not fill their dimensions; a name given twice (ambiguous: SciPy keeps the
 * last); int64/uint64 values a float64 cannot hold (beyond 2^53: not rounded).
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
  const version = view.getUint16(124, r.little);
  if (version !== 0x0100) r.fail(`its header gives version 0x${version.toString(16).padStart(4, '0')}, not 0x0100 (Level 5)`);
  const out = new Map<string, NdArray>();
  const names = new Set<string>();
  const visit = (reader: Reader, e: Element, where: number) => {
    if (e.type === MI.COMPRESSED) {
      let inner: Uint8Array;
      try {
        inner = unzlibSync(new Uint8Array(reader.view.buffer, reader.view.byteOffset + e.at, e.bytes));
      } catch (error) {
        reader.fail(`a compressed element at byte ${where} does not inflate (${(error as Error).message})`);
      }
      const sub = new Reader(new DataView(inner.buffer, inner.byteOffset, inner.byteLength), reader.little, name);
      const variable = sub.element(0, inner.byteLength);
      // One variable per compressed element: SciPy refuses more as corruption, and reading only the first would drop the rest.
      if (variable.next < inner.byteLength) reader.fail(`the compressed element at byte ${where} holds ${inner.byteLength - variable.next} bytes after its variable (one compressed element holds one variable)`);
      if (variable.type !== MI.MATRIX) reader.fail(`the compressed element at byte ${where} holds an element of type ${TYPE_NAMES[variable.type] ?? variable.type}, not a variable (miMATRIX)`);
      visit(sub, variable, where);
      return;
    }
    if (e.type !== MI.MATRIX) reader.fail(`the element at byte ${where} is of type ${TYPE_NAMES[e.type] ?? e.type}, where a variable (miMATRIX or miCOMPRESSED) must be`);
    const m = readMatrix(reader, e, where);
    // Two variables of one name (of any class): which is meant is unknown (SciPy keeps the last, with a warning).
    if (m.name !== '' && names.has(m.name)) throw new Error(`${name} names variable '${m.name}' twice (the second at byte ${where}); which one is meant is ambiguous, so the file is refused.`);
    names.add(m.name);
    if (m.array !== undefined) out.set(m.name, m.array);
  };
  for (let at = 128; at < buf.byteLength; ) {
    const e = r.element(at, buf.byteLength);
    visit(r, e, at);
    at = e.next;
  }
  // fromEntries defines every name as an own property, '__proto__' too.
  return Object.fromEntries(out);
}
