import type { ActivationProgram } from '../program.js';
import { FunctionCode, I32, OP, SIMD, encodeModule, hasRelaxedMadd, sleb, uleb } from './encoder.js';
import { Lane, SCALAR, Slots, VECTOR, adjointBody, programBody } from './simd_activation.js';

const simd = (op: number) => [0xfd, ...uleb(op)];
const get = (slot: number) => [OP.localGet, ...uleb(slot)];
const set = (slot: number) => [OP.localSet, ...uleb(slot)];
const i32 = (v: number) => [OP.i32Const, ...sleb(v)];
const MEM = (offset: number) => [2, ...uleb(offset)];
const add = (slot: number, bytes: number) => [...get(slot), ...i32(bytes), OP.i32Add, ...set(slot)];

/** `while (counter < limit) { body; counter++ }`, counter from 0; limit a local or a constant. */
function loop(counter: number, limit: number[], body: number[]): number[] {
  return [
    ...i32(0), ...set(counter),
    OP.block, 0x40, OP.loop, 0x40,
    ...get(counter), ...limit, OP.i32GeS, OP.brIf, 1,
    ...body,
    ...add(counter, 1),
    OP.br, 0,
    OP.end, OP.end,
  ];
}

/**
 * The i32 locals of a generated layer function after its parameters (pointers in bytes, and n); the program's
 * registers (the Slots) come after them.
 */
class Pointers {
  readonly r: number;
  readonly v: number;
  /** Row pointers into the K blocks of the rows read (advanced a row at a time). */
  readonly rows: number[];
  /** Byte offsets of the K blocks of the rows written (k n B 4). */
  readonly blocks: number[];
  /** The weights' column pointer (and the bias's), and the byte position of the current row and columns in a block written. */
  readonly wc: number;
  readonly bc: number;
  readonly pos: number;
  readonly count: number;

  constructor(params: number, k: number) {
    let next = params;
    this.r = next++;
    this.v = next++;
    this.rows = Array.from({ length: k }, () => next++);
    this.blocks = Array.from({ length: k }, () => next++);
    this.wc = next++;
    this.bc = next++;
    this.pos = next++;
    this.count = next - params;
  }
}

/**
 * One dense layer's product for the K coefficients of one point, `chunks` lanes side by side (each 4 columns, or 1):
 * register `into(c, k)` = Σ_j rows_k[j] W[j, columns of lane c], j over the A columns of the rows read, in order (as
 * the backend's product sums them), W [A,B] row-major from the column pointer. Each row value is loaded once for
 * all lanes and each weight vector once for all K rows. Where the engine has relaxed SIMD, each step of a vector
 * sum is one fused multiply-add (one rounding instead of two: results move within float32 rounding).
 */
function product(p: Pointers, lane: Lane, k: number, chunks: number, a: number, b: number, into: (c: number, q: number) => number, wTemp: (c: number) => number, xTemp: number): number[] {
  const code: number[] = [];
  const fma = hasRelaxedMadd();
  const vector = lane === VECTOR;
  for (let j = 0; j < a; j++) {
    for (let c = 0; c < chunks; c++) {
      code.push(...get(p.wc), ...(vector ? [...simd(SIMD.load), ...MEM(4 * j * b + 16 * c)] : [OP.f32Load, ...MEM(4 * j * b)]), ...set(wTemp(c)));
    }
    for (let q = 0; q < k; q++) {
      code.push(...get(p.rows[q]), ...(vector ? [...simd(SIMD.load32Splat), ...MEM(4 * j)] : [OP.f32Load, ...MEM(4 * j)]), ...set(xTemp));
      for (let c = 0; c < chunks; c++) {
        const [x, w] = [get(xTemp), get(wTemp(c))];
        if (j === 0) code.push(...x, ...w, ...lane.mul, ...set(into(c, q)));
        else if (fma && vector) code.push(...x, ...w, ...get(into(c, q)), ...simd(SIMD.f32x4RelaxedMadd), ...set(into(c, q)));
        else code.push(...get(into(c, q)), ...x, ...w, ...lane.mul, ...lane.add, ...set(into(c, q)));
      }
    }
  }
  return code;
}

/** Lanes side by side in the product: two (8 columns, as XNNPACK's 4x8 tiles) while their 2K sums fit in 16 registers. */
function chunksFor(k: number): number {
  return 2 * k + 3 <= 16 ? 2 : 1;
}

