import * as tf from '@tensorflow/tfjs';

import { burgersExact } from '../pinn/exact/burgers.js';

// The names an expression may use besides its inputs, terms and the problem's own definitions. Each
// function has a tensor form (tf ops, differentiable: residuals are differentiated in the weights,
// transforms in the inputs) and a plain-number form (Math, float64: exact solutions and constants).

/** A value while an expression is evaluated: a plain number, or an [N,1] tensor. */
export type Value = number | tf.Tensor;

/** A built-in function: how many arguments, its two forms, one line for the docs. */
export interface BuiltinFunction {
  /** How many arguments it takes. */
  arity: number;
  /** On plain numbers (float64). */
  number: (...args: number[]) => number;
  /** On tensors (or numbers broadcast against them). */
  tensor?: (...args: (tf.Tensor | number)[]) => tf.Tensor;
  /** Only where exact solutions are written (a reference solution of the library, float64 only). */
  exactOnly?: boolean;
  /** One line saying what it computes, for the docs and the playground ('hyperbolic tangent'). */
  doc: string;
}

const t1 = (f: (x: tf.Tensor) => tf.Tensor) => (x: tf.Tensor | number) => f(typeof x === 'number' ? tf.scalar(x) : x);

/**
 * The functions an expression may call, by name.
 *
 * @example
 * EXPRESSION_FUNCTIONS.sin.number(Math.PI / 2); // 1
 * Object.keys(EXPRESSION_FUNCTIONS); // ['sin', 'cos', ...]
 */
export const EXPRESSION_FUNCTIONS: Readonly<Record<string, BuiltinFunction>> = {
  sin: { arity: 1, number: Math.sin, tensor: t1(tf.sin), doc: 'sine' },
  cos: { arity: 1, number: Math.cos, tensor: t1(tf.cos), doc: 'cosine' },
  tan: { arity: 1, number: Math.tan, tensor: t1(tf.tan), doc: 'tangent' },
  asin: { arity: 1, number: Math.asin, tensor: t1(tf.asin), doc: 'arc sine' },
  acos: { arity: 1, number: Math.acos, tensor: t1(tf.acos), doc: 'arc cosine' },
  atan: { arity: 1, number: Math.atan, tensor: t1(tf.atan), doc: 'arc tangent' },
  atan2: { arity: 2, number: Math.atan2, tensor: (y, x) => tf.atan2(y, x), doc: 'atan2(y, x), the angle of (x, y)' },
  sinh: { arity: 1, number: Math.sinh, tensor: t1(tf.sinh), doc: 'hyperbolic sine' },
  cosh: { arity: 1, number: Math.cosh, tensor: t1(tf.cosh), doc: 'hyperbolic cosine' },
  tanh: { arity: 1, number: Math.tanh, tensor: t1(tf.tanh), doc: 'hyperbolic tangent' },
  sech: { arity: 1, number: (x) => 1 / Math.cosh(x), tensor: t1((x) => tf.div(1, tf.cosh(x))), doc: 'hyperbolic secant 1/cosh' },
  exp: { arity: 1, number: Math.exp, tensor: t1(tf.exp), doc: 'e to the power' },
  log: { arity: 1, number: Math.log, tensor: t1(tf.log), doc: 'natural logarithm' },
  sqrt: { arity: 1, number: Math.sqrt, tensor: t1(tf.sqrt), doc: 'square root' },
  abs: { arity: 1, number: Math.abs, tensor: t1(tf.abs), doc: 'absolute value' },
  sigmoid: { arity: 1, number: (x) => 1 / (1 + Math.exp(-x)), tensor: t1(tf.sigmoid), doc: 'logistic 1/(1 + e^-x)' },
  min: { arity: 2, number: Math.min, tensor: (a, b) => tf.minimum(a, b), doc: 'the smaller of two' },
  max: { arity: 2, number: Math.max, tensor: (a, b) => tf.maximum(a, b), doc: 'the larger of two' },
  pow: { arity: 2, number: Math.pow, tensor: (a, b) => tf.pow(a, b), doc: 'pow(a, b) = a^b' },
  burgers: {
    arity: 3,
    number: (x, t, nu) => burgersExact(x, t, nu).u,
    exactOnly: true,
    doc: 'burgers(x, t, nu): the Cole-Hopf solution of u_t + u u_x = nu u_xx, u(0, x) = -sin(pi x), u(t, +-1) = 0 (exact solutions only)',
  },
};

/**
 * The named constants.
 *
 * @example
 * EXPRESSION_CONSTANTS.PI; // 3.141592653589793
 */
export const EXPRESSION_CONSTANTS: Readonly<Record<string, number>> = { PI: Math.PI, pi: Math.PI, E: Math.E };
