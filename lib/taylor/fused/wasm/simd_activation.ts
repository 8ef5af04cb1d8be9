import type { ActivationProgram, Instruction, Operand } from '../program.js';
import { F32, FunctionCode, I32, OP, SIMD, V128, encodeModule, f32Bytes, sleb, uleb } from './encoder.js';

/** Unary functions the SIMD loops evaluate; a program with any other stays on the JavaScript loops. */
const SIMD_UNARY = new Set(['tanh', 'sigmoid']);

/** Whether {@link simdActivationModule} can compile this program. */
export function simdCompilable(program: ActivationProgram): boolean {
  return program.instructions.every((i) => i.op !== 'unary' || SIMD_UNARY.has(i.unary!));
}

// tanh as Eigen and XNNPACK evaluate it in float32: x clamped to ±7.905311 (where the quotient rounds to ±1),
// then the 13/6 rational approximation (coefficients as in codegen.ts), relative error about one float32 ulp.
const TANH_CLAMP = 7.90531110763549805;
const TANH_P = [-2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11, 5.12229709037114e-8, 1.48572235717979e-5, 6.37261928875436e-4, 4.89352455891786e-3];
const TANH_Q = [1.19825839466702e-6, 1.18534705686654e-4, 2.268434632439e-3, 4.89352518554385e-3];

/** The instructions for one lane type: four floats at a time (v128) or one (f32, for the tail). */
export interface Lane {
  type: number;
  bytes: number;
  load: number[];
  store: number[];
  konst(v: number): number[];
  add: number[];
  sub: number[];
  mul: number[];
  div: number[];
  min: number[];
  max: number[];
  neg: number[];
}

const simd = (op: number) => [0xfd, ...uleb(op)];
const MEM = [2, 0]; // alignment hint 4 bytes, offset 0

/** Four floats at a time. */
export const VECTOR: Lane = {
  type: V128,
  bytes: 16,
  load: [...simd(SIMD.load), ...MEM],
  store: [...simd(SIMD.store), ...MEM],
  konst: (v) => [...simd(SIMD.const), ...f32Bytes(v), ...f32Bytes(v), ...f32Bytes(v), ...f32Bytes(v)],
  add: simd(SIMD.f32x4Add),
  sub: simd(SIMD.f32x4Sub),
  mul: simd(SIMD.f32x4Mul),
  div: simd(SIMD.f32x4Div),
  min: simd(SIMD.f32x4Min),
  max: simd(SIMD.f32x4Max),
  neg: simd(SIMD.f32x4Neg),
};

/** One float at a time (the tail). */
export const SCALAR: Lane = {
  type: F32,
  bytes: 4,
  load: [OP.f32Load, ...MEM],
  store: [OP.f32Store, ...MEM],
  konst: (v) => [OP.f32Const, ...f32Bytes(v)],
  add: [OP.f32Add],
  sub: [OP.f32Sub],
  mul: [OP.f32Mul],
  div: [OP.f32Div],
  min: [OP.f32Min],
  max: [OP.f32Max],
  neg: [OP.f32Neg],
};

/**
 * Local slots of a generated function: i32 parameters (pointers in bytes and
 * the element count), i32 loop state, then per lane type the registers, their
 * adjoints and two temporaries for tanh.
 */
export class Slots {
  readonly i: number;
  readonly vecEnd: number;
  readonly end: number;
  readonly offsets: number[];
  private readonly base: Map<number, number>;
  readonly locals: { type: number; count: number }[];

  constructor(params: number, readonly k: number, readonly registers: number) {
    let next = params;
    this.i = next++;
    this.vecEnd = next++;
    this.end = next++;
    this.offsets = Array.from({ length: k }, () => next++);
    const i32s = next - params;
    this.base = new Map();
    const perLane = 2 * registers + 2;
    for (const type of [V128, F32]) {
      this.base.set(type, next);
      next += perLane;
    }
    this.locals = [
      { type: I32, count: i32s },
      { type: V128, count: perLane },
      { type: F32, count: perLane },
    ];
  }

  reg(lane: Lane, id: number): number {
    return this.base.get(lane.type)! + id;
  }

  grad(lane: Lane, id: number): number {
    return this.base.get(lane.type)! + this.registers + id;
  }

  temp(lane: Lane, which: 0 | 1): number {
    return this.base.get(lane.type)! + 2 * this.registers + which;
  }
}

const get = (slot: number) => [OP.localGet, ...uleb(slot)];
const set = (slot: number) => [OP.localSet, ...uleb(slot)];
const tee = (slot: number) => [OP.localTee, ...uleb(slot)];
const i32 = (v: number) => [OP.i32Const, ...sleb(v)];

