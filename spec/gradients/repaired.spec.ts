import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

import { REPAIRED_GRADIENTS, partial, repairHigherOrderGradients } from '../../lib/index.js';
import { describeOnBackends } from '../helpers/backends.js';
import { expectClose, goldenTolerance } from '../helpers/close.js';

type Scalar = (x: number) => number;
type Op = (x: tf.Tensor) => tf.Tensor;

const sig: Scalar = (x) => 1 / (1 + Math.exp(-x));
/** Derivatives 0..4 of the logistic sigmoid, in terms of s. */
const sigmoidDerivs: Scalar[] = [
  (x) => sig(x),
  (x) => sig(x) * (1 - sig(x)),
  (x) => sig(x) * (1 - sig(x)) * (1 - 2 * sig(x)),
  (x) => sig(x) * (1 - sig(x)) * (1 - 6 * sig(x) + 6 * sig(x) ** 2),
  (x) => sig(x) * (1 - sig(x)) * (1 - 2 * sig(x)) * (1 - 12 * sig(x) + 12 * sig(x) ** 2),
];
const th = Math.tanh;
const tanhDerivs: Scalar[] = [
  (x) => th(x),
  (x) => 1 - th(x) ** 2,
  (x) => -2 * th(x) * (1 - th(x) ** 2),
  (x) => -2 * (1 - th(x) ** 2) * (1 - 3 * th(x) ** 2),
  (x) => 8 * th(x) * (1 - th(x) ** 2) * (2 - 3 * th(x) ** 2),
];
const phi: Scalar = (x) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);

/** Closed forms of derivatives of order 1..4, per function under test. */
const CASES: { name: string; f: Op; derivs: Scalar[]; xs: number[] }[] = [
  { name: 'sigmoid', f: tf.sigmoid, derivs: sigmoidDerivs.slice(1), xs: [-2, -0.5, 0, 0.5, 1.7] },
  { name: 'tanh', f: tf.tanh, derivs: tanhDerivs.slice(1), xs: [-1.5, -0.3, 0, 0.5, 1.2] },
  { name: 'exp', f: tf.exp, derivs: [Math.exp, Math.exp, Math.exp, Math.exp], xs: [-1, 0, 0.5, 1.5] },
  {
    name: 'pow (base)',
    f: (x) => tf.pow(x, 3),
    derivs: [(x) => 3 * x * x, (x) => 6 * x, () => 6, () => 0],
    xs: [0.5, 1, 1.5, 2],
  },
  {
    name: 'pow (exponent)',
    f: (x) => tf.pow(tf.scalar(2), x),
    derivs: [1, 2, 3, 4].map((n) => (x: number) => 2 ** x * Math.LN2 ** n),
    xs: [-1, 0, 0.5, 2],
  },
  { name: 'elu (x < 0)', f: tf.elu, derivs: [Math.exp, Math.exp, Math.exp, Math.exp], xs: [-2, -1, -0.5, -0.1] },
  { name: 'elu (x > 0)', f: tf.elu, derivs: [() => 1, () => 0, () => 0, () => 0], xs: [0.1, 0.5, 2] },
  {
    // softmax([x, 0])[0] is sigmoid(x)
    name: 'softmax',
    f: (x) => tf.softmax(tf.stack([x, tf.zerosLike(x)], 1)).slice([0, 0], [-1, 1]).reshape([-1]),
    derivs: sigmoidDerivs.slice(1),
    xs: [-1.5, 0, 0.5, 2],
  },
  {
    // tf.logSoftmax is a customGrad op that saves its output (not repairable by
    // registration); x - logSumExp(x) is the documented way: log sigmoid(x) here.
    name: 'log-softmax as x - logSumExp(x)',
    f: (x) => {
      const z = tf.stack([x, tf.zerosLike(x)], 1);
      return tf.sub(z, tf.logSumExp(z, 1, true)).slice([0, 0], [-1, 1]).reshape([-1]);
    },
    derivs: [(x) => 1 - sig(x), (x) => -sigmoidDerivs[1](x), (x) => -sigmoidDerivs[2](x), (x) => -sigmoidDerivs[3](x)],
    xs: [-1.5, 0, 0.5, 2],
  },
  {
    name: 'logSigmoid',
    f: tf.logSigmoid,
    derivs: [(x) => 1 - sig(x), (x) => -sigmoidDerivs[1](x), (x) => -sigmoidDerivs[2](x), (x) => -sigmoidDerivs[3](x)],
    xs: [-1.5, 0, 0.5, 2],
  },
  {
    name: 'max',
    f: (x) => tf.max(tf.stack([tf.pow(x, 3), tf.fill(x.shape, -10)], 1), 1),
    derivs: [(x) => 3 * x * x, (x) => 6 * x, () => 6, () => 0],
    xs: [-1, 0.5, 1.5],
  },
  {
    name: 'min',
    f: (x) => tf.min(tf.stack([tf.pow(x, 3), tf.fill(x.shape, 10)], 1), 1),
    derivs: [(x) => 3 * x * x, (x) => 6 * x, () => 6, () => 0],
    xs: [-1, 0.5, 1.5],
  },
  {
    // The case that fails silently in stock tfjs: 0.177 instead of -0.0576 at x = 0.5.
    name: 'sigmoid written as 1/(1+exp(-x))',
    f: (x) => tf.div(1, tf.add(1, tf.exp(tf.neg(x)))),
    derivs: sigmoidDerivs.slice(1),
    xs: [-2, 0, 0.5, 1.7],
  },
  { name: 'softplus', f: tf.softplus, derivs: sigmoidDerivs.slice(0, 4), xs: [-2, 0, 0.5, 1.7] },
  {
    name: 'swish x*sigmoid(x)',
    f: (x) => tf.mul(x, tf.sigmoid(x)),
    derivs: [1, 2, 3, 4].map((n) => (x: number) => n * sigmoidDerivs[n - 1](x) + x * sigmoidDerivs[n](x)),
    xs: [-2, 0, 0.5, 1.7],
  },
  {
    name: 'gelu (erf)',
    f: (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))),
    derivs: [
      (x) => 0.5 * (1 + erf(x / Math.SQRT2)) + x * phi(x),
      (x) => phi(x) * (2 - x * x),
      (x) => phi(x) * (x ** 3 - 4 * x),
      (x) => phi(x) * (-(x ** 4) + 7 * x * x - 4),
    ],
    xs: [-1.5, -0.2, 0.5, 1.3],
  },
];

