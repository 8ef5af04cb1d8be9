import { checkKeys, nearestName } from '../internals/keys.js';

/** An expression's text; a number is taken as its text (`0` is `'0'`). */
export type ExpressionText = string | number;

/**
 * A condition written with expressions. Values are expressions of the inputs, the outward unit normal
 * (`n_x`, `n_y`, ...) and `dist`; an operator condition's residual may also read terms (`u_x`).
 * `on` names boundary parts ('x-min', 'circle', 'edge2', 'hole', 'boundary'), as a list or one string
 * with commas ('x-min, x-max').
 *
 * @example
 * const wall: ConditionDefinition = { kind: 'dirichlet', on: 'x-min, x-max', value: 0 };
 * const flux: ConditionDefinition = { kind: 'neumann', on: 'circle', value: 'n_x', weight: 10 };
 */
export type ConditionDefinition = {
  /** Which output it constrains. @default the first output */
  output?: string;
  /** Weight of its mean squared misfit in the loss. @default 1 */
  weight?: number;
  /** True when the transform satisfies it exactly (the Trainer checks the claim). @default false */
  imposed?: boolean;
} & (
  | {
      /** 'dirichlet': u = value on the parts; 'neumann': du/dn = value there. */
      kind: 'dirichlet' | 'neumann';
      /** The boundary parts it holds on. */
      on: string | string[];
      /** The value of u (dirichlet) or of du/dn (neumann). */
      value: ExpressionText;
    }
  | {
      /** a u + b du/dn = value on the parts. */
      kind: 'robin';
      /** The boundary parts it holds on. */
      on: string | string[];
      /** The coefficient of u. */
      a: ExpressionText;
      /** The coefficient of du/dn. */
      b: ExpressionText;
      /** The right-hand side. */
      value: ExpressionText;
    }
  | {
      /** 'initial': u = value at the lower end of the time input; 'initialVelocity': u_t = value there. */
      kind: 'initial' | 'initialVelocity';
      /** The value of u (initial) or of u_t (initialVelocity). */
      value: ExpressionText;
    }
  | {
      /** u, and its first `derivatives` derivatives in `input`, equal at both ends of `input`'s range. */
      kind: 'periodic';
      /** The input in which u is periodic. */
      input: string;
      /** How many derivatives must match as well. @default 0 */
      derivatives?: number;
    }
  | {
      /** An expression of terms, inputs and normals that must vanish on the parts. */
      kind: 'operator';
      /** The boundary parts it holds on. */
      on: string | string[];
      /** The expression that must vanish: 'u_x + u'. */
      residual: ExpressionText;
    }
);

/**
 * A PDE problem as plain JSON with expressions (what the playground puts in its URL);
 * {@link compileProblem} makes a `Problem` of it. See docs/playground.md for what expressions may hold.
 */
export interface ProblemDefinition {
  /** Short name (checkpoints, file names). @default 'custom' */
  name?: string;
  /** One line. @default the residual's text */
  title?: string;
  /** Input names, one character each, in network order: ['x', 't']. */
  inputs: string[];
  /** Output names (letters and digits; not 'n', which names the normal). @default ['u'] */
  outputs?: string[];
  /** The time input (initial conditions live on its lower face). */
  time?: string;
  /** The box, one [lo, hi] per input (numbers or constant expressions: '-PI'). Give this or `geometry`. */
  domain?: Record<string, [ExpressionText, ExpressionText]>;
  /** A geometry expression over the inputs in order: 'disk([0, 0], 1)', 'difference(box([-1, 1], [-1, 1]), disk([0, 0], 0.3), "outer", "hole")'. */
  geometry?: string;
  /** Constants and functions, in order, each may use the ones before: 'nu = 0.01/PI', 'f(s) = sin(PI*s)^2'. */
  definitions?: string[];
  /** The residual, or one per equation of a system: 'u_t + u*u_x - nu*u_xx'. */
  residual: ExpressionText | ExpressionText[];
  /** Names of a system's residuals for the loss parts. @default 'residual0', 'residual1', ... */
  residualNames?: string[];
  /** Boundary and initial conditions. @default [] */
  conditions?: ConditionDefinition[];
  /** u = value + scale * N per output (outputs left out: value 0, scale 1); expressions of the inputs and `dist`. */
  transform?: Record<
    string,
    {
      /** What the output equals where `scale` is 0 (on the boundary, for a hard condition). @default 0 */
      value: ExpressionText;
      /** What multiplies the network's output N (0 where the condition is imposed: 'x*(1-x)', 'dist'). @default 1 */
      scale: ExpressionText;
    }
  >;
  /** The exact solution, per output (a string for the first output alone); expressions of the inputs, in float64. */
  exact?: ExpressionText | Record<string, ExpressionText>;
  /** Outputs compared with the exact solution up to an additive constant (a pressure). */
  upToConstant?: string[];
  /** Grid points per input for the error and the pictures. @default 201 (one input), 101 (two), 41 (three or more) */
  grid?: Record<string, number>;
}