/** The address of coefficient j at the current element: pointer + j*nw*4 + i. */
function address(s: Slots, pointer: number, j: number): number[] {
  return [...get(pointer), ...get(s.i), OP.i32Add, ...get(s.offsets[j]), OP.i32Add];
}

function operand(s: Slots, lane: Lane, o: Operand): number[] {
  return 'reg' in o ? get(s.reg(lane, o.reg)) : lane.konst(o.num);
}

/** tanh of the value on the stack, left on the stack. */
function tanh(s: Slots, lane: Lane): number[] {
  const [x, x2] = [s.temp(lane, 0), s.temp(lane, 1)];
  const code = [...lane.konst(TANH_CLAMP), ...lane.min, ...lane.konst(-TANH_CLAMP), ...lane.max, ...tee(x), ...get(x), ...lane.mul, ...set(x2)];
  code.push(...lane.konst(TANH_P[0]));
  for (const c of TANH_P.slice(1)) code.push(...get(x2), ...lane.mul, ...lane.konst(c), ...lane.add);
  code.push(...get(x), ...lane.mul, ...lane.konst(TANH_Q[0]));
  for (const c of TANH_Q.slice(1)) code.push(...get(x2), ...lane.mul, ...lane.konst(c), ...lane.add);
  code.push(...lane.div);
  return code;
}

function unary(s: Slots, lane: Lane, name: string, arg: number[]): number[] {
  if (name === 'tanh') return [...arg, ...tanh(s, lane)];
  // sigmoid(x) = (1 + tanh(x/2)) / 2: one rational approximation serves both.
  return [...arg, ...lane.konst(0.5), ...lane.mul, ...tanh(s, lane), ...lane.konst(0.5), ...lane.mul, ...lane.konst(0.5), ...lane.add];
}

function evaluate(s: Slots, lane: Lane, ins: Instruction): number[] {
  const args = ins.args.map((o) => operand(s, lane, o));
  let value: number[];
  switch (ins.op) {
    case 'mul': value = [...args[0], ...args[1], ...lane.mul]; break;
    case 'add': value = [...args[0], ...args[1], ...lane.add]; break;
    case 'sub': value = [...args[0], ...args[1], ...lane.sub]; break;
    case 'neg': value = [...args[0], ...lane.neg]; break;
    case 'square': value = [...args[0], ...args[0], ...lane.mul]; break;
    case 'addN': value = [...args[0], ...args.slice(1).flatMap((a) => [...a, ...lane.add])]; break;
    case 'unary': value = unary(s, lane, ins.unary!, args[0]); break;
  }
  return [...value, ...set(s.reg(lane, ins.out))];
}

/** Loads of z's K coefficients and the program's instructions: every register defined. */
function forwardBody(s: Slots, lane: Lane, program: ActivationProgram, z: number): number[] {
  const loads = Array.from({ length: s.k }, (_, j) => [...address(s, z, j), ...lane.load, ...set(s.reg(lane, j))]).flat();
  return [...loads, ...programBody(s, lane, program)];
}

/** The program's instructions, its K input registers already set: every register defined. */
export function programBody(s: Slots, lane: Lane, program: ActivationProgram): number[] {
  return program.instructions.flatMap((ins) => evaluate(s, lane, ins));
}

/**
 * Adjoint accumulation with the first contribution to a register stored,
 * not added to a zero, and instructions whose adjoint is still zero skipped.
 */
class Adjoints {
  private readonly assigned = new Set<number>();
  constructor(private readonly s: Slots, private readonly lane: Lane) {}

  has(id: number): boolean {
    return this.assigned.has(id);
  }

  /** g[target] += term (or -= when `negate`); term is code leaving one value on the stack. */
  accumulate(target: Operand, term: number[], negate = false): number[] {
    if (!('reg' in target)) return [];
    const slot = this.s.grad(this.lane, target.reg);
    if (this.assigned.has(target.reg)) return [...get(slot), ...term, ...(negate ? this.lane.sub : this.lane.add), ...set(slot)];
    this.assigned.add(target.reg);
    return [...term, ...(negate ? this.lane.neg : []), ...set(slot)];
  }
}

