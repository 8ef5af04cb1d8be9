/**
 * A minimal WebAssembly binary writer: one module that imports its memory as
 * env.memory and exports functions of i32 arguments with v128/f32/i32 locals.
 * Enough for the generated activation loops; written by hand because the npm
 * assemblers (wabt's wasm port) are megabytes, too large for the browser bundle,
 * and what is needed here is a few dozen opcodes.
 */

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (i32.const immediates). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** Value types. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

/** The opcodes the generated code uses (core, then 0xfd-prefixed SIMD). */
export const OP = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  f32Load: 0x2a,
  f32Store: 0x38,
  i32Const: 0x41,
  f32Const: 0x43,
  i32GeS: 0x4e,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  f32Neg: 0x8c,
  f32Add: 0x92,
  f32Sub: 0x93,
  f32Mul: 0x94,
  f32Div: 0x95,
  f32Min: 0x96,
  f32Max: 0x97,
} as const;

/** SIMD opcodes (after the 0xfd prefix, LEB-encoded). */
export const SIMD = {
  load: 0x00,
  load32Splat: 0x09,
  store: 0x0b,
  const: 0x0c,
  f32x4Neg: 0xe1,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  f32x4Min: 0xe8,
  f32x4Max: 0xe9,
  /** Relaxed SIMD: a * b + c, fused (one rounding) where the processor has FMA. */
  f32x4RelaxedMadd: 0x105,
} as const;

/** One function: its i32 parameters, its extra locals by type, and its body (without the final `end`). */
export interface FunctionCode {
  name: string;
  params: number;
  locals: { type: number; count: number }[];
  body: number[];
}

function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

/** The module's bytes: functions exported under their names, memory imported as env.memory. */
export function encodeModule(functions: FunctionCode[]): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...uleb(f.params), ...Array(f.params).fill(I32), 0]);
  const imports = vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]]);
  const codes = functions.map((f) => {
    const body = [...vec(f.locals.map((l) => [...uleb(l.count), l.type])), ...f.body, OP.end];
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, imports),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(codes)),
  ]);
}

/** f32 constant immediate bytes (little-endian). */
export function f32Bytes(v: number): number[] {
  return [...new Uint8Array(new Float32Array([v]).buffer)];
}

let relaxed: boolean | undefined;

/**
 * Whether this engine compiles relaxed SIMD's fused multiply-add (f32x4.relaxed_madd): Chrome 114+, Node 22+
 * (V8 12); Node 20 only with --experimental-wasm-relaxed-simd. Checked once by validating a one-instruction module.
 */
export function hasRelaxedMadd(): boolean {
  if (relaxed !== undefined) return relaxed;
  const zero = [0xfd, ...uleb(SIMD.const), ...Array(16).fill(0)];
  const body = [0x00, ...zero, ...zero, ...zero, 0xfd, ...uleb(SIMD.f32x4RelaxedMadd), 0x1a, OP.end];
  const code = [...uleb(body.length), ...body];
  const bytes = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...section(1, vec([[0x60, 0, 0]])), ...section(3, vec([[0]])), ...section(10, vec([code]))]);
  try {
    relaxed = WebAssembly.validate(bytes);
  } catch {
    relaxed = false;
  }
  return relaxed;
}