/** A {@link ProblemDefinition} checked, with its defaults applied and every expression as text. */
export interface CheckedDefinition {
  /** {@link ProblemDefinition.name}, or 'custom'. */
  name: string;
  /** {@link ProblemDefinition.title}, or the residuals' text joined by '; '. */
  title: string;
  /** The input names, in network order. */
  inputs: string[];
  /** The output names, or ['u']. */
  outputs: string[];
  /** The time input, if any. */
  time?: string;
  /** The box, one [lo, hi] per input, as text (absent when a geometry is given). */
  domain?: Record<string, [string, string]>;
  /** The geometry expression (absent when a domain is given). */
  geometry?: string;
  /** The definitions, in order ([] if none). */
  definitions: string[];
  /** The residuals, one per equation (a list even for one). */
  residual: string[];
  /** The residuals' names for the loss parts, if given. */
  residualNames?: string[];
  /** The conditions, checked, each naming its output. */
  conditions: (ConditionDefinition & {
    /** The output it constrains (the first output when the definition names none). */
    output: string;
  })[];
  /** The transform per output given ({} if none); a missing value is '0', a missing scale '1'. */
  transform: Record<
    string,
    {
      /** What the output equals where `scale` is 0. */
      value: string;
      /** What multiplies the network's output N. */
      scale: string;
    }
  >;
  /** The exact solution, one expression per output, if given. */
  exact?: Record<string, string>;
  /** Outputs compared up to an additive constant ([] if none). */
  upToConstant: string[];
  /** Grid points per input: the given ones, the rest from the default. */
  grid: Record<string, number>;
}

const KEYS = ['name', 'title', 'inputs', 'outputs', 'time', 'domain', 'geometry', 'definitions', 'residual', 'residualNames', 'conditions', 'transform', 'exact', 'upToConstant', 'grid'];
const CONDITION_KEYS: Record<string, string[]> = {
  dirichlet: ['on', 'value'],
  neumann: ['on', 'value'],
  robin: ['on', 'a', 'b', 'value'],
  initial: ['value'],
  initialVelocity: ['value'],
  periodic: ['input', 'derivatives'],
  operator: ['on', 'residual'],
};
const WHERE = "passed to 'compileProblem'";

const show = (v: unknown) => (typeof v === 'number' ? String(v) : JSON.stringify(v));
const fail = (path: string, what: string, got: unknown): never => {
  throw new Error(`Option 'definition.${path}' ${WHERE} must be ${what}, but got ${show(got)}.`);
};

/** An expression's text: a non-empty string, or a finite number as its text. */
function text(v: unknown, path: string): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string' || v.trim() === '') fail(path, 'an expression (a non-empty string, or a number)', v);
  return v as string;
}

function names(v: unknown, path: string, pattern: RegExp, what: string): string[] {
  if (!Array.isArray(v) || v.length === 0 || v.some((n) => typeof n !== 'string' || !pattern.test(n)) || new Set(v).size !== v.length) {
    fail(path, `a non-empty list of distinct ${what}`, v);
  }
  return [...(v as string[])];
}

function oneOf(v: unknown, allowed: readonly string[], path: string): string {
  if (typeof v !== 'string' || !allowed.includes(v)) {
    const near = typeof v === 'string' ? nearestName(v, allowed) : undefined;
    throw new Error(`Option 'definition.${path}' ${WHERE} must be one of ${allowed.join(', ')}, but got ${show(v)}.${near ? ` Did you mean '${near}'?` : ''}`);
  }
  return v;
}

