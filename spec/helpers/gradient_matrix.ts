// Shared by spec/gradients/stock.spec.ts (Node, cpu and wasm) and the page of
// spec/browser/gradients.spec.ts (Chromium, webgl): a matrix of first-order
// gradients to compute once with stock tfjs's gradient configs and once with
// tfjs-pinn's. Plain tfjs only, so esbuild can bundle it for the page.
import * as tf from '@tensorflow/tfjs';

type Fn = (...xs: tf.Tensor[]) => tf.Tensor;

/** One first-order gradient to compare. */
export interface GradientCase {
  /** The kernel whose registered gradient this case goes through. */
  kernel: string;
  name: string;
  inputs: () => tf.Tensor[];
  /** The function differentiated (through the loss sum(f * w), w fixed and not all ones). */
  f: Fn;
  /**
   * The same function written so that stock tfjs can differentiate it, for
   * cases where stock throws on `f` (broadcast matMul, comparisons): there the
   * library must either throw too or agree with stock's gradient of `alt`.
   */
  alt?: Fn;
  /** 2: the gradient of a weighted sum of the first-order gradients (where stock's gradient nests). */
  order?: 1 | 2;
}

/** Gradients of one case: one entry per input, non-finite numbers as strings (JSON-safe). */
export interface GradientResult {
  shapes?: number[][];
  values?: (number | string)[][];
  error?: string;
}

/** n numbers in [lo, hi) from a fixed linear congruential sequence (same in Node and in the page). */
export function seeded(n: number, seed: number, lo = -2, hi = 2): number[] {
  let s = (seed * 2654435761) >>> 0 || 1;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + ((hi - lo) * s) / 2 ** 32;
  });
}

const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

/** A seeded tensor; `round` makes integers, so reductions see ties and comparisons see equal pairs. */
function tensor(shape: number[], seed: number, opts: { lo?: number; hi?: number; round?: boolean; dtype?: 'float32' | 'int32' } = {}): tf.Tensor {
  let v = seeded(size(shape), seed, opts.lo ?? -2, opts.hi ?? 2);
  if (opts.round || opts.dtype === 'int32') v = v.map(Math.round);
  return tf.tensor(v, shape, opts.dtype ?? 'float32');
}

/** A copy of x with no tape history: what stock tfjs could branch on without differentiating through it. */
const constant = (x: tf.Tensor) => tf.tensor(x.dataSync(), x.shape, x.dtype);

const SHAPES = [[], [5], [2, 3], [2, 3, 4], [2, 1, 3, 2]];

function unaryCases(kernel: string, op: (x: tf.Tensor) => tf.Tensor): GradientCase[] {
  const cases: GradientCase[] = SHAPES.map((shape, i) => ({
    kernel,
    name: `${kernel} [${shape}]`,
    inputs: () => [tensor(shape, 10 + i, { lo: -3, hi: 3 })],
    f: op,
  }));
  cases.push({ kernel, name: `${kernel} at -1, 0, 1`, inputs: () => [tf.tensor1d([-1, 0, 1, -0, 20, -20])], f: op });
  cases.push({ kernel, name: `${kernel} int32 [2,3]`, inputs: () => [tensor([2, 3], 7, { dtype: 'int32' })], f: (x) => tf.cast(op(x), 'float32') });
  return cases;
}

function powCases(): GradientCase[] {
  const pairs: [number[], number[]][] = [
    [[2, 3], [2, 3]],
    [[2, 3], []],
    [[], [2, 3]],
    [[3], [2, 3]],
    [[2, 1, 3], [4, 1]],
    [[2, 1, 3, 1], [1, 2, 1, 2]],
  ];
  const cases: GradientCase[] = pairs.map(([sa, sb], i) => ({
    kernel: tf.Pow,
    name: `Pow [${sa}] ^ [${sb}]`,
    inputs: () => [tensor(sa, 20 + i, { lo: 0.2, hi: 2 }), tensor(sb, 30 + i, { lo: -2, hi: 3 })],
    f: (a, b) => tf.pow(a, b),
  }));
  cases.push(
    {
      // Negative bases with integer exponents, zero exponents and a zero base: where stock defines a value.
      kernel: tf.Pow,
      name: 'Pow negative and zero bases, integer and zero exponents',
      inputs: () => [tf.tensor2d([[-2, -0.5, 0, 1.5, 3]]), tf.tensor2d([[2], [3], [0], [1], [-1]])],
      f: (a, b) => tf.pow(a, b),
    },
    {
      kernel: tf.Pow,
      name: 'Pow negative base, fractional exponent (NaN)',
      inputs: () => [tf.tensor1d([-2, -1, 2]), tf.tensor1d([0.5, 1.5, 0.5])],
      f: (a, b) => tf.pow(a, b),
    },
    { kernel: tf.Pow, name: 'Pow x^3, exponent a number', inputs: () => [tensor([4, 2], 40)], f: (a) => tf.pow(a, 3) },
    {
      kernel: tf.Pow,
      name: 'Pow int32 ^ int32',
      inputs: () => [tensor([4], 41, { dtype: 'int32' }), tf.tensor1d([2, 0, 3, 1], 'int32')],
      f: (a, b) => tf.cast(tf.pow(a, b), 'float32'),
    },
  );
  return cases;
}

