import type { ActivationProgram, Instruction, Operand } from './program.js';

/**
 * Forward: h[k*nw + i] = coefficient k of y at element i, from z likewise.
 * Backward: dz from z and dh (the adjoint of forward at every element, recomputing it).
 */
export interface CompiledActivation {
  forward(z: Float32Array, h: Float32Array, nw: number): void;
  backward(z: Float32Array, dh: Float32Array, dz: Float32Array, nw: number): void;
}

/** Whether this JavaScript engine compiles generated code (a strict Content-Security-Policy forbids it). */
export function canCompile(): boolean {
  try {
    return new Function('return 1')() === 1;
  } catch {
    return false;
  }
}

// tanh: inside |x| < 7.9 the 13/6 rational approximation Eigen and XNNPACK use for float32 (relative error below
// 1.3e-7, i.e. about one float32 ulp, measured against Math.tanh on 400,001 points); outside it, by expm1. In V8 it
// is about 3x faster than Math.tanh, which made the loops transcendental-bound.
const HELPERS = `
const tanh = (x) => {
  if (x > 7.9 || x < -7.9) { const e = Math.expm1(-2 * Math.abs(x)); const t = -e / (2 + e); return x < 0 ? -t : t; }
  const x2 = x * x;
  const p = x * (4.89352455891786e-3 + x2 * (6.37261928875436e-4 + x2 * (1.48572235717979e-5 + x2 * (5.12229709037114e-8
    + x2 * (-8.60467152213735e-11 + x2 * (2.00018790482477e-13 + x2 * -2.76076847742355e-16))))));
  const q = 4.89352518554385e-3 + x2 * (2.268434632439e-3 + x2 * (1.18534705686654e-4 + x2 * 1.19825839466702e-6));
  return p / q;
};
const sigmoid = (x) => 1 / (1 + Math.exp(-x));
const softplus = (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
`;

const UNARY: Record<string, string> = { tanh: 'tanh', sigmoid: 'sigmoid', softplus: 'softplus', sin: 'Math.sin', cos: 'Math.cos', exp: 'Math.exp' };

/** Unary functions the compiled programs evaluate; others (erf) leave the model to the tf path. */
export function compilable(program: ActivationProgram): boolean {
  return program.instructions.every((i) => i.op !== 'unary' || UNARY[i.unary!] !== undefined);
}

const r = (id: number) => `r${id}`;
const g = (id: number) => `g${id}`;

function operand(o: Operand): string {
  return 'reg' in o ? r(o.reg) : `(${o.num})`;
}

function expression(ins: Instruction): string {
  const [a, b] = ins.args.map(operand);
  switch (ins.op) {
    case 'mul': return `${a} * ${b}`;
    case 'add': return `${a} + ${b}`;
    case 'sub': return `${a} - ${b}`;
    case 'neg': return `-${a}`;
    case 'square': return `${a} * ${a}`;
    case 'addN': return ins.args.map(operand).join(' + ');
    case 'unary': return `${UNARY[ins.unary!]}(${a})`;
  }
}

/** Adjoint statements of one instruction: its operands' adjoints from its own. */
function adjoint(ins: Instruction): string[] {
  const out: string[] = [];
  const gr = g(ins.out);
  const add = (o: Operand, term: string) => {
    if ('reg' in o) out.push(`${g(o.reg)} += ${term};`);
  };
  const [a, b] = ins.args;
  switch (ins.op) {
    case 'mul':
      add(a, `${gr} * ${operand(b)}`);
      add(b, `${gr} * ${operand(a)}`);
      break;
    case 'add':
      add(a, gr);
      add(b, gr);
      break;
    case 'sub':
      add(a, gr);
      add(b, `-${gr}`);
      break;
    case 'neg':
      add(a, `-${gr}`);
      break;
    case 'square':
      add(a, `2 * ${gr} * ${operand(a)}`);
      break;
    case 'addN':
      ins.args.forEach((o) => add(o, gr));
      break;
    case 'unary': {
      const y = r(ins.out);
      const x = operand(a);
      const d: Record<string, string> = {
        tanh: `(1 - ${y} * ${y})`,
        sigmoid: `${y} * (1 - ${y})`,
        softplus: `sigmoid(${x})`,
        sin: `Math.cos(${x})`,
        cos: `(-Math.sin(${x}))`,
        exp: y,
      };
      add(a, `${gr} * ${d[ins.unary!]}`);
    }
  }
  return out;
}

/**
 * Compiles an activation program into two loops over the elements, every
 * register a local variable: one pass over memory per layer instead of one
 * per elementwise op (arithmetic in float64, rounded once to float32).
 */
export function compileActivation(program: ActivationProgram): CompiledActivation {
  const k = program.inputs;
  const offsets = Array.from({ length: k }, (_, j) => `const o${j} = ${j} * nw;`).join('\n');
  const loads = Array.from({ length: k }, (_, j) => `const ${r(j)} = z[o${j} + i];`).join('\n');
  const body = program.instructions.map((ins) => `const ${r(ins.out)} = ${expression(ins)};`).join('\n');
  const stores = program.outputs.map((reg, j) => `h[o${j} + i] = ${reg === null ? '0' : r(reg)};`).join('\n');
  const forward = `return function forward(z, h, nw) {\n${offsets}\nfor (let i = 0; i < nw; i++) {\n${loads}\n${body}\n${stores}\n}\n};`;

  const zeros = Array.from({ length: program.registers }, (_, id) => `let ${g(id)} = 0;`).join('\n');
  const seeds = program.outputs.map((reg, j) => (reg === null ? '' : `${g(reg)} += dh[o${j} + i];`)).join('\n');
  const reverse = [...program.instructions].reverse().flatMap(adjoint).join('\n');
  const results = Array.from({ length: k }, (_, j) => `dz[o${j} + i] = ${g(j)};`).join('\n');
  const backward = `return function backward(z, dh, dz, nw) {\n${offsets}\nfor (let i = 0; i < nw; i++) {\n${loads}\n${body}\n${zeros}\n${seeds}\n${reverse}\n${results}\n}\n};`;
  return {
    forward: new Function(`${HELPERS}\n${forward}`)() as CompiledActivation['forward'],
    backward: new Function(`${HELPERS}\n${backward}`)() as CompiledActivation['backward'],
  };
}