/** The address of coefficient k at the current point and columns (+ `bytes`) in a block written, base a parameter. */
function at(p: Pointers, base: number, k: number, bytes = 0): number[] {
  return [...get(base), ...get(p.pos), OP.i32Add, ...get(p.blocks[k]), OP.i32Add, ...(bytes > 0 ? [...i32(bytes), OP.i32Add] : [])];
}

/**
 * The loops of a layer function: per point, the B written columns `chunks` vectors at a time, then single
 * vectors, then the 1-3 columns left one at a time, `body(lane, lanes)` for each; rows read of width A.
 */
function pointLoops(p: Pointers, n: number, w: number, bias: number | null, read: number, a: number, b: number, k: number, body: (lane: Lane, lanes: number) => number[]): number[] {
  const V = Math.floor(b / 4);
  const T = b % 4;
  const C = chunksFor(k);
  const setup: number[] = [];
  for (let q = 0; q < k; q++) {
    setup.push(...get(read), ...get(n), ...i32(4 * a * q), OP.i32Mul, OP.i32Add, ...set(p.rows[q]));
    setup.push(...get(n), ...i32(4 * b * q), OP.i32Mul, ...set(p.blocks[q]));
  }
  setup.push(...i32(0), ...set(p.pos));
  const row: number[] = [...get(w), ...set(p.wc)];
  if (bias !== null) row.push(...get(bias), ...set(p.bc));
  const step = (bytes: number) => [...add(p.wc, bytes), ...(bias !== null ? add(p.bc, bytes) : []), ...add(p.pos, bytes)];
  if (V >= C) row.push(...loop(p.v, i32(Math.floor(V / C)), [...body(VECTOR, C), ...step(16 * C)]));
  for (let v = 0; v < V % C; v++) row.push(...body(VECTOR, 1), ...step(16));
  for (let t = 0; t < T; t++) row.push(...body(SCALAR, 1), ...step(4));
  for (let q = 0; q < k; q++) row.push(...add(p.rows[q], 4 * a));
  return [...setup, ...loop(p.r, get(n), row)];
}

/**
 * forward(h, w, b, z, out, n): one hidden layer of the jet pass for the K stacked coefficients, in one sweep:
 * z = h W (+ b on coefficient 0), written to `z` when `keepZ`, and out = the activation's Taylor rule of z.
 * h [K*N, A], z and out [K*N, B] (coefficient k of point r at row k N + r), W [A,B], b [B].
 */
function forwardFunction(program: ActivationProgram, a: number, b: number, keepZ: boolean): FunctionCode {
  const k = program.inputs;
  const [h, w, bias, z, out, n] = [0, 1, 2, 3, 4, 5];
  const p = new Pointers(6, k);
  const C = chunksFor(k);
  // Registers past the program's: the sums of lanes 1.. (lane 0's are the program's inputs), the weights' vectors, the row value.
  const extra = program.registers;
  const s = new Slots(6 + p.count, k, extra + (C - 1) * k + C + 1);
  const body = (lane: Lane, lanes: number) => {
    const sum = (c: number, q: number) => s.reg(lane, c === 0 ? q : extra + (c - 1) * k + q);
    const code = product(p, lane, k, lanes, a, b, sum, (c) => s.reg(lane, extra + (C - 1) * k + c), s.reg(lane, extra + (C - 1) * k + C));
    const bytes = lane === VECTOR ? 16 : 4;
    for (let c = 0; c < lanes; c++) {
      const biasLoad = lane === VECTOR ? [...simd(SIMD.load), ...MEM(16 * c)] : [OP.f32Load, ...MEM(0)];
      code.push(...get(sum(c, 0)), ...get(p.bc), ...biasLoad, ...lane.add, ...set(s.reg(lane, 0)));
      for (let q = 1; q < k; q++) if (c > 0) code.push(...get(sum(c, q)), ...set(s.reg(lane, q)));
      if (keepZ) for (let q = 0; q < k; q++) code.push(...at(p, z, q, bytes * c), ...get(s.reg(lane, q)), ...lane.store);
      code.push(...programBody(s, lane, program));
      program.outputs.forEach((reg, q) => code.push(...at(p, out, q, bytes * c), ...(reg === null ? lane.konst(0) : get(s.reg(lane, reg))), ...lane.store));
    }
    return code;
  };
  return {
    name: keepZ ? 'forwardKeep' : 'forward',
    params: 6,
    locals: [{ type: I32, count: p.count }, ...s.locals],
    body: pointLoops(p, n, w, bias, h, a, b, k, body),
  };
}

