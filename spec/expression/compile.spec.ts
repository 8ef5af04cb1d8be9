import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { EXPRESSION_FUNCTIONS, ExpressionError, Trainer, compileProblem, parseExpression, type ProblemDefinition } from '../../lib/index.js';

// The expression compiler against hand-written tf residuals on random tensors, its error positions,
// its suggestions, and leaks. Runs in Node on the cpu backend.

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Random [N,1] columns, seeded. */
function columns(names: string[], n = 257, seed = 7): Record<string, tf.Tensor2D> {
  return Object.fromEntries(names.map((name, i) => [name, tf.randomUniform([n, 1], -2, 2, 'float32', seed + i) as tf.Tensor2D]));
}

/** Largest |a - b| / (1 + |b|) over the entries. */
function worst(a: tf.Tensor, b: tf.Tensor): number {
  const av = a.dataSync();
  const bv = b.dataSync();
  expect(av.length).toBe(bv.length);
  let w = 0;
  for (let i = 0; i < av.length; i++) w = Math.max(w, Math.abs(av[i] - bv[i]) / (1 + Math.abs(bv[i])));
  return w;
}

const base = (residual: string | string[], extra: Partial<ProblemDefinition> = {}): ProblemDefinition => ({ inputs: ['x', 't'], domain: { x: [-1, 1], t: [0, 1] }, residual, ...extra });

/** The message, field, start and end of the ExpressionError `f` throws. */
function errorOf(f: () => unknown): { message: string; field: string; start: number; end: number } {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    const e = error as ExpressionError;
    return { message: e.message, field: e.field, start: e.start, end: e.end };
  }
  throw new Error('did not throw');
}