function softmaxCases(): GradientCase[] {
  const shapes = [[5], [2, 3], [2, 3, 4], [2, 1, 3, 4]];
  const cases: GradientCase[] = [];
  shapes.forEach((shape, i) => {
    for (const dim of [-1, shape.length - 1]) {
      cases.push({ kernel: tf.Softmax, name: `Softmax [${shape}] dim ${dim}`, inputs: () => [tensor(shape, 50 + i, { lo: -4, hi: 4 })], f: (x) => tf.softmax(x, dim) });
    }
  });
  cases.push({ kernel: tf.Softmax, name: 'Softmax [2,3] dim 0 (stock refuses)', inputs: () => [tensor([2, 3], 58)], f: (x) => tf.softmax(x, 0) });
  cases.push({ kernel: tf.Softmax, name: 'Softmax equal logits', inputs: () => [tf.ones([3, 4])], f: (x) => tf.softmax(x) });
  return cases;
}

function reductionCases(kernel: string, reduce: (x: tf.Tensor, axis: number | number[] | undefined, keepDims: boolean) => tf.Tensor): GradientCase[] {
  const plans: [number[], (number | number[] | undefined)[]][] = [
    [[5], [undefined, 0, -1, [0]]],
    [[2, 3], [undefined, 0, 1, -1, [0, 1], [-2]]],
    [[2, 3, 4], [undefined, 1, -1, [0, 2], [-1, 1], [0, 1, 2]]],
    [[2, 3, 2, 2], [undefined, 0, 3, [1, 3], [-3, -1], [0, 1, 2, 3]]],
  ];
  const cases: GradientCase[] = [];
  plans.forEach(([shape, axes], i) => {
    for (const axis of axes) {
      for (const keepDims of [false, true]) {
        // Integers in [-2, 2]: most reductions see ties, where stock splits nothing (every tied element gets dy).
        cases.push({
          kernel,
          name: `${kernel} [${shape}] axis ${JSON.stringify(axis)} keepDims ${keepDims}`,
          inputs: () => [tensor(shape, 60 + i, { round: true })],
          f: (x) => reduce(x, axis, keepDims),
        });
      }
    }
  });
  cases.push({ kernel, name: `${kernel} scalar`, inputs: () => [tf.scalar(1.5)], f: (x) => reduce(x, undefined, false) });
  cases.push({ kernel, name: `${kernel} with NaN`, inputs: () => [tf.tensor2d([[1, NaN, 3], [2, 2, -1]])], f: (x) => reduce(x, 1, false) });
  cases.push({
    kernel,
    name: `${kernel} int32 [2,3,2] axis 1`,
    inputs: () => [tensor([2, 3, 2], 69, { dtype: 'int32' })],
    f: (x) => tf.cast(reduce(x, 1, false), 'float32'),
  });
  return cases;
}

type Compare = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

function comparisonCases(): GradientCase[] {
  const compares: [string, Compare][] = [
    [tf.Greater, tf.greater],
    [tf.Less, tf.less],
    [tf.LessEqual, tf.lessEqual],
    [tf.Equal, tf.equal],
    [tf.NotEqual, tf.notEqual],
  ];
  const shapes: [number[], number[]][] = [
    [[5], [5]],
    [[2, 3], [3]],
    [[2, 1, 3], [4, 1]],
    [[2, 2, 1, 3], [1, 3]],
  ];
  const branch = (cond: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => tf.where(cond, tf.mul(a, b), tf.sub(a, b));
  const cases: GradientCase[] = [];
  for (const [kernel, cmp] of compares) {
    shapes.forEach(([sa, sb], i) => {
      cases.push({
        kernel,
        name: `${kernel} [${sa}] vs [${sb}] inside tf.where`,
        inputs: () => [tensor(sa, 70 + i, { round: true }), tensor(sb, 80 + i, { round: true })],
        f: (a, b) => branch(cmp(a, b), a, b),
        alt: (a, b) => branch(cmp(constant(a), constant(b)), a, b),
      });
    });
  }
  const logical: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
    [tf.LogicalAnd, (a, b) => tf.logicalAnd(tf.greater(a, 0), tf.less(b, 1))],
    [tf.LogicalOr, (a, b) => tf.logicalOr(tf.greater(a, 0), tf.less(b, 1))],
    [tf.LogicalNot, (a, b) => tf.logicalNot(tf.greater(a, b))],
  ];
  for (const [kernel, cond] of logical) {
    cases.push({
      kernel,
      name: `${kernel} [2,3] with [3] inside tf.where`,
      inputs: () => [tensor([2, 3], 90, { round: true }), tensor([3], 91, { round: true })],
      f: (a, b) => branch(cond(a, b), a, b),
      alt: (a, b) => branch(cond(constant(a), constant(b)), a, b),
    });
  }
  return cases;
}

