import * as tf from '@tensorflow/tfjs';

import { box } from '../geometry/box.js';
import type { Geometry } from '../geometry/types.js';
import type { Columns, Condition, Interval, Points, Problem, Value as ConditionValue } from '../pinn/types.js';
import { Context, Evaluator, Scope, UserFunction, compileNode, namesIn, withConstants } from './compile.js';
import { CheckedDefinition, ProblemDefinition, checkProblemDefinition } from './definition.js';
import { ExpressionError } from './error.js';
import { compileGeometry } from './geometry.js';
import { parseExpression } from './parse.js';
import { EXPRESSION_CONSTANTS, EXPRESSION_FUNCTIONS } from './vocabulary.js';

/** The problem's own constants and functions, from its `definitions`. */
interface Definitions {
  constants: Record<string, number>;
  functions: Record<string, UserFunction>;
}

const IDENT = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(([^)]*)\))?\s*=/;

/** Compiles `definitions` in order: 'nu = 0.01/PI' (a number) and 'f(a, b) = ...' (a function of its arguments). */
function compileDefinitions(d: CheckedDefinition, reserved: (name: string) => string | undefined): Definitions {
  const constants: Record<string, number> = {};
  const functions: Record<string, UserFunction> = {};
  d.definitions.forEach((line, i) => {
    const field = `definitions[${i}]`;
    const head = IDENT.exec(line);
    if (head === null) throw new ExpressionError(field, line, 0, Math.max(1, line.indexOf('=') < 0 ? line.length : line.indexOf('=')), "expected 'name = expression' or 'name(a, b) = expression'");
    const [, name] = head;
    const at = line.indexOf(name);
    const clash = name in EXPRESSION_FUNCTIONS || name in EXPRESSION_CONSTANTS ? 'a built-in name' : name in constants || name in functions ? 'defined before' : reserved(name);
    if (clash !== undefined) throw new ExpressionError(field, line, at, at + name.length, `'${name}' cannot be defined: it is ${clash}`);
    // The body is parsed in place (blanked head), so error positions count in the whole line.
    const body = ' '.repeat(head[0].length) + line.slice(head[0].length);
    const node = parseExpression(body, field);
    if (head[2] === undefined) {
      const context: Context = { isVariable: () => false, suggest: [], constants: withConstants(constants), functions, elsewhere: (n) => reservedHere(n, reserved, 'a constant is a number: it cannot use') };
      const value = compileNode(node, context, field, line)({});
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new ExpressionError(field, line, node.start, node.end, `'${name}' is ${value}, not a finite number`);
      constants[name] = value;
      return;
    }
    const params = head[2].split(',').map((p) => p.trim());
    if (params.some((p) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p)) || new Set(params).size !== params.length) {
      const open = line.indexOf('(');
      throw new ExpressionError(field, line, open, line.indexOf(')') + 1, 'expected distinct argument names, f(a, b)');
    }
    const context: Context = {
      isVariable: (n) => params.includes(n),
      suggest: params,
      constants: withConstants(Object.fromEntries(Object.entries(constants).filter(([k]) => !params.includes(k)))),
      functions,
      elsewhere: (n) => reservedHere(n, reserved, 'a function sees only its arguments, constants and functions: pass'),
    };
    functions[name] = { params, body: compileNode(node, context, field, line) };
  });
  return { constants, functions };
}

/** Why `name` (an input, term, normal...) cannot be used where only constants and arguments can. */
function reservedHere(name: string, reserved: (name: string) => string | undefined, lead: string): string | undefined {
  const what = reserved(name);
  return what === undefined ? undefined : `${lead} '${name}' (${what})`;
}

/** An [N,1] float32 tensor from a value: numbers are broadcast to the points' count. */
function column(v: tf.Tensor | number, like: tf.Tensor2D): tf.Tensor2D {
  if (typeof v === 'number') return tf.fill([like.shape[0], 1], v) as tf.Tensor2D;
  if (v.rank === 2 && v.shape[1] === 1 && v.shape[0] === like.shape[0]) return v as tf.Tensor2D;
  return tf.add(tf.zerosLike(like), v) as tf.Tensor2D;
}

/** The compiler's view of one definition: names and what each kind of text may read. */
class Compiler {
  readonly definitions: Definitions;
  readonly geometry?: Geometry;
  readonly domain?: Record<string, Interval>;
  private readonly termPattern: RegExp;
  private readonly normals: string[];

  constructor(readonly d: CheckedDefinition) {
    const outputs = d.outputs.map((o) => o.replace(/[^A-Za-z0-9]/g, '')).join('|');
    this.termPattern = new RegExp(`^(?:${outputs})(?:_[${d.inputs.join('')}]+)?$`);
    this.normals = d.inputs.map((i) => `n_${i}`);
    this.definitions = compileDefinitions(d, (n) => this.kindOf(n));
    const constants = withConstants(this.definitions.constants);
    const constantContext: Context = { isVariable: () => false, suggest: [], constants, functions: this.definitions.functions, elsewhere: (n) => this.kindOf(n) && `'${n}' is ${this.kindOf(n)}: a range holds constants only` };
    if (d.domain !== undefined) {
      this.domain = {};
      for (const [input, [lo, hi]] of Object.entries(d.domain)) {
        const bound = (t: string, k: number) => {
          const field = `domain.${input}[${k}]`;
          const v = compileNode(parseExpression(t, field), constantContext, field, t)({});
          if (typeof v !== 'number' || !Number.isFinite(v)) throw new ExpressionError(field, t, 0, t.length, `the bound is ${v}, not a finite number`);
          return v;
        };
        this.domain[input] = [bound(lo, 0), bound(hi, 1)];
      }
    } else {
      this.geometry = compileGeometry(d.geometry!, d.inputs, d.time, constantContext);
    }
  }