/** erf to ~1e-15 by its Taylor series (|x| < 2 here). */
function erf(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 60; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** Nested tf.grad, order times: the plain tfjs way the repair has to make work. */
function nthGrad(f: Op, order: number): Op {
  let g = f;
  for (let i = 0; i < order; i++) g = tf.grad(g) as Op;
  return g;
}

/** The order-th derivative at each point by `partial`, which also returns true zeros. */
function nthDerivative(f: Op, order: number, xs: number[]): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor2d(xs, [xs.length, 1]);
    const u = (c: tf.Tensor2D) => f(c.reshape([-1])).reshape([-1, 1]);
    return partial(u, x, order).dataSync() as Float32Array;
  });
}

describeOnBackends('repaired gradients, orders 1..4 against closed forms', () => {
  for (const c of CASES) {
    for (const order of [1, 2, 3, 4]) {
      it(`${c.name}, order ${order}`, () => {
        const got = nthDerivative(c.f, order, c.xs);
        expectClose(got, c.xs.map(c.derivs[order - 1]), goldenTolerance(order), `${c.name} order ${order}`);
      });
    }
  }

  it('makes plain nested tf.grad work to fourth order through sigmoid, tanh and exp', () => {
    const xs = [-0.7, 0.2, 1.1];
    for (const [f, d4] of [[tf.sigmoid, sigmoidDerivs[4]], [tf.tanh, tanhDerivs[4]], [tf.exp, Math.exp]] as [Op, Scalar][]) {
      const got = tf.tidy(() => nthGrad(f, 4)(tf.tensor1d(xs)).dataSync());
      expectClose(got, xs.map(d4), goldenTolerance(4));
    }
  });

  it('leaves no tensors behind in a fourth-order nested gradient', () => {
    const x = tf.tensor1d([0.3]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) nthGrad(tf.tanh, 4)(x).dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

it('repairs every kernel whose stock gradient reads a saved output, idempotently', () => {
  const names = REPAIRED_GRADIENTS.map((g) => g.kernelName);
  for (const kernel of ['Sigmoid', 'Tanh', 'Exp', 'Pow', 'Elu', 'Softmax', 'Max', 'Min']) {
    expect(names).toContain(kernel);
    expect(tf.getGradient(kernel)?.outputsToSave ?? []).toEqual([]);
  }
  expect(repairHigherOrderGradients()).toEqual([]);
  tf.registerGradient({ kernelName: 'Tanh', gradFunc: () => ({}) });
  expect(repairHigherOrderGradients()).toEqual(['Tanh']);
});

describeOnBackends('matMul gradient with explicit transposes', () => {
  for (const [ta, tb] of [[false, false], [false, true], [true, false], [true, true]]) {
    it(`matches the closed form for transposeA = ${ta}, transposeB = ${tb}`, () => {
      tf.tidy(() => {
        const a = tf.randomNormal(ta ? [4, 3] : [3, 4], 0, 1, 'float32', 1);
        const b = tf.randomNormal(tb ? [5, 4] : [4, 5], 0, 1, 'float32', 2);
        const w = tf.randomNormal([3, 5], 0, 1, 'float32', 3);
        const loss = (p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(tf.matMul(p, q, ta, tb), w));
        const [ga, gb] = tf.grads(loss)([a, b]);
        const opA = ta ? a.transpose() : a;
        const opB = tb ? b.transpose() : b;
        // dL/d op(A) = W op(B)^T and dL/d op(B) = op(A)^T W, transposed back where the operand was.
        const dOpA = tf.matMul(w, opB.transpose());
        const dOpB = tf.matMul(opA.transpose(), w);
        expectClose(ga.dataSync(), (ta ? dOpA.transpose() : dOpA).dataSync(), 1e-5, 'dL/da');
        expectClose(gb.dataSync(), (tb ? dOpB.transpose() : dOpB).dataSync(), 1e-5, 'dL/db');
      });
    });
  }
});