function matMulCases(): GradientCase[] {
  const cases: GradientCase[] = [];
  /** Operand shape before the transpose flag is applied. */
  const operand = (batch: number[], rows: number, cols: number, transposed: boolean) => [...batch, ...(transposed ? [cols, rows] : [rows, cols])];
  const plans: { batchA: number[]; batchB: number[] }[] = [
    { batchA: [], batchB: [] },
    { batchA: [2], batchB: [2] },
    { batchA: [2, 3], batchB: [2, 3] },
    { batchA: [2, 1, 2], batchB: [2, 1, 2] },
    // Broadcast batch dimensions: stock throws (its gradient keeps the broadcast shape).
    { batchA: [1], batchB: [2] },
    { batchA: [2], batchB: [] },
    { batchA: [], batchB: [3] },
    { batchA: [2, 1], batchB: [1, 3] },
    { batchA: [3], batchB: [2, 1] },
  ];
  plans.forEach(({ batchA, batchB }, i) => {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        const shapeA = operand(batchA, 3, 4, ta);
        const shapeB = operand(batchB, 4, 5, tb);
        const broadcast = JSON.stringify(batchA) !== JSON.stringify(batchB);
        const batch = tf.backend_util.assertAndGetBroadcastShape(batchA, batchB);
        const full = (x: tf.Tensor) => tf.broadcastTo(x, [...batch, ...x.shape.slice(-2)]);
        const name = `BatchMatMul [${shapeA}]${ta ? '^T' : ''} x [${shapeB}]${tb ? '^T' : ''}`;
        const inputs = () => [tensor(shapeA, 100 + i, { lo: -1, hi: 1 }), tensor(shapeB, 120 + i, { lo: -1, hi: 1 })];
        cases.push({
          kernel: tf.BatchMatMul,
          name,
          inputs,
          f: (a, b) => tf.matMul(a, b, ta, tb),
          alt: broadcast ? (a, b) => tf.matMul(full(a), full(b), ta, tb) : undefined,
        });
        // Squared operands make the second derivative go through the gradient's own products.
        cases.push({
          kernel: tf.BatchMatMul,
          name: `${name}, second order`,
          order: 2,
          inputs,
          f: (a, b) => tf.matMul(tf.square(a), tf.square(b), ta, tb),
          alt: broadcast ? (a, b) => tf.matMul(full(tf.square(a)), full(tf.square(b)), ta, tb) : undefined,
        });
      }
    }
  });
  cases.push(
    {
      // The product of a batch with itself (both operands on the tape): the measured defect on main.
      kernel: tf.BatchMatMul,
      name: 'BatchMatMul [2,2,2] times itself',
      inputs: () => [tf.tensor3d([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])],
      f: (a) => tf.matMul(a, a.clone()),
    },
    {
      kernel: tf.BatchMatMul,
      name: 'BatchMatMul int32 [2,3] x [3,2]',
      inputs: () => [tensor([2, 3], 140, { dtype: 'int32' }), tensor([3, 2], 141, { dtype: 'int32' })],
      f: (a, b) => tf.cast(tf.matMul(a, b), 'float32'),
    },
  );
  return cases;
}

/** The whole matrix; each case names the kernel it exercises. */
export function gradientCases(): GradientCase[] {
  return [
    ...unaryCases(tf.Sigmoid, tf.sigmoid),
    ...unaryCases(tf.Tanh, tf.tanh),
    ...unaryCases(tf.Exp, tf.exp),
    ...unaryCases(tf.Elu, tf.elu),
    ...powCases(),
    ...softmaxCases(),
    ...reductionCases(tf.Max, (x, axis, keep) => tf.max(x, axis, keep)),
    ...reductionCases(tf.Min, (x, axis, keep) => tf.min(x, axis, keep)),
    ...comparisonCases(),
    ...matMulCases(),
  ];
}

/** Registers every config (later ones win), as tfjs-pinn's import does. */
export function useGradients(configs: readonly tf.GradConfig[]): void {
  for (const config of configs) tf.registerGradient(config);
}

const encode = (v: number) => (Number.isFinite(v) ? v : String(v));