function record(v: unknown, path: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(path, 'an object', v);
  return v as Record<string, unknown>;
}

/** `on` as a list of part names ('x-min, x-max' or ['x-min', 'x-max']). */
function parts(v: unknown, path: string): string[] {
  const list = typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v;
  if (!Array.isArray(list) || list.length === 0 || list.some((s) => typeof s !== 'string' || s === '')) fail(path, "boundary part names ('x-min', 'circle', 'boundary', ...), a list or one string with commas", v);
  return list as string[];
}

function checkCondition(c: unknown, i: number, outputs: string[], inputs: string[]): ConditionDefinition & { output: string } {
  const path = `conditions[${i}]`;
  const o = record(c, path);
  const kind = oneOf(o.kind, Object.keys(CONDITION_KEYS), `${path}.kind`);
  checkKeys(o, ['kind', 'output', 'weight', 'imposed', ...CONDITION_KEYS[kind]], `definition.${path} ${WHERE}`);
  const output = o.output === undefined ? outputs[0] : oneOf(o.output, outputs, `${path}.output`);
  if (o.weight !== undefined && !(typeof o.weight === 'number' && Number.isFinite(o.weight) && o.weight >= 0)) fail(`${path}.weight`, 'a finite number >= 0', o.weight);
  if (o.imposed !== undefined && typeof o.imposed !== 'boolean') fail(`${path}.imposed`, 'true or false', o.imposed);
  const base = { output, ...(o.weight === undefined ? {} : { weight: o.weight as number }), ...(o.imposed === undefined ? {} : { imposed: o.imposed as boolean }) };
  switch (kind) {
    case 'dirichlet':
    case 'neumann':
      return { kind, ...base, on: parts(o.on, `${path}.on`), value: text(o.value, `${path}.value`) };
    case 'robin':
      return { kind, ...base, on: parts(o.on, `${path}.on`), a: text(o.a, `${path}.a`), b: text(o.b, `${path}.b`), value: text(o.value, `${path}.value`) };
    case 'initial':
    case 'initialVelocity':
      return { kind, ...base, value: text(o.value, `${path}.value`) };
    case 'periodic': {
      const derivatives = o.derivatives ?? 0;
      if (!Number.isInteger(derivatives) || (derivatives as number) < 0) fail(`${path}.derivatives`, 'an integer >= 0', derivatives);
      return { kind, ...base, input: oneOf(o.input, inputs, `${path}.input`), derivatives: derivatives as number };
    }
    default:
      return { kind: 'operator', ...base, on: parts(o.on, `${path}.on`), residual: text(o.residual, `${path}.residual`) };
  }
}

/**
 * Checks a {@link ProblemDefinition} and applies its defaults: unknown keys at every level (with
 * the nearest valid one), names, kinds, numbers. The expressions themselves are checked when
 * compiled ({@link compileProblem}), each error pointing at its place in the text.
 *
 * @example
 * checkProblemDefinition({ inputs: ['x'], residual: 'u_xx + 1' }).outputs; // ['u']
 * checkProblemDefinition({ inputs: ['x'], residual: 'u_xx', conditons: [] }); // throws: Did you mean 'conditions'?
 */