describe('compileProblem: residuals against hand-written tf code', () => {
  const cases: [string, string, (d: Record<string, tf.Tensor2D>, p: Record<string, tf.Tensor2D>) => tf.Tensor][] = [
    ['u_xx + sin(PI*x)', 'a source', (d, p) => tf.add(d.u_xx, tf.sin(tf.mul(p.x, Math.PI)))],
    ['u_t + u*u_x - 0.01/PI*u_xx', 'Burgers', (d) => tf.sub(tf.add(d.u_t, tf.mul(d.u, d.u_x)), tf.mul(d.u_xx, 0.01 / Math.PI))],
    ['-x^2*u', 'unary minus below the power', (d, p) => tf.mul(tf.neg(tf.square(p.x)), d.u)],
    ['u - 2^-x*3', 'signed exponent', (d, p) => tf.sub(d.u, tf.mul(tf.pow(2, tf.neg(p.x)), 3))],
    ['u^3 - u**4 + abs(u)^0.5', 'integer and one-half powers', (d) => tf.add(tf.sub(tf.pow(d.u, 3), tf.pow(d.u, 4)), tf.sqrt(tf.abs(d.u)))],
    ['2^3^2*u/512', 'right-associative powers', (d) => d.u],
    ['exp(-t)*cosh(x) - sech(x)*tanh(u_t) + atan2(x, t) + max(u, min(x, t)) + sigmoid(u_x) + log(1 + x^2) + pow(abs(x), 1.5)', 'every kind of function', (d, p) =>
      tf.addN([
        tf.mul(tf.exp(tf.neg(p.t)), tf.cosh(p.x)),
        tf.neg(tf.mul(tf.div(1, tf.cosh(p.x)), tf.tanh(d.u_t))),
        tf.atan2(p.x, p.t),
        tf.maximum(d.u, tf.minimum(p.x, p.t)),
        tf.sigmoid(d.u_x),
        tf.log(tf.add(1, tf.square(p.x))),
        tf.pow(tf.abs(p.x), 1.5),
      ])],
  ];
  for (const [text, what, hand] of cases) {
    it(`${text} (${what}) equals the hand-written residual to float32 rounding`, () => {
      const problem = compileProblem(base(text));
      const p = columns(['x', 't']);
      const d = columns(['u', 'u_t', 'u_x', 'u_xx'], 257, 11);
      const got = problem.residual(d, p) as tf.Tensor;
      const want = hand(d, p);
      expect(got.shape).toEqual([257, 1]);
      expect(worst(got, want)).toBeLessThanOrEqual(2e-6);
      tf.dispose([got, want, ...Object.values(p), ...Object.values(d)]);
    });
  }

  it("every built-in function's tensor form agrees with its float64 form", () => {
    const xs = Array.from({ length: 64 }, (_, i) => -0.95 + (1.9 * i) / 63);
    for (const [name, f] of Object.entries(EXPRESSION_FUNCTIONS)) {
      if (f.tensor === undefined) continue;
      const args = Array.from({ length: f.arity }, (_, k) => xs.map((x) => (name === 'acosh' ? 1 + Math.abs(x) : x * (k + 1) + 0.1 * k)));
      const [got, want] = tf.tidy(() => {
        const out = f.tensor!(...args.map((a) => tf.tensor2d(a, [a.length, 1])));
        return [Array.from(out.dataSync()), xs.map((_, i) => f.number(...args.map((a) => a[i])))];
      });
      got.forEach((g, i) => {
        // Outside a function's domain (log, sqrt of negatives) both forms give NaN.
        if (Number.isNaN(want[i])) expect(g, `${name} at ${args.map((a) => a[i])}`).toBeNaN();
        else expect(Math.abs(g - want[i]), `${name} at ${args.map((a) => a[i])}`).toBeLessThanOrEqual(2e-6 * (1 + Math.abs(want[i])));
      });
    }
  });

  it('finds the terms the residual reads, defines constants and functions in order, and folds them', () => {
    const problem = compileProblem(base('u_t + u*u_x - nu*f(u_xx, x)', { definitions: ['nu = 0.01/PI', 'k = 2*nu', 'f(a, b) = a*k/2 + 0*b'] }));
    expect(problem.terms).toEqual(['u_t', 'u', 'u_x', 'u_xx']);
    expect(problem.constants?.nu).toBeCloseTo(0.01 / Math.PI, 15);
    expect(problem.constants?.k).toBeCloseTo(0.02 / Math.PI, 15);
    const p = columns(['x', 't']);
    const d = columns(['u', 'u_t', 'u_x', 'u_xx'], 257, 3);
    const got = problem.residual(d, p) as tf.Tensor;
    const nu = 0.01 / Math.PI;
    const want = tf.sub(tf.add(d.u_t, tf.mul(d.u, d.u_x)), tf.mul(d.u_xx, nu * nu));
    expect(worst(got, want)).toBeLessThanOrEqual(2e-6);
    tf.dispose([got, want, ...Object.values(p), ...Object.values(d)]);
  });

  it('gives a system one residual per expression, and its exact solution in float64', () => {
    const problem = compileProblem({ inputs: ['x', 'y'], outputs: ['u', 'v'], domain: { x: [0, 1], y: [0, 'PI'] }, residual: ['u_x + v_y', 'u*v - 1'], exact: { u: 'exp(x)*cos(y)', v: 'sin(y)^2' } });
    expect(problem.domain).toEqual({ x: [0, 1], y: [0, Math.PI] });
    const [u, v] = problem.exact!({ x: Float64Array.of(0.3, -1.7), y: Float64Array.of(2.1, 0.4) });
    expect(Array.from(u)).toEqual([Math.exp(0.3) * Math.cos(2.1), Math.exp(-1.7) * Math.cos(0.4)]);
    expect(Array.from(v)).toEqual([Math.sin(2.1) ** 2, Math.sin(0.4) ** 2]);
    const p = columns(['x', 'y']);
    const d = columns(['u', 'v', 'u_x', 'v_y']);
    const [r0, r1] = problem.residual(d, p) as tf.Tensor[];
    const [w0, w1] = [tf.add(d.u_x, d.v_y), tf.sub(tf.mul(d.u, d.v), 1)];
    expect(worst(r0, w0)).toBeLessThanOrEqual(1e-6);
    expect(worst(r1, w1)).toBeLessThanOrEqual(1e-6);
    tf.dispose([r0, r1, w0, w1, ...Object.values(p), ...Object.values(d)]);
  });

  it('is leak-free: compiling makes no tensor, a residual call leaves only its result', () => {
    const before = tf.memory().numTensors;
    const problem = compileProblem(base('u_t + u*u_x - 0.01/PI*u_xx + exp(-t)*sin(PI*x)^2', { conditions: [{ kind: 'initial', value: '-sin(PI*x)' }], transform: { u: { value: 'x^2', scale: 't*(1 - x^2)' } } }));
    expect(tf.memory().numTensors).toBe(before);
    const p = columns(['x', 't']);
    const d = columns(['u', 'u_t', 'u_x', 'u_xx']);
    const start = tf.memory().numTensors;
    const r = problem.residual(d, p) as tf.Tensor;
    const v = (problem.conditions[0] as { value: (p: unknown, n: unknown) => tf.Tensor }).value(p, {});
    const transform = problem.transform as { value: (p: unknown) => tf.Tensor; scale: (p: unknown) => tf.Tensor };
    const [tv, ts] = [transform.value(p), transform.scale(p)];
    expect(tf.memory().numTensors).toBe(start + 4);
    tf.dispose([r, v, tv, ts, ...Object.values(p), ...Object.values(d)]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains the 1-D Poisson problem -u_xx = pi^2 sin(pi x) to the exact sin(pi x), without leaking', async () => {
    const before = tf.memory().numTensors;
    const problem = compileProblem({ inputs: ['x'], domain: { x: [0, 1] }, residual: '-u_xx - PI^2*sin(PI*x)', conditions: [{ kind: 'dirichlet', on: 'x-min, x-max', value: 0 }], exact: 'sin(PI*x)' });
    const trainer = new Trainer(problem, { network: { hidden: [16, 16] }, sampling: { domain: 128, boundary: 2 }, adam: { steps: 300, lr: 1e-2 }, lbfgs: { steps: 100 } });
    await trainer.run();
    // Measured 2.4e-4 (cpu); a wrong sign or factor in the compiled residual gives O(1).
    expect(trainer.evaluate().relL2).toBeLessThanOrEqual(2e-3);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('compileProblem: conditions, transforms and geometries', () => {
  it('passes constant values as numbers and functions of points and normals otherwise', () => {
    const problem = compileProblem({
      inputs: ['x', 'y'],
      geometry: "difference(box([-1, 1], [-1, 1]), disk([0, 0], 0.3), 'outer', 'hole')",
      residual: 'u_xx + u_yy',
      conditions: [
        { kind: 'dirichlet', on: 'outer', value: 'PI - PI' },
        { kind: 'robin', on: 'hole', a: 1, b: 0.1, value: 'x*n_x + y^2*n_y' },
        { kind: 'operator', on: 'hole', residual: 'u_x*n_y - u_y*n_x' },
      ],
    });
    expect(problem.geometry?.inputs).toEqual(['x', 'y']);
    expect(problem.geometry?.pieces().map((piece) => piece.name)).toEqual(expect.arrayContaining(['outer:x-min', 'hole:circle']));
    const [dirichlet, robin, operator] = problem.conditions as { value?: unknown; a?: unknown; b?: unknown; terms?: string[]; residual?: (d: unknown, p: unknown, n: unknown) => tf.Tensor }[];
    expect(dirichlet.value).toBe(0);
    expect([robin.a, robin.b]).toEqual([1, 0.1]);
    const p = columns(['x', 'y']);
    const n = columns(['x', 'y'], 257, 40);
    const got = (robin.value as (p: unknown, n: unknown) => tf.Tensor)(p, n);
    const want = tf.add(tf.mul(p.x, n.x), tf.mul(tf.square(p.y), n.y));
    expect(worst(got, want)).toBeLessThanOrEqual(1e-6);
    expect(operator.terms).toEqual(['u_x', 'u_y']);
    const d = columns(['u_x', 'u_y'], 257, 50);
    const op = operator.residual!(d, p, n);
    const opWant = tf.sub(tf.mul(d.u_x, n.y), tf.mul(d.u_y, n.x));
    expect(worst(op, opWant)).toBeLessThanOrEqual(1e-6);
    tf.dispose([got, want, op, opWant, ...Object.values(p), ...Object.values(n), ...Object.values(d)]);
  });

  it('reads dist as the geometry distance function', () => {
    const problem = compileProblem({ inputs: ['x', 'y'], geometry: 'disk([0, 0], 2)', residual: 'u_xx + u_yy', transform: { u: { value: 0, scale: 'dist' } } });
    const p = columns(['x', 'y']);
    const scale = (problem.transform as { scale: (p: unknown) => tf.Tensor }).scale(p);
    const want = problem.geometry!.distance(p);
    expect(worst(scale, want)).toBe(0);
    tf.dispose([scale, want, ...Object.values(p)]);
  });
});

describe('compileProblem: errors point at their place', () => {
  const cases: [string, string, number, number, RegExp][] = [
    ['u_xx + sinn(PI*x)', 'residual', 7, 11, /unknown function 'sinn'\. Did you mean 'sin'\?/],
    ['u_xx + sin(PI*x', 'residual', 10, 11, /'\(' is not closed \(a '\)' is missing\)/],
    ['u_xx + 2x', 'residual', 8, 9, /write the product with '\*' \(2\*x\)/],
    ['u_xx +', 'residual', 6, 7, /unexpected end of the text: expected a number, a name or '\('/],
    ['u_xx + x)', 'residual', 8, 9, /'\)' closes nothing/],
    ['u_xx # 1', 'residual', 5, 6, /unexpected character '#'/],
    ['u_xx + sin(x, t)', 'residual', 7, 16, /sin takes 1 argument, but got 2/],
    ['u_xx + u_q', 'residual', 7, 10, /unknown name 'u_q' \(known here: .*\)\. Did you mean 'u_x'\?/],
    ['u_xx + PII', 'residual', 7, 10, /unknown name 'PII'.*Did you mean 'PI'\?/],
    ['u_xx + sin', 'residual', 7, 10, /'sin' is a function: call it/],
    ['u_xx + n_x', 'residual', 7, 10, /'n_x' is a component of the outward normal, which the residual cannot use/],
    ['u_xx = 1', 'residual', 5, 6, /an expression has no =/],
  ];
  for (const [text, field, start, end, message] of cases) {
    it(`'${text}' at [${start}, ${end})`, () => {
      const e = errorOf(() => compileProblem(base(text)));
      expect(e.field).toBe(field);
      expect([e.start, e.end]).toEqual([start, end]);
      expect(e.message).toMatch(message);
      // The message shows the text with a caret under the place.
      expect(e.message.split('\n').slice(1)).toEqual([`  ${text}`, `  ${' '.repeat(start)}${'^'.repeat(end - start)}`]);
    });
  }

  it('names the field: conditions, exact solutions, transforms, definitions, geometries', () => {
    const condition = errorOf(() => compileProblem(base('u_t - u_xx', { conditions: [{ kind: 'initial', value: 0 }, { kind: 'dirichlet', on: 'x-min', value: 'u_x' }] })));
    expect(condition).toMatchObject({ field: 'conditions[1].value', start: 0, end: 3 });
    expect(condition.message).toMatch(/'u_x' is a term, which a condition value cannot use \(it may appear in the residual and operator conditions\)/);
    const exact = errorOf(() => compileProblem(base('u_t - u_xx', { exact: 'exp(-t)*sin(PI*x) + dist' })));
    expect(exact).toMatchObject({ field: 'exact.u', start: 20, end: 24 });
    const burgers = errorOf(() => compileProblem(base('u_t - u_xx + burgers(x, t, 1)')));
    expect(burgers.message).toMatch(/burgers\(\) is a float64 reference solution: it may be called in exact solutions only/);
    const transform = errorOf(() => compileProblem(base('u_t - u_xx', { transform: { u: { value: 'sin(x)', scale: 't*u' } } })));
    expect(transform).toMatchObject({ field: 'transform.u.scale', start: 2, end: 3 });
    const definition = errorOf(() => compileProblem(base('u_t - u_xx', { definitions: ['nu = 0.01/PI', 'k = nu*x'] })));
    expect(definition).toMatchObject({ field: 'definitions[1]', start: 7, end: 8 });
    expect(definition.message).toMatch(/a constant is a number: it cannot use 'x' \(an input\)/);
    const clash = errorOf(() => compileProblem(base('u_t - u_xx', { definitions: ['sin = 2'] })));
    expect(clash.message).toMatch(/'sin' cannot be defined: it is a built-in name/);
    const geometry = errorOf(() => compileProblem({ inputs: ['x', 'y'], geometry: 'difference(box([0, 1], [0, 1]), dsk([0.5, 0.5], 0.2))', residual: 'u_xx' }));
    expect(geometry).toMatchObject({ field: 'geometry', start: 32, end: 35 });
    expect(geometry.message).toMatch(/unknown geometry 'dsk'\. Did you mean 'disk'\?/);
  });

  it('parses numbers, powers and signs as written', () => {
    const at = (text: string) => {
      const node = parseExpression(text);
      return node.type === 'binary' ? [node.op, node.start, node.end] : [node.type, node.start, node.end];
    };
    expect(at('1.5e-3 * .5')).toEqual(['*', 0, 11]);
    expect(at(' -x^2 ')).toEqual(['unary', 1, 5]);
    expect(at('(a + b)')).toEqual(['+', 0, 7]);
  });
});

describe('checkProblemDefinition through compileProblem', () => {
  it('rejects unknown keys with the nearest valid one, bad kinds, names and bounds, naming the option', () => {
    expect(() => compileProblem({ ...base('u_xx'), conditons: [] } as ProblemDefinition)).toThrow(/Unknown key 'conditons' in the definition passed to 'compileProblem'; .*Did you mean 'conditions'\?/);
    expect(() => compileProblem(base('u_xx', { conditions: [{ kind: 'dirichlet', on: 'x-min', vale: 0 } as never] }))).toThrow(/Unknown key 'vale' in definition\.conditions\[0\] .*Did you mean 'value'\?/);
    expect(() => compileProblem(base('u_xx', { conditions: [{ kind: 'dirichlett', on: 'x-min', value: 0 } as never] }))).toThrow(/Option 'definition\.conditions\[0\]\.kind' passed to 'compileProblem' must be one of .*, but got "dirichlett"\. Did you mean 'dirichlet'\?/);
    expect(() => compileProblem({ ...base('u_xx'), inputs: ['xx'] })).toThrow(/Option 'definition\.inputs' .* must be a non-empty list of distinct single letters/);
    expect(() => compileProblem({ inputs: ['x'], residual: 'u_xx' })).toThrow(/Option 'definition\.domain' .* must be given, or else a geometry/);
    expect(() => compileProblem(base('u_xx', { domain: { x: [0, 'PI/0*0'], t: [0, 1] } }))).toThrow(/In 'domain\.x\[1\]' at character 1: the bound is NaN, not a finite number/);
    expect(() => compileProblem(base('x + 1'))).toThrow(/the residual reads no term of the solution/);
    expect(() => compileProblem(base('u_t', { outputs: ['n'] }))).toThrow(/Option 'definition\.outputs' .* must be names other than the inputs and 'n'/);
  });
});