/** Gradients of sum(fn(...xs) * w) with respect to every input, with the given configs registered; no tensors left. */
export function gradientsOf(c: GradientCase, fn: Fn, configs: readonly tf.GradConfig[]): GradientResult {
  useGradients(configs);
  const xs = c.inputs();
  try {
    return tf.tidy(() => {
      const weighted = (y: tf.Tensor, seed: number) => tf.sum(tf.mul(y, tf.tensor(seeded(size(y.shape), seed, 0.5, 1.5), y.shape, 'float32')));
      const loss = (...args: tf.Tensor[]) => weighted(fn(...args), 7);
      const firstOrder = (...args: tf.Tensor[]) => tf.addN(tf.grads(loss)(args).map((g, i) => weighted(g, 8 + i)));
      const grads = tf.grads(c.order === 2 ? firstOrder : loss)(xs);
      return { shapes: grads.map((g) => g.shape), values: grads.map((g) => Array.from(g.dataSync(), encode)) };
    });
  } catch (e) {
    return { error: String((e as Error).message ?? e) };
  } finally {
    tf.dispose(xs);
  }
}

/** Largest |got - ref| over largest finite |ref|, and whether non-finite entries sit in the same places. */
function disagreement(got: GradientResult, ref: GradientResult, tol: number): string | undefined {
  if (JSON.stringify(got.shapes) !== JSON.stringify(ref.shapes)) return `shapes ${JSON.stringify(got.shapes)}, stock ${JSON.stringify(ref.shapes)}`;
  for (let i = 0; i < ref.values!.length; i++) {
    const g = got.values![i];
    const r = ref.values![i];
    let diff = 0;
    let scale = 0;
    for (let j = 0; j < r.length; j++) {
      if (typeof r[j] === 'string' || typeof g[j] === 'string') {
        if (g[j] !== r[j]) return `input ${i} entry ${j}: ${g[j]}, stock ${r[j]}`;
        continue;
      }
      diff = Math.max(diff, Math.abs((g[j] as number) - (r[j] as number)));
      scale = Math.max(scale, Math.abs(r[j] as number));
    }
    const err = scale === 0 ? diff : diff / scale;
    if (err > tol) return `input ${i}: relative error ${err.toExponential(2)} > ${tol} (library ${JSON.stringify(g.slice(0, 6))}, stock ${JSON.stringify(r.slice(0, 6))})`;
  }
  return undefined;
}

/**
 * Why the library's gradient is not stock's, or undefined when it is. Where
 * stock works, the library must give the same numbers; where stock throws,
 * the library must throw too, or agree with stock's gradient of `alt`.
 */
export function compareWithStock(
  c: GradientCase,
  stock: readonly tf.GradConfig[],
  library: readonly tf.GradConfig[],
  tol: number,
): string | undefined {
  try {
    return compare(c, stock, library, tol);
  } finally {
    useGradients(library);
  }
}

function compare(c: GradientCase, stock: readonly tf.GradConfig[], library: readonly tf.GradConfig[], tol: number): string | undefined {
  const ref = gradientsOf(c, c.f, stock);
  const got = gradientsOf(c, c.f, library);
  if (ref.error === undefined) {
    if (got.error !== undefined) return `stock works, the library throws: ${got.error}`;
    return disagreement(got, ref, tol);
  }
  if (got.error !== undefined) return undefined;
  if (c.alt === undefined) return `stock throws (${ref.error}) but the library answers, and the case has no stock route to check it against`;
  const alt = gradientsOf(c, c.alt, stock);
  if (alt.error !== undefined) return `stock's route for this case throws: ${alt.error}`;
  const why = disagreement(got, alt, tol);
  return why === undefined ? undefined : `stock throws; against stock's gradient of the broadcast/constant-branch form: ${why}`;
}

/** Whether the case's function runs forward at all (stock tfjs refuses some inputs, e.g. sigmoid of int32). */
export function forwardRuns(c: GradientCase): boolean {
  const xs = c.inputs();
  try {
    tf.tidy(() => c.f(...xs));
    return true;
  } catch {
    return false;
  } finally {
    tf.dispose(xs);
  }
}

/**
 * Runs a case with the library's configs wrapped to count calls, so a spec can
 * check that the case really goes through its kernel's gradient.
 */
export function kernelsHit(c: GradientCase, library: readonly tf.GradConfig[]): Set<string> {
  const hit = new Set<string>();
  const counting = library.map((config) => ({
    ...config,
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: tf.NamedAttrMap) => {
      hit.add(config.kernelName);
      return config.gradFunc(dy, saved, attrs);
    },
  }));
  gradientsOf(c, c.f, counting);
  useGradients(library);
  return hit;
}