/**
 * linear(h, w, b, out, n): the last layer, without activation: out = h W (+ b on coefficient 0), as forward.
 */
function linearFunction(k: number, a: number, b: number): FunctionCode {
  const [h, w, bias, out, n] = [0, 1, 2, 3, 4];
  const p = new Pointers(5, k);
  const C = chunksFor(k);
  const s = new Slots(5 + p.count, k, C * k + C + 1);
  const body = (lane: Lane, lanes: number) => {
    const sum = (c: number, q: number) => s.reg(lane, c * k + q);
    const code = product(p, lane, k, lanes, a, b, sum, (c) => s.reg(lane, C * k + c), s.reg(lane, C * k + C));
    const bytes = lane === VECTOR ? 16 : 4;
    for (let c = 0; c < lanes; c++) {
      const biasLoad = lane === VECTOR ? [...simd(SIMD.load), ...MEM(16 * c)] : [OP.f32Load, ...MEM(0)];
      code.push(...get(sum(c, 0)), ...get(p.bc), ...biasLoad, ...lane.add, ...set(sum(c, 0)));
      for (let q = 0; q < k; q++) code.push(...at(p, out, q, bytes * c), ...get(sum(c, q)), ...lane.store);
    }
    return code;
  };
  return { name: 'linear', params: 5, locals: [{ type: I32, count: p.count }, ...s.locals], body: pointLoops(p, n, w, bias, h, a, b, k, body) };
}

/**
 * backward(dz, wT, z, dzOut, n): the gradient through one hidden layer's product and the activation before it,
 * in one sweep: dh = dz Wᵀ and dzOut = the adjoint of the activation's rule at z (the previous layer's z,
 * recomputing the rule). dz [K*N, A] (A this layer's width), wT = Wᵀ [A,B], z and dzOut [K*N, B].
 */
function backwardFunction(program: ActivationProgram, a: number, b: number): FunctionCode {
  const k = program.inputs;
  const [dz, wT, z, dzOut, n] = [0, 1, 2, 3, 4];
  const p = new Pointers(5, k);
  const C = chunksFor(k);
  // Registers past the program's: the products dh of each lane, the weights' vectors, the row value.
  const extra = program.registers;
  const s = new Slots(5 + p.count, k, extra + C * k + C + 1);
  const body = (lane: Lane, lanes: number) => {
    const dh = (c: number, q: number) => s.reg(lane, extra + c * k + q);
    const code = product(p, lane, k, lanes, a, b, dh, (c) => s.reg(lane, extra + C * k + c), s.reg(lane, extra + C * k + C));
    const bytes = lane === VECTOR ? 16 : 4;
    for (let c = 0; c < lanes; c++) {
      for (let q = 0; q < k; q++) code.push(...at(p, z, q, bytes * c), ...lane.load, ...set(s.reg(lane, q)));
      code.push(...programBody(s, lane, program));
      code.push(...adjointBody(s, lane, program, (q) => get(dh(c, q)), (q, value) => [...at(p, dzOut, q, bytes * c), ...value, ...lane.store]));
    }
    return code;
  };
  return {
    name: 'backward',
    params: 5,
    locals: [{ type: I32, count: p.count }, ...s.locals],
    body: pointLoops(p, n, wT, null, dz, a, b, k, body),
  };
}

/**
 * A dense layer of the jet pass and its gradient as one WebAssembly SIMD module for one activation
 * program and shape [A, B]: `forward(h, w, b, z, out, n)`, `forwardKeep` (also writes z), `linear(h, w, b, out, n)`
 * (the last layer) and `backward(dz, wT, z, dzOut, n)` (through this layer's product and the activation before it), pointers in bytes into the imported memory. Each fuses the product with the
 * bias and the activation (or its adjoint), so z, the bias and the activation cost no pass of their own;
 * each point's K coefficients share the weights' loads (K rows in registers per column vector).
 */
export function denseLayerModule(program: ActivationProgram, a: number, b: number): Uint8Array<ArrayBuffer> {
  return encodeModule([forwardFunction(program, a, b, false), forwardFunction(program, a, b, true), linearFunction(program.inputs, a, b), backwardFunction(program, b, a)]);
}
