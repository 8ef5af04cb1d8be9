import type { ActivationProgram, Operand } from './program.js';

/** Opcodes of the encoded program, as native/openblas_gemm.c reads them. */
const OPS = { mul: 0, add: 1, sub: 2, neg: 3, square: 4, addN: 5 } as const;
const UNARY_OPS: Record<string, number> = { tanh: 10, sigmoid: 11, sin: 12, cos: 13, exp: 14 };

/** An activation program as the host's jet loops read it. */
export interface HostProgram {
  /** [K, registers, instructions, outputs[K] (-1 for a known zero), then per instruction: opcode, out, argument count, arguments]. */
  code: Int32Array;
  /** The numbers the program uses; an argument -1-c is constants[c], an argument r >= 0 register r. */
  constants: Float32Array;
}

/**
 * Encodes a program for the host's jet loops, or null when it uses a unary function they lack
 * (softplus, erf): the kernels then keep their own loops.
 */
export function encodeHostProgram(program: ActivationProgram): HostProgram | null {
  const constants: number[] = [];
  const operand = (o: Operand) => {
    if ('reg' in o) return o.reg;
    let at = constants.indexOf(o.num);
    if (at < 0) at = constants.push(o.num) - 1;
    return -1 - at;
  };
  const words = [program.inputs, program.registers, program.instructions.length, ...program.outputs.map((r) => r ?? -1)];
  for (const ins of program.instructions) {
    const op = ins.op === 'unary' ? UNARY_OPS[ins.unary!] : OPS[ins.op];
    if (op === undefined) return null;
    words.push(op, ins.out, ins.args.length, ...ins.args.map(operand));
  }
  return { code: Int32Array.from(words), constants: Float32Array.from(constants) };
}
