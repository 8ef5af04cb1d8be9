import type { ActivationName } from '../../models/index.js';
import { Jet } from '../jet.js';
import { IndexSet, keyOf } from '../multi_index.js';
import { JetOps, UnaryName, Value } from '../ops.js';
import { TAYLOR_RULES } from '../rules/index.js';

/** An operand of an instruction: a register or a number. */
export type Operand = { reg: number } | { num: number };

/** One scalar instruction of an activation program; `out` is the register it defines. */
export interface Instruction {
  op: 'mul' | 'add' | 'sub' | 'neg' | 'square' | 'addN' | 'unary';
  args: Operand[];
  unary?: UnaryName;
  out: number;
}

/**
 * An activation's Taylor rule as straight-line scalar code: registers
 * 0..K-1 hold the K coefficients of z at one element (in `set.members`
 * order), each instruction defines one new register, and `outputs[k]` is the
 * register holding coefficient k of y (null for a known zero).
 *
 * It is recorded once per (activation, index set) by running the same rules
 * the tf path runs (lib/taylor/rules) on symbolic values, so the fused
 * kernel computes exactly the recurrences of the tf path, per element.
 */
export interface ActivationProgram {
  inputs: number;
  registers: number;
  instructions: Instruction[];
  outputs: (number | null)[];
}

class Register implements Value {
  readonly shape = [1, 1];
  constructor(readonly id: number) {}
}

/** Records the activation's Taylor rule over `set` as an {@link ActivationProgram}. */
export function recordActivation(activation: ActivationName, set: IndexSet): ActivationProgram {
  const k = set.members.length;
  const instructions: Instruction[] = [];
  let next = k;
  const operand = (v: Value | number): Operand => (typeof v === 'number' ? { num: v } : { reg: (v as Register).id });
  const emit = (op: Instruction['op'], args: (Value | number)[], unary?: UnaryName): Register => {
    const out = next++;
    instructions.push({ op, args: args.map(operand), unary, out });
    return new Register(out);
  };
  const unsupported = (name: string) => () => {
    throw new Error(`tfjs-pinn internal: the activation program has no '${name}'.`);
  };
  const ops: JetOps = {
    tensors: false,
    mul: (a, b) => emit('mul', [a, b]),
    add: (a, b) => emit('add', [a, b]),
    addN: (terms) => (terms.length === 1 ? terms[0] : emit('addN', terms)),
    sub: (a, b) => emit('sub', [a, b]),
    neg: (a) => emit('neg', [a]),
    square: (a) => emit('square', [a]),
    unary: (name, a) => emit('unary', [a], name),
    matMul: unsupported('matMul'),
    addBias: unsupported('addBias'),
    row: unsupported('row'),
    fullRows: unsupported('fullRows'),
    column: unsupported('column'),
    zeros: unsupported('zeros'),
  };
  const index = new Map(set.members.map((m, i) => [keyOf(m), i]));
  const z = new Jet(ops, set, (alpha) => new Register(index.get(keyOf(alpha))!));
  const y = TAYLOR_RULES[activation](z);
  const outputs = set.members.map((m) => {
    const c = y.at(m);
    return c === null ? null : (c as Register).id;
  });
  return { inputs: k, registers: next, instructions, outputs };
}
