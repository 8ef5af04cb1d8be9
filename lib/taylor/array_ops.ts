import { JetOps, UnaryName, Value } from './ops.js';

/** A row-major float32 matrix outside tfjs. */
export class ArrayValue implements Value {
  constructor(
    readonly shape: [number, number],
    readonly data: Float32Array,
  ) {}
}

type A = ArrayValue;

/**
 * Buffers are recycled between row blocks and calls: writing to freshly
 * allocated memory costs a page fault per 4 KiB, which here made an
 * elementwise product of 200,000 floats 30x slower (4.2 ms against 0.14 ms).
 */
const pool = new Map<number, Float32Array[]>();
let inUse: Float32Array[] | undefined;

function alloc(length: number): Float32Array {
  const buf = pool.get(length)?.pop() ?? new Float32Array(length);
  inUse?.push(buf);
  return buf;
}

/**
 * Runs `f`, then recycles every buffer the array ops allocated in it: copy
 * out what must outlive it first.
 */
export function withArena<T>(f: () => T): T {
  const outer = inUse;
  const mine: Float32Array[] = [];
  inUse = mine;
  try {
    return f();
  } finally {
    inUse = outer;
    for (const buf of mine) {
      if (!pool.has(buf.length)) pool.set(buf.length, []);
      pool.get(buf.length)!.push(buf);
    }
  }
}
type Op = 0 | 1 | 2; // multiply, add, subtract

/**
 * One loop per operation and operand layout: a shared loop taking a
 * callback per element is several times slower once V8 sees more than one
 * callback there.
 */
function binary(a: A | number, b: A | number, op: Op): A {
  if (typeof a === 'number') {
    if (op === 2) return scalarLoop(b as A, -1, a); // a - b
    return scalarLoop(b as A, op === 0 ? a : 1, op === 0 ? 0 : a);
  }
  if (typeof b === 'number') return scalarLoop(a, op === 0 ? b : 1, op === 0 ? 0 : op === 1 ? b : -b);
  const [ra, c] = a.shape;
  const rb = b.shape[0];
  if (ra === rb) return sameLoop(a.data, b.data, op, a.shape);
  return rb === 1 ? rowLoop(a.data, b.data, op, false, [ra, c]) : rowLoop(b.data, a.data, op, true, [rb, c]);
}

/** k x + c elementwise. */
function scalarLoop(a: A, k: number, c: number): A {
  const x = a.data;
  const out = alloc(x.length);
  for (let i = 0; i < out.length; i++) out[i] = k * x[i] + c;
  return new ArrayValue(a.shape, out);
}

function sameLoop(x: Float32Array, y: Float32Array, op: Op, shape: [number, number]): A {
  const out = alloc(x.length);
  if (op === 0) for (let i = 0; i < out.length; i++) out[i] = x[i] * y[i];
  else if (op === 1) for (let i = 0; i < out.length; i++) out[i] = x[i] + y[i];
  else for (let i = 0; i < out.length; i++) out[i] = x[i] - y[i];
  return new ArrayValue(shape, out);
}

/** A full matrix x with a row r broadcast over it; `rowFirst` for r - x. */
function rowLoop(x: Float32Array, r: Float32Array, op: Op, rowFirst: boolean, shape: [number, number]): A {
  const [m, c] = shape;
  const out = alloc(m * c);
  for (let i = 0; i < m; i++) {
    const o = i * c;
    for (let j = 0; j < c; j++) {
      const [u, v] = [x[o + j], r[j]];
      out[o + j] = op === 0 ? u * v : op === 1 ? u + v : rowFirst ? v - u : u - v;
    }
  }
  return new ArrayValue(shape, out);
}

function map(a: A, f: (x: number) => number): A {
  const out = alloc(a.data.length);
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
  tanh: (x) => {
    const e = Math.exp(-2 * Math.abs(x));
    return Math.sign(x) * ((1 - e) / (1 + e));
  },
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
  mul: (a, b) => binary(a, b, 0),
  add: (a, b) => binary(a, b, 1),
  addN: (terms) => {
    if (terms.length === 1) return terms[0];
    const out = alloc(terms[0].data.length);
    out.set(terms[0].data);
    for (const t of terms.slice(1)) {
      const d = t.data;
      for (let i = 0; i < out.length; i++) out[i] += d[i];
    }
    return new ArrayValue(terms[0].shape, out);
  },
  sub: (a, b) => binary(a, b, 2),
  neg: (a) => scalarLoop(a, -1, 0),
  square: (a) => sameLoop(a.data, a.data, 0, a.shape),
  unary: (name, a) => map(a, UNARY[name]),
  matMul: (a, w) => {
    const [m, k] = a.shape;
    const n = w.shape[1];
    const out = alloc(m * n);
    const x = a.data;
    // w transposed, so each output is a dot product of contiguous runs, four
    // outputs per pass over a row of x (2x faster than one at a time here).
    const wt = new Float64Array(k * n);
    for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) wt[j * k + p] = w.data[p * n + j];
    const xr = new Float64Array(k);
    for (let i = 0; i < m; i++) {
      const o = i * n;
      for (let p = 0; p < k; p++) xr[p] = x[i * k + p];
      let j = 0;
      for (; j + 3 < n; j += 4) {
        const [c0, c1, c2, c3] = [j * k, (j + 1) * k, (j + 2) * k, (j + 3) * k];
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let p = 0; p < k; p++) {
          const v = xr[p];
          s0 += v * wt[c0 + p];
          s1 += v * wt[c1 + p];
          s2 += v * wt[c2 + p];
          s3 += v * wt[c3 + p];
        }
        out[o + j] = s0;
        out[o + j + 1] = s1;
        out[o + j + 2] = s2;
        out[o + j + 3] = s3;
      }
      for (; j < n; j++) {
        const c = j * k;
        let s = 0;
        for (let p = 0; p < k; p++) s += xr[p] * wt[c + p];
        out[o + j] = s;
      }
    }
    return new ArrayValue([m, n], out);
  },
  addBias: (a, b) => binary(a, new ArrayValue([1, b.shape[b.shape.length - 1]], b.data), 1),
  row: (values) => new ArrayValue([1, values.length], Float32Array.from(values)),
  fullRows: (a, n) => {
    if (a.shape[0] === n) return a;
    const out = alloc(n * a.shape[1]);
    for (let i = 0; i < n; i++) out.set(a.data, i * a.shape[1]);
    return new ArrayValue([n, a.shape[1]], out);
  },
  column: (a, j) => {
    const [m, c] = a.shape;
    if (c === 1) return a;
    const out = alloc(m);
    for (let i = 0; i < m; i++) out[i] = a.data[i * c + j];
    return new ArrayValue([m, 1], out);
  },
  zeros: (n, w) => new ArrayValue([n, w], alloc(n * w).fill(0)),
};