  /** What a reserved name is ('an input', 'a term', ...), or undefined for a free one. */
  kindOf(name: string): string | undefined {
    if (this.d.inputs.includes(name)) return 'an input';
    if (this.termPattern.test(name)) return this.d.outputs.includes(name) ? 'an output (a term)' : 'a term';
    if (this.normals.includes(name)) return 'a component of the outward normal';
    if (name === 'dist') return "the geometry's distance function";
    return undefined;
  }

  /** The context of one kind of text: which variables it reads. */
  context(kind: 'residual' | 'boundary' | 'operator' | 'transform' | 'exact'): Context {
    const terms = kind === 'residual' || kind === 'operator';
    const normals = kind === 'boundary' || kind === 'operator';
    const dist = kind !== 'exact';
    const { inputs, outputs } = this.d;
    const isVariable = (n: string) => inputs.includes(n) || (terms && this.termPattern.test(n)) || (normals && this.normals.includes(n)) || (dist && n === 'dist');
    const firstDerivatives = outputs.flatMap((o) => [o, ...inputs.map((i) => `${o}_${i}`), ...inputs.map((i) => `${o}_${i}${i}`)]);
    const suggest = [...inputs, ...(terms ? firstDerivatives : []), ...(normals ? this.normals : []), ...(dist ? ['dist'] : [])];
    const where: Record<typeof kind, string> = {
      residual: 'the residual',
      boundary: 'a condition value',
      operator: "an operator condition's residual",
      transform: 'a transform',
      exact: 'an exact solution',
    };
    const elsewhere = (n: string) => {
      const what = this.kindOf(n);
      if (what === undefined) return undefined;
      const allowed = what.includes('term') ? 'the residual and operator conditions' : what.includes('normal') ? 'boundary conditions' : 'everything but exact solutions (it is a tensor of the geometry)';
      return `'${n}' is ${what}, which ${where[kind]} cannot use (it may appear in ${allowed})`;
    };
    return { isVariable, suggest, constants: withConstants(this.definitions.constants), functions: this.definitions.functions, exact: kind === 'exact', elsewhere };
  }

  /** Compiles `text` of `field` in the context of `kind`, with the variables it reads. */
  compile(text: string, field: string, kind: Parameters<Compiler['context']>[0]): { evaluate: Evaluator; reads: string[] } {
    const context = this.context(kind);
    const evaluate = compileNode(parseExpression(text, field), context, field, text);
    return { evaluate, reads: namesIn(text, field).filter((n) => context.isVariable(n)) };
  }

  /** The geometry (a box for a domain) whose `distance` `dist` reads. */
  shape(): Geometry {
    return this.geometry ?? box(this.domain!);
  }

  /** The scope of a tensor evaluation: columns, terms, normals, and `dist` when read. */
  scope(reads: string[], p: Columns, extra: Record<string, tf.Tensor2D> = {}): Scope {
    const scope: Scope = { ...p, ...extra };
    if (reads.includes('dist')) scope.dist = this.shape().distance(p);
    return scope;
  }

  /** A condition value: the number itself when constant, else a function of the points and normals. */
  value(text: string, field: string): ConditionValue {
    const { evaluate, reads } = this.compile(text, field, 'boundary');
    if (reads.length === 0) {
      const v = evaluate({});
      if (typeof v === 'number' && Number.isFinite(v)) return v;
    }
    return (p: Columns, n: Columns) =>
      tf.tidy(() => {
        const normals = Object.fromEntries(this.d.inputs.filter((i) => n?.[i] !== undefined).map((i) => [`n_${i}`, n[i]]));
        return column(evaluate(this.scope(reads, p, normals)), p[this.d.inputs[0]]);
      });
  }
}

/** The terms a set of reads needs (outputs and derivatives), in a stable order. */
function termsOf(reads: string[], c: Compiler): string[] {
  return reads.filter((n) => c.kindOf(n)?.includes('term'));
}

