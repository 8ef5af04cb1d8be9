import { JetOps, UnaryName, Value } from './ops.js';

/** A row-major float32 matrix outside tfjs. */
export class ArrayValue implements Value {
  constructor(
    readonly shape: [number, number],
    readonly data: Float32Array,
  ) {}
}

type A = ArrayValue;

function binary(a: A | number, b: A | number, f: (x: number, y: number) => number): A {
  if (typeof a === 'number') return map(b as A, (y) => f(a, y));
  if (typeof b === 'number') return map(a, (x) => f(x, b));
  const [ra, c] = a.shape;
  const rb = b.shape[0];
  const rows = Math.max(ra, rb);
  const out = new Float32Array(rows * c);
  const [x, y] = [a.data, b.data];
  if (ra === rb) for (let i = 0; i < out.length; i++) out[i] = f(x[i], y[i]);
  else if (ra === 1) for (let i = 0; i < out.length; i++) out[i] = f(x[i % c], y[i]);
  else for (let i = 0; i < out.length; i++) out[i] = f(x[i], y[i % c]);
  return new ArrayValue([rows, c], out);
}

function map(a: A, f: (x: number) => number): A {
  const out = new Float32Array(a.data.length);
  const x = a.data;
  for (let i = 0; i < out.length; i++) out[i] = f(x[i]);
  return new ArrayValue(a.shape, out);
}

/** erf to float32 accuracy (Abramowitz and Stegun 7.1.26, |error| < 1.5e-7), as tfjs's cpu kernel computes it. */
function erf(x: number): number {
  const s = Math.sign(x);
  const v = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * v);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return s * (1 - poly * Math.exp(-v * v));
}

const UNARY: Record<UnaryName, (x: number) => number> = {
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: Math.tanh,
  sin: Math.sin,
  cos: Math.cos,
  exp: Math.exp,
  erf,
  softplus: (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
};

/**
 * Plain typed-array ops for the cpu backend when nothing will differentiate
 * the result: tfjs's cpu kernels spend tens of nanoseconds per element on
 * bookkeeping, which a jet pass of many small elementwise ops multiplies.
 */
export const ARRAY_OPS: JetOps<A> = {
  tensors: false,
  mul: (a, b) => binary(a, b, (x, y) => x * y),
  add: (a, b) => binary(a, b, (x, y) => x + y),
  addN: (terms) => {
    if (terms.length === 1) return terms[0];
    const out = Float32Array.from(terms[0].data);
    for (const t of terms.slice(1)) {
      const d = t.data;
      for (let i = 0; i < out.length; i++) out[i] += d[i];
    }
    return new ArrayValue(terms[0].shape, out);
  },
  sub: (a, b) => binary(a, b, (x, y) => x - y),
  neg: (a) => map(a, (x) => -x),
  square: (a) => map(a, (x) => x * x),
  unary: (name, a) => map(a, UNARY[name]),
  matMul: (a, w) => {
    const [m, k] = a.shape;
    const n = w.shape[1];
    const out = new Float32Array(m * n);
    const [x, y] = [a.data, w.data];
    const acc = new Float64Array(n);
    for (let i = 0; i < m; i++) {
      acc.fill(0);
      for (let p = 0; p < k; p++) {
        const v = x[i * k + p];
        const off = p * n;
        for (let j = 0; j < n; j++) acc[j] += v * y[off + j];
      }
      out.set(acc, i * n);
    }
    return new ArrayValue([m, n], out);
  },
  addBias: (a, b) => binary(a, new ArrayValue([1, b.shape[b.shape.length - 1]], b.data), (x, y) => x + y),
  row: (values) => new ArrayValue([1, values.length], Float32Array.from(values)),
  fullRows: (a, n) => (a.shape[0] === n ? a : binary(new ArrayValue([n, a.shape[1]], new Float32Array(n * a.shape[1])), a, (x, y) => x + y)),
  column: (a, j) => {
    const [m, c] = a.shape;
    if (c === 1) return a;
    const out = new Float32Array(m);
    for (let i = 0; i < m; i++) out[i] = a.data[i * c + j];
    return new ArrayValue([m, 1], out);
  },
  zeros: (n, w) => new ArrayValue([n, w], new Float32Array(n * w)),
};
