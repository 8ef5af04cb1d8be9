import * as tf from '@tensorflow/tfjs';

import { nearestName } from '../internals/keys.js';
import { ExpressionError } from './error.js';
import { ExpressionNode, parseExpression } from './parse.js';
import { EXPRESSION_CONSTANTS, EXPRESSION_FUNCTIONS, Value } from './vocabulary.js';

/** Values of the variables while an expression is evaluated: inputs, terms, normals, function arguments. */
export type Scope = Record<string, Value>;

/** A compiled expression: evaluates on a scope (plain numbers give a number, tensors a tensor). */
export type Evaluator = (scope: Scope) => Value;

/** A user function from the problem's definitions, `f(a, b) = ...`. */
export interface UserFunction {
  /** The parameter names, in order (`['a', 'b']`). */
  params: string[];
  /** The compiled right-hand side; evaluated on a scope holding the parameters' values. */
  body: Evaluator;
}

/** What an expression may refer to where it is compiled. */
export interface Context {
  /** Whether a name is a variable read from the scope at evaluation time ('x', 'u_xx', 'n_x', 'dist', function arguments). */
  isVariable: (name: string) => boolean;
  /** Variable names to suggest for a misspelt one (the inputs, outputs, first and second derivatives, ...). */
  suggest: readonly string[];
  /** Named numbers (the built-in constants and the problem's own), folded in at compile time. */
  constants: Readonly<Record<string, number>>;
  /** The problem's own functions. */
  functions: Readonly<Record<string, UserFunction>>;
  /** Whether `burgers(...)` and other float64-only reference solutions may be called. */
  exact?: boolean;
  /** Why a name known elsewhere is not allowed here (terms outside the residual, ...), if it is one. */
  elsewhere?: (name: string) => string | undefined;
}

const num = (v: Value): v is number => typeof v === 'number';

function add(a: Value, b: Value): Value {
  return num(a) && num(b) ? a + b : tf.add(a, b);
}
function sub(a: Value, b: Value): Value {
  return num(a) && num(b) ? a - b : tf.sub(a, b);
}
function mul(a: Value, b: Value): Value {
  return num(a) && num(b) ? a * b : tf.mul(a, b);
}
function div(a: Value, b: Value): Value {
  return num(a) && num(b) ? a / b : tf.div(a, b);
}

/** a^b; small integer and one-half powers as products and square roots (cheaper, and defined for a < 0). */
function power(exponent: number | undefined): (a: Value, b: Value) => Value {
  if (exponent === 0.5) return (a) => (num(a) ? Math.sqrt(a) : tf.sqrt(a));
  if (exponent !== undefined && Number.isInteger(exponent) && exponent >= 1 && exponent <= 4) {
    return (a) => {
      if (num(a)) return a ** exponent;
      const s = exponent >= 2 ? tf.square(a) : a;
      if (exponent === 2) return s;
      return exponent === 3 ? tf.mul(s, a) : exponent === 4 ? tf.square(s) : a;
    };
  }
  return (a, b) => (num(a) && num(b) ? a ** b : tf.pow(a, b));
}

/** The constant value of a node whose evaluator ignores the scope, else undefined. */
function constantOf(node: ExpressionNode, context: Context): number | undefined {
  if (node.type === 'number') return node.value;
  if (node.type === 'name' && node.name in context.constants) return context.constants[node.name];
  if (node.type === 'unary') {
    const v = constantOf(node.arg, context);
    return v === undefined ? undefined : node.op === '-' ? -v : v;
  }
  return undefined;
}

/**
 * Compiles one parsed node in `context`; every name is resolved here, so evaluation cannot meet an
 * unknown one. `field` and `text` are for errors.
 *
 * @example
 * compileNode(parseExpression("2*PI"), context, "f", "2*PI")({}); // 6.283...
 */