function compileCondition(c: Compiler, cond: CheckedDefinition['conditions'][number], i: number): Condition {
  const path = `conditions[${i}]`;
  const base = { output: cond.output, ...(cond.weight === undefined ? {} : { weight: cond.weight }), ...(cond.imposed === undefined ? {} : { imposed: cond.imposed }) };
  switch (cond.kind) {
    case 'dirichlet':
    case 'neumann':
      return { kind: cond.kind, on: cond.on, value: c.value(String(cond.value), `${path}.value`), ...base };
    case 'robin':
      return { kind: 'robin', on: cond.on, a: c.value(String(cond.a), `${path}.a`), b: c.value(String(cond.b), `${path}.b`), value: c.value(String(cond.value), `${path}.value`), ...base };
    case 'initial':
    case 'initialVelocity':
      return { kind: cond.kind, value: c.value(String(cond.value), `${path}.value`), ...base };
    case 'periodic':
      return { kind: 'periodic', input: cond.input, derivatives: cond.derivatives, ...base };
    case 'operator': {
      const { evaluate, reads } = c.compile(String(cond.residual), `${path}.residual`, 'operator');
      const terms = termsOf(reads, c);
      if (terms.length === 0) throw new ExpressionError(`${path}.residual`, String(cond.residual), 0, String(cond.residual).length, 'an operator condition reads at least one term (u, u_x, ...)');
      const { output: _unused, ...rest } = base;
      return {
        kind: 'operator',
        on: cond.on,
        terms,
        residual: (d, p, n) =>
          tf.tidy(() => {
            const normals = Object.fromEntries(c.d.inputs.filter((k) => n?.[k] !== undefined).map((k) => [`n_${k}`, n[k]]));
            return column(evaluate(c.scope(reads, p, { ...d, ...normals })), p[c.d.inputs[0]]);
          }),
        ...rest,
      };
    }
  }
}

/** A 32-bit FNV-1a hash of the definition's JSON: with the name, the identity of a custom problem in saved states. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Makes a `Problem` of a {@link ProblemDefinition}: every expression parsed and compiled into tf
 * operations (no `eval`), the residual's terms found in its text (`u_t`, `u_xx`, ...), constants
 * folded. Residuals, condition values, transforms and `dist` are tensor functions (leak-free: each
 * call runs in `tf.tidy`); the exact solution is evaluated in float64 at plain points. Errors in a
 * text are {@link ExpressionError}s pointing at their place; bad structure names the option.
 *
 * @example
 * const problem = compileProblem({
 *   inputs: ['x'], domain: { x: [0, 1] },
 *   residual: '-u_xx - PI^2*sin(PI*x)',
 *   conditions: [{ kind: 'dirichlet', on: 'x-min, x-max', value: 0 }],
 *   exact: 'sin(PI*x)',
 * });
 * await new Trainer(problem, { adam: { steps: 500 } }).run();
 */
export function compileProblem(definition: ProblemDefinition): Problem {
  const d = checkProblemDefinition(definition);
  const c = new Compiler(d);
  const residuals = d.residual.map((text, i) => c.compile(text, d.residual.length > 1 ? `residual[${i}]` : 'residual', 'residual'));
  const terms = [...new Set(residuals.flatMap((r) => termsOf(r.reads, c)))];
  if (terms.length === 0) throw new ExpressionError('residual', d.residual[0], 0, d.residual[0].length, "the residual reads no term of the solution (u, u_x, u_xx, ...): there is nothing to train");
  const reads = [...new Set(residuals.flatMap((r) => r.reads))];
  const first = d.inputs[0];
  const problem: Problem = {
    name: d.name,
    title: d.title,
    inputs: d.inputs,
    outputs: d.outputs,
    ...(c.domain ? { domain: c.domain } : { geometry: c.geometry }),
    ...(d.time === undefined ? {} : { time: d.time }),
    terms,
    residual: (dd, p) =>
      tf.tidy(() => {
        const scope = c.scope(reads, p, dd);
        const out = residuals.map((r) => column(r.evaluate(scope), p[first]));
        return out.length === 1 ? out[0] : out;
      }),
    ...(d.residualNames ? { residualNames: d.residualNames } : {}),
    conditions: d.conditions.map((cond, i) => compileCondition(c, cond, i)),
    grid: d.grid,
    ...(d.upToConstant.length > 0 ? { upToConstant: d.upToConstant } : {}),
    constants: { ...c.definitions.constants, definition: hash(JSON.stringify(d)) },
  };
  if (Object.keys(d.transform).length > 0) {
    const parts = d.outputs.map((o) => ({
      value: c.compile(d.transform[o]?.value ?? '0', `transform.${o}.value`, 'transform'),
      scale: c.compile(d.transform[o]?.scale ?? '1', `transform.${o}.scale`, 'transform'),
    }));
    const side = (which: 'value' | 'scale') => (p: Columns) =>
      tf.tidy(() => {
        const cols = parts.map((part) => column(part[which].evaluate(c.scope(part[which].reads, p)), p[first]));
        return cols.length === 1 ? cols[0] : tf.concat(cols, 1);
      });
    problem.transform = { value: side('value'), scale: side('scale') };
  }
  if (d.exact !== undefined) {
    const exact = d.outputs.map((o) => c.compile(d.exact![o], `exact.${o}`, 'exact').evaluate);
    problem.exact = (p: Points) => {
      const n = p[first].length;
      const scope: Record<string, number> = {};
      return exact.map((f) =>
        Float64Array.from({ length: n }, (_, k) => {
          for (const i of d.inputs) scope[i] = p[i][k];
          return f(scope) as number;
        }),
      );
    };
  }
  return problem;
}
