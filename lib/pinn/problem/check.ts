import { checkKeys } from '../../internals/keys.js';
import { checkParameters } from '../parameters.js';
import { Condition, Problem } from '../types.js';
import { conditionBoundary, problemGeometry } from './geometry.js';
import { conditionName } from './names.js';

const PROBLEM_KEYS = ['name', 'title', 'inputs', 'outputs', 'domain', 'geometry', 'time', 'terms', 'residual', 'residualNames', 'conditions', 'transform', 'exact', 'grid', 'upToConstant', 'constants', 'params', 'parameters', 'exactParameters'];
const BASE_KEYS = ['kind', 'output', 'weight', 'imposed'];
const CONDITION_KEYS: Record<Condition['kind'], string[]> = {
  dirichlet: ['on', 'value'],
  neumann: ['on', 'value'],
  robin: ['on', 'a', 'b', 'value'],
  operator: ['on', 'terms', 'residual'],
  periodic: ['input', 'derivatives'],
  initial: ['value'],
  initialVelocity: ['value'],
  data: ['points', 'values'],
};

const show = (v: unknown) => (typeof v === 'number' ? String(v) : typeof v === 'function' ? 'a function' : JSON.stringify(v));

/**
 * Checks a problem statement and says what is wrong: every field and every
 * condition, unknown keys included (with the nearest valid key). Tensor-free:
 * whether a transform really satisfies the conditions marked `imposed` is
 * checked numerically by the Trainer (see verifyImposed). Returns the problem for chaining.
 *
 * @example
 * checkProblem(burgers());
 * checkProblem({ ...burgers(), domain: {x: [1, -1]} }); // throws, naming the interval
 */