export function checkProblemDefinition(definition: ProblemDefinition): CheckedDefinition {
  const d = record(definition, '') as Partial<ProblemDefinition>;
  checkKeys(d, KEYS, `the definition ${WHERE}`);
  const inputs = names(d.inputs, 'inputs', /^[A-Za-z]$/, 'single letters');
  const outputs = d.outputs === undefined ? ['u'] : names(d.outputs, 'outputs', /^[A-Za-z][A-Za-z0-9]*$/, 'names of letters and digits');
  for (const o of outputs) if (o === 'n' || inputs.includes(o)) fail('outputs', `names other than the inputs and 'n' (the normal is n_x, n_y, ...)`, d.outputs);
  const time = d.time === undefined ? undefined : oneOf(d.time, inputs, 'time');
  if ((d.domain === undefined) === (d.geometry === undefined)) fail('domain', 'given, or else a geometry (one of the two)', d.domain ?? d.geometry);
  let domain: Record<string, [string, string]> | undefined;
  if (d.domain !== undefined) {
    const r = record(d.domain, 'domain');
    checkKeys(r, inputs, `definition.domain ${WHERE}`);
    domain = {};
    for (const input of inputs) {
      const iv = r[input];
      if (!Array.isArray(iv) || iv.length !== 2) fail(`domain.${input}`, '[lo, hi] (numbers or constant expressions)', iv);
      domain[input] = [text((iv as unknown[])[0], `domain.${input}[0]`), text((iv as unknown[])[1], `domain.${input}[1]`)];
    }
  }
  const geometry = d.geometry === undefined ? undefined : text(d.geometry, 'geometry');
  const list = (v: unknown, path: string) => (v === undefined ? [] : Array.isArray(v) ? v : fail(path, 'a list', v));
  const definitions = list(d.definitions, 'definitions').map((t, i) => text(t, `definitions[${i}]`));
  const residual = (Array.isArray(d.residual) ? d.residual : [d.residual]).map((t, i, all) => text(t, all.length > 1 ? `residual[${i}]` : 'residual'));
  if (residual.length === 0) fail('residual', 'an expression or a non-empty list of them', d.residual);
  let residualNames: string[] | undefined;
  if (d.residualNames !== undefined) {
    residualNames = names(d.residualNames, 'residualNames', /^[\w-]+$/, 'names');
    if (residualNames.length !== residual.length) fail('residualNames', `one name per residual (${residual.length})`, d.residualNames);
  }
  const conditions = list(d.conditions, 'conditions').map((c, i) => checkCondition(c, i, outputs, inputs));
  const transform: Record<string, { value: string; scale: string }> = {};
  if (d.transform !== undefined) {
    const r = record(d.transform, 'transform');
    checkKeys(r, outputs, `definition.transform ${WHERE}`);
    for (const [o, vs] of Object.entries(r)) {
      const pair = record(vs, `transform.${o}`);
      checkKeys(pair, ['value', 'scale'], `definition.transform.${o} ${WHERE}`);
      transform[o] = { value: text(pair.value ?? '0', `transform.${o}.value`), scale: text(pair.scale ?? '1', `transform.${o}.scale`) };
    }
  }
  let exact: Record<string, string> | undefined;
  if (d.exact !== undefined) {
    const r = typeof d.exact === 'object' && d.exact !== null && !Array.isArray(d.exact) ? d.exact : { [outputs[0]]: d.exact };
    checkKeys(r, outputs, `definition.exact ${WHERE}`);
    exact = {};
    for (const o of outputs) {
      if (r[o] === undefined) fail(`exact.${o}`, 'an expression (an exact solution gives every output)', r[o]);
      exact[o] = text(r[o], `exact.${o}`);
    }
  }
  const upToConstant = d.upToConstant === undefined ? [] : names(d.upToConstant, 'upToConstant', /.*/, 'outputs').map((o, i) => oneOf(o, outputs, `upToConstant[${i}]`));
  const side = inputs.length === 1 ? 201 : inputs.length === 2 ? 101 : 41;
  const grid: Record<string, number> = Object.fromEntries(inputs.map((i) => [i, side]));
  if (d.grid !== undefined) {
    const r = record(d.grid, 'grid');
    checkKeys(r, inputs, `definition.grid ${WHERE}`);
    for (const [k, v] of Object.entries(r)) {
      if (!Number.isInteger(v) || (v as number) < 2) fail(`grid.${k}`, 'an integer >= 2', v);
      grid[k] = v as number;
    }
  }
  const name = d.name ?? 'custom';
  if (typeof name !== 'string' || !/^[\w-]+$/.test(name)) fail('name', 'a name of letters, digits, - and _', name);
  const title = d.title ?? residual.join('; ');
  if (typeof title !== 'string') fail('title', 'a string', title);
  return { name, title, inputs, outputs, time, domain, geometry, definitions, residual, residualNames, conditions, transform, exact, upToConstant, grid };
}