export function compileNode(node: ExpressionNode, context: Context, field: string, text: string): Evaluator {
  const fail = (start: number, end: number, reason: string): never => {
    throw new ExpressionError(field, text, start, end, reason);
  };
  switch (node.type) {
    case 'number': {
      const v = node.value;
      return () => v;
    }
    case 'string':
    case 'array':
      return fail(node.start, node.end, `${node.type === 'string' ? 'a string' : 'a list [...]'} is not a number (lists and strings belong in geometries only)`);
    case 'name': {
      const { name } = node;
      if (name in context.constants) {
        const v = context.constants[name];
        return () => v;
      }
      if (context.isVariable(name)) return (scope) => scope[name];
      if (name in EXPRESSION_FUNCTIONS || name in context.functions) return fail(node.start, node.end, `'${name}' is a function: call it, ${name}(...)`);
      const why = context.elsewhere?.(name);
      if (why !== undefined) return fail(node.start, node.end, why);
      const known = [...context.suggest, ...Object.keys(context.constants)];
      const near = nearestName(name, known);
      return fail(node.start, node.end, `unknown name '${name}' (known here: ${known.join(', ')})${near ? `. Did you mean '${near}'?` : ''}`);
    }
    case 'unary': {
      const arg = compileNode(node.arg, context, field, text);
      if (node.op === '+') return arg;
      return (scope) => {
        const v = arg(scope);
        return num(v) ? -v : tf.neg(v);
      };
    }
    case 'binary': {
      const left = compileNode(node.left, context, field, text);
      const right = compileNode(node.right, context, field, text);
      const op = node.op === '+' ? add : node.op === '-' ? sub : node.op === '*' ? mul : node.op === '/' ? div : power(constantOf(node.right, context));
      return (scope) => op(left(scope), right(scope));
    }
    case 'call': {
      const { name } = node;
      const args = node.args.map((a) => compileNode(a, context, field, text));
      const user = context.functions[name];
      const builtin = EXPRESSION_FUNCTIONS[name];
      const arity = user?.params.length ?? builtin?.arity;
      if (arity === undefined) {
        const why = context.elsewhere?.(name);
        if (why !== undefined) return fail(node.start, node.nameEnd, why);
        const names = [...Object.keys(EXPRESSION_FUNCTIONS).filter((f) => context.exact || !EXPRESSION_FUNCTIONS[f].exactOnly), ...Object.keys(context.functions)];
        const near = nearestName(name, names);
        return fail(node.start, node.nameEnd, `unknown function '${name}'${near ? `. Did you mean '${near}'?` : ''}`);
      }
      if (args.length !== arity) return fail(node.start, node.end, `${name} takes ${arity} argument${arity === 1 ? '' : 's'}, but got ${args.length}`);
      if (user !== undefined) {
        return (scope) => {
          const inner: Scope = {};
          user.params.forEach((p, i) => (inner[p] = args[i](scope)));
          return user.body(inner);
        };
      }
      if (builtin.exactOnly && !context.exact) return fail(node.start, node.nameEnd, `${name}() is a float64 reference solution: it may be called in exact solutions only`);
      return (scope) => {
        const values = args.map((a) => a(scope));
        if (values.every(num)) return builtin.number(...values);
        if (builtin.tensor === undefined) throw new ExpressionError(field, text, node.start, node.nameEnd, `${name}() takes plain numbers only`);
        return builtin.tensor(...values);
      };
    }
  }
}

/**
 * Parses and compiles `text` in `context` (which names it may use): the result evaluates on a
 * scope of numbers (giving a number) or of [N,1] tensors (giving a tensor; call it inside
 * `tf.tidy`). Unknown names, wrong argument counts and the like are {@link ExpressionError}s
 * pointing at the place in the text.
 *
 * @example
 * const f = compileExpression('x^2 + sin(PI*x)', 'f', { isVariable: (n) => n === 'x', suggest: ['x'], constants: EXPRESSION_CONSTANTS, functions: {} });
 * f({ x: 0.5 }); // 1.25
 */
export function compileExpression(text: string, field: string, context: Context): Evaluator {
  return compileNode(parseExpression(text, field), context, field, text);
}

/**
 * The built-in constants plus `own`.
 *
 * @example
 * withConstants({ nu: 0.01 }); // { PI, pi, E, nu: 0.01 }
 */
export function withConstants(own: Record<string, number>): Record<string, number> {
  return { ...EXPRESSION_CONSTANTS, ...own };
}

/**
 * Every name the expression reads as a variable (not calls), in order of appearance, once each.
 *
 * @example
 * namesIn('u_t + u*u_x - nu*u_xx', 'residual'); // ['u_t', 'u', 'u_x', 'nu', 'u_xx']
 */
export function namesIn(text: string, field: string): string[] {
  const out: string[] = [];
  const walk = (n: ExpressionNode): void => {
    if (n.type === 'name' && !out.includes(n.name)) out.push(n.name);
    if (n.type === 'unary') walk(n.arg);
    if (n.type === 'binary') [n.left, n.right].forEach(walk);
    if (n.type === 'call' || n.type === 'array') (n.type === 'call' ? n.args : n.items).forEach(walk);
  };
  walk(parseExpression(text, field));
  return out;
}