export function checkProblem(problem: Problem): Problem {
  const name = problem?.name ?? '(unnamed)';
  const fail = (what: string): never => {
    throw new Error(`Problem '${name}': ${what}`);
  };
  if (problem == null || typeof problem !== 'object') fail('must be an object with inputs, outputs, domain, terms, residual and conditions.');
  checkKeys(problem, PROBLEM_KEYS, `problem '${name}'`);
  if (typeof problem.name !== 'string' || problem.name.length === 0) fail(`'name' must be a non-empty string, but got ${show(problem.name)}.`);
  if (problem.title !== undefined && typeof problem.title !== 'string') fail(`'title' must be a string, but got ${show(problem.title)}.`);
  if (!Array.isArray(problem.inputs) || problem.inputs.length === 0 || problem.inputs.some((v) => typeof v !== 'string' || v.length !== 1) || new Set(problem.inputs).size !== problem.inputs.length) {
    fail(`'inputs' must name the inputs by single characters, all distinct (they spell partials terms like 'u_xt'), but got ${JSON.stringify(problem.inputs)}.`);
  }
  const inputs = problem.inputs;
  if (!Array.isArray(problem.outputs) || problem.outputs.length === 0 || problem.outputs.some((v) => typeof v !== 'string' || !/^[A-Za-z]\w*$/.test(v)) || new Set(problem.outputs).size !== problem.outputs.length) {
    fail(`'outputs' must name at least one output by distinct names such as 'u', but got ${JSON.stringify(problem.outputs)}.`);
  }
  if ((problem.domain === undefined) === (problem.geometry === undefined)) {
    fail(`give either 'domain' (a box: an interval per input) or 'geometry' (lib/geometry), ${problem.domain === undefined ? 'but neither is set' : 'not both'}.`);
  }
  if (problem.geometry !== undefined) {
    const gi = problem.geometry?.inputs;
    if (!Array.isArray(gi) || gi.join(',') !== inputs.join(',')) {
      fail(`'geometry' must be over the inputs [${inputs.join(', ')}] in that order, but is over [${Array.isArray(gi) ? gi.join(', ') : String(gi)}].`);
    }
  } else {
    const domainKeys = Object.keys(problem.domain ?? {});
    if (domainKeys.join(',') !== inputs.join(',')) {
      fail(`'domain' must give an interval for each input in order [${inputs.join(', ')}], but has [${domainKeys.join(', ')}].`);
    }
    for (const v of inputs) {
      const iv = problem.domain![v];
      if (!Array.isArray(iv) || iv.length !== 2 || !Number.isFinite(iv[0]) || !Number.isFinite(iv[1]) || !(iv[0] < iv[1])) {
        fail(`domain.${v} must be an interval [lo, hi] with lo < hi, but got ${JSON.stringify(iv)}.`);
      }
    }
  }
  if (problem.time !== undefined && !inputs.includes(problem.time)) fail(`'time' must be one of the inputs [${inputs.join(', ')}], but got '${problem.time}'.`);
  if (typeof problem.residual !== 'function') fail(`'residual' must be a function of the partials terms, but got ${typeof problem.residual}.`);
  if (!Array.isArray(problem.terms) || problem.terms.length === 0) fail(`'terms' must list the partials terms the residual uses, e.g. ['u', 'u_x'].`);
  problem.terms.forEach((t, i) => {
    const m = typeof t === 'string' ? /^([^_]+)(?:_(.+))?$/.exec(t) : null;
    if (!m || !problem.outputs.includes(m[1]) || (m[2] !== undefined && [...m[2]].some((c) => !inputs.includes(c)))) {
      fail(`terms[${i}] ${typeof t === 'string' ? `'${t}'` : show(t)} must be an output [${problem.outputs.join(', ')}] followed by '_' and inputs [${inputs.join(', ')}], e.g. '${problem.outputs[0]}_${inputs[0]}'.`);
    }
  });
  checkTransform(problem, fail);
  if (problem.exact !== undefined && typeof problem.exact !== 'function') fail(`'exact' must be a function of the points, but got ${show(problem.exact)}.`);
  if (problem.constants !== undefined && problem.params !== undefined) fail(`give 'constants' or its deprecated name 'params', not both.`);
  const constantsKey = problem.params !== undefined ? 'params' : 'constants';
  const constants = problem.constants ?? problem.params;
  if (constants !== undefined) {
    if (constants === null || typeof constants !== 'object' || Array.isArray(constants)) fail(`'${constantsKey}' must be an object {name: number}, but got ${show(constants)}.`);
    for (const [k, v] of Object.entries(constants)) if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${constantsKey}.${k} must be a finite number, but got ${show(v)}.`);
  }
  checkParameters(problem);
  if (!Array.isArray(problem.conditions)) fail(`'conditions' must be an array (it may be empty).`);
  problem.conditions.forEach((c, i) => checkCondition(problem, c, i, fail));
  if (problem.residualNames !== undefined && (!Array.isArray(problem.residualNames) || new Set(problem.residualNames).size !== problem.residualNames.length || problem.residualNames.some((r) => typeof r !== 'string' || r.length === 0))) {
    fail(`'residualNames' must be distinct non-empty names, one per residual, but got ${JSON.stringify(problem.residualNames)}.`);
  }
  if (problem.upToConstant !== undefined && !Array.isArray(problem.upToConstant)) fail(`'upToConstant' must list outputs, but got ${show(problem.upToConstant)}.`);
  for (const o of problem.upToConstant ?? []) {
    if (!problem.outputs.includes(o)) fail(`upToConstant names '${o}', which is not one of the outputs [${problem.outputs.join(', ')}].`);
  }
  if (problem.grid === null || typeof problem.grid !== 'object') fail(`'grid' must give grid points per input, e.g. {${inputs.map((v) => `${v}: 101`).join(', ')}}, but got ${show(problem.grid)}.`);
  checkKeys(problem.grid, inputs, `problem '${name}', grid`);
  for (const v of inputs) {
    if (!Number.isInteger(problem.grid[v]) || problem.grid[v] < 2) fail(`grid.${v} must be an integer >= 2 (grid points along ${v}), but got ${problem.grid[v]}.`);
  }
  return problem;
}

function checkTransform(problem: Problem, fail: (what: string) => never): void {
  const t = problem.transform;
  if (t === undefined || typeof t === 'function') return;
  if (t === null || typeof t !== 'object') fail(`'transform' must be a function (net, p) => u or {value, scale} (functions of the points), but got ${show(t)}.`);
  checkKeys(t, ['value', 'scale'], `problem '${problem.name}', transform`);
  for (const k of ['value', 'scale'] as const) if (typeof t[k] !== 'function') fail(`transform.${k} must be a function of the points, but got ${show(t[k])}.`);
}

function checkCondition(problem: Problem, c: Condition, i: number, fail: (what: string) => never): void {
  const kinds = Object.keys(CONDITION_KEYS);
  if (c === null || typeof c !== 'object') fail(`conditions[${i}] must be an object with a 'kind', but got ${show(c)}.`);
  if (!kinds.includes(c.kind)) fail(`conditions[${i}].kind must be one of ${kinds.join(', ')}, but got ${JSON.stringify(c.kind)}.`);
  checkKeys(c, [...BASE_KEYS, ...CONDITION_KEYS[c.kind]], `problem '${problem.name}', conditions[${i}] (${c.kind})`);
  const at = `conditions[${i}]`;
  if (c.output !== undefined && !problem.outputs.includes(c.output)) fail(`${at}.output '${c.output}' is not one of the outputs [${problem.outputs.join(', ')}].`);
  if (c.weight !== undefined && !(typeof c.weight === 'number' && Number.isFinite(c.weight) && c.weight >= 0)) fail(`${at}.weight must be a finite number >= 0, but got ${show(c.weight)}.`);
  if (c.imposed !== undefined && typeof c.imposed !== 'boolean') fail(`${at}.imposed must be true or false, but got ${show(c.imposed)}.`);
  if (c.kind === 'dirichlet' || c.kind === 'neumann' || c.kind === 'robin' || c.kind === 'operator') {
    if (!(typeof c.on === 'string' || typeof c.on === 'function' || (Array.isArray(c.on) && c.on.length > 0))) {
      fail(`${at}.on must name at least one boundary part such as '${problemGeometry(problem).pieces()[0]?.name}' (or 'boundary'), or be a predicate on a point, but got ${show(c.on)}.`);
    }
  }
  if (c.kind === 'robin') {
    for (const k of ['a', 'b'] as const) {
      const v = c[k];
      if (!(typeof v === 'function' || (typeof v === 'number' && Number.isFinite(v)))) fail(`${at}.${k} (robin: a u + b du/dn = value) must be a finite number or a function of the points returning [N,1], but got ${show(v)}.`);
    }
  }
  if (c.kind === 'operator') {
    if (typeof c.residual !== 'function') fail(`${at}.residual (operator) must be a function (terms, points, normals) => [N,1], but got ${show(c.residual)}.`);
    if (!Array.isArray(c.terms) || c.terms.length === 0) fail(`${at}.terms (operator) must list the partials terms its residual reads, e.g. ['${problem.outputs[0]}_${problem.inputs[0]}'], but got ${show(c.terms)}.`);
    if (c.output !== undefined || c.imposed) fail(`${at} (operator) takes neither 'output' (its residual reads any output) nor 'imposed'.`);
  }
  if (c.kind === 'periodic') {
    if (!problem.inputs.includes(c.input)) fail(`${at}.input must be one of the inputs [${problem.inputs.join(', ')}], but got ${show(c.input)}.`);
    if (c.derivatives !== undefined && !(Number.isInteger(c.derivatives) && c.derivatives >= 0)) fail(`${at}.derivatives must be an integer >= 0, but got ${show(c.derivatives)}.`);
  }
  if (CONDITION_KEYS[c.kind].includes('value')) {
    const v = (c as { value?: unknown }).value;
    if (!(typeof v === 'function' || (typeof v === 'number' && Number.isFinite(v)))) fail(`${at}.value must be a finite number or a function of the points returning [N,1], but got ${show(v)}.`);
  }
  conditionBoundary(problem, c);
  if (c.kind === 'data') checkData(problem, c, at, fail);
  // A periodic condition can also be imposed by the network (an exact periodic embedding of that input): the
  // Trainer verifies it with its own network.
  if (c.imposed && problem.transform === undefined && c.kind !== 'periodic') fail(`${at} (${conditionName(problem, c, i)}) is marked imposed, but the problem has no transform to impose it.`);
}

function checkData(problem: Problem, c: Extract<Condition, { kind: 'data' }>, at: string, fail: (what: string) => never): void {
  if (!Array.isArray(c.values) || c.values.length === 0) fail(`${at}.values must be a non-empty array of finite numbers (the observations), but got ${show(c.values)}.`);
  c.values.forEach((v, k) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${at}.values[${k}] is ${show(v)}; observations must be finite numbers.`);
  });
  const n = c.values.length;
  if (c.points === null || typeof c.points !== 'object') fail(`${at}.points must be {${problem.inputs.map((v) => `${v}: number[]`).join(', ')}} (coordinates of the observations), but got ${show(c.points)}.`);
  checkKeys(c.points, problem.inputs, `problem '${problem.name}', ${at}.points`);
  for (const v of problem.inputs) {
    const col = c.points[v];
    if (!Array.isArray(col) || col.length !== n) fail(`${at}.points.${v} must hold ${n} finite coordinates, one per value, but has ${Array.isArray(col) ? col.length : show(col)}.`);
    // The geometry's bounding box: the domain itself for a box.
    const [lo, hi] = problemGeometry(problem).bbox[v];
    col.forEach((x, k) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${at}.points.${v}[${k}] is ${show(x)}; coordinates must be finite numbers.`);
      if (x < lo || x > hi) fail(`${at}.points.${v}[${k}] = ${x} is outside the domain [${lo}, ${hi}].`);
    });
  }
}