function adjoint(s: Slots, lane: Lane, acc: Adjoints, ins: Instruction): number[] {
  if (!acc.has(ins.out)) return [];
  const g = get(s.grad(lane, ins.out));
  const val = (o: Operand) => operand(s, lane, o);
  const [a, b] = ins.args;
  switch (ins.op) {
    case 'mul': return [...acc.accumulate(a, [...g, ...val(b), ...lane.mul]), ...acc.accumulate(b, [...g, ...val(a), ...lane.mul])];
    case 'add': return [...acc.accumulate(a, g), ...acc.accumulate(b, g)];
    case 'sub': return [...acc.accumulate(a, g), ...acc.accumulate(b, g, true)];
    case 'neg': return acc.accumulate(a, g, true);
    case 'square': return acc.accumulate(a, [...lane.konst(2), ...g, ...lane.mul, ...val(a), ...lane.mul]);
    case 'addN': return ins.args.flatMap((o) => acc.accumulate(o, g));
    case 'unary': {
      const y = get(s.reg(lane, ins.out));
      // tanh' = 1 - y^2, sigmoid' = y (1 - y), both from the output already computed.
      const slope = ins.unary === 'tanh' ? [...lane.konst(1), ...y, ...y, ...lane.mul, ...lane.sub] : [...y, ...lane.konst(1), ...y, ...lane.sub, ...lane.mul];
      return acc.accumulate(a, [...g, ...slope, ...lane.mul]);
    }
  }
}

function backwardBody(s: Slots, lane: Lane, program: ActivationProgram, z: number, dh: number, dz: number): number[] {
  const code = forwardBody(s, lane, program, z);
  return [...code, ...adjointBody(s, lane, program, (j) => [...address(s, dh, j), ...lane.load], (j, value) => [...address(s, dz, j), ...value, ...lane.store])];
}

/**
 * The program's adjoint, its registers already computed: seeds each output's adjoint with `dh(j)` (code leaving
 * coefficient j of dh on the stack) and hands each input's adjoint to `store(j, value)` (zero where none reaches it).
 */
export function adjointBody(s: Slots, lane: Lane, program: ActivationProgram, dh: (j: number) => number[], store: (j: number, value: number[]) => number[]): number[] {
  const acc = new Adjoints(s, lane);
  const code: number[] = [];
  program.outputs.forEach((reg, j) => {
    if (reg !== null) code.push(...acc.accumulate({ reg }, dh(j)));
  });
  for (const ins of [...program.instructions].reverse()) code.push(...adjoint(s, lane, acc, ins));
  for (let j = 0; j < s.k; j++) code.push(...store(j, acc.has(j) ? get(s.grad(lane, j)) : lane.konst(0)));
  return code;
}

/** `while (i < limit) { body; i += step }` */
function loop(s: Slots, limit: number, step: number, body: number[]): number[] {
  return [
    OP.block, 0x40, OP.loop, 0x40,
    ...get(s.i), ...get(limit), OP.i32GeS, OP.brIf, 1,
    ...body,
    ...get(s.i), ...i32(step), OP.i32Add, ...set(s.i),
    OP.br, 0,
    OP.end, OP.end,
  ];
}

/** Byte offsets of the K coefficient blocks, the loop bounds, and both loops (four elements, then one at a time). */
function elementLoops(s: Slots, n: number, body: (lane: Lane) => number[]): number[] {
  const setup = [
    ...s.offsets.flatMap((slot, j) => [...get(n), ...i32(4 * j), OP.i32Mul, ...set(slot)]),
    ...get(n), ...i32(4), OP.i32Mul, ...set(s.end),
    // The vector loop runs while i + 16 <= 4n, i.e. i < 4n - 15 (signed: negative below four elements); the scalar loop does the rest.
    ...get(n), ...i32(4), OP.i32Mul, ...i32(15), OP.i32Sub, ...set(s.vecEnd),
    ...i32(0), ...set(s.i),
  ];
  return [
    ...setup,
    ...loop(s, s.vecEnd, 16, body(VECTOR)),
    ...loop(s, s.end, 4, body(SCALAR)),
  ];
}

/**
 * The activation's forward and adjoint loops as one WebAssembly module with
 * 128-bit SIMD: `forward(z, h, nw)` and `backward(z, dh, dz, nw)`, pointers
 * in bytes into the imported memory, the same layout as the JavaScript loops
 * of codegen.ts (coefficient k of element i at [k*nw + i]), arithmetic in float32.
 */
export function simdActivationModule(program: ActivationProgram): Uint8Array<ArrayBuffer> {
  const k = program.inputs;
  const fwd = new Slots(3, k, program.registers);
  const bwd = new Slots(4, k, program.registers);
  const forward: FunctionCode = {
    name: 'forward',
    params: 3,
    locals: fwd.locals,
    body: elementLoops(fwd, 2, (lane) => [
      ...forwardBody(fwd, lane, program, 0),
      ...program.outputs.flatMap((reg, j) => [...address(fwd, 1, j), ...(reg === null ? lane.konst(0) : get(fwd.reg(lane, reg))), ...lane.store]),
    ]),
  };
  const backward: FunctionCode = {
    name: 'backward',
    params: 4,
    locals: bwd.locals,
    body: elementLoops(bwd, 3, (lane) => backwardBody(bwd, lane, program, 0, 1, 2)),
  };
  return encodeModule([forward, backward]);
}
