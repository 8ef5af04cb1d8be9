import { checkParameters } from './parameters.js';
import { Condition, Part, Problem } from './types.js';

/** A face of the box: the input pinned and the value it is pinned to, with the outward normal's sign. */
export interface Face {
  part: Part;
  input: string;
  value: number;
  /** +1 on an upper face, -1 on a lower one. */
  normal: 1 | -1;
}

/**
 * The face a part name such as 'x-min' or 't-max' refers to.
 *
 * @example
 * face(burgers.problem(), 'x-max'); // {part: 'x-max', input: 'x', value: 1, normal: 1}
 * face(burgers.problem(), 'y-min'); // throws, listing the parts
 */
export function face(problem: Problem, part: string): Face {
  const m = /^(.+)-(min|max)$/.exec(part);
  const input = m?.[1];
  if (!m || input === undefined || !(input in problem.domain)) {
    const names = Object.keys(problem.domain).flatMap((v) => [`${v}-min`, `${v}-max`]);
    throw new Error(`Boundary part '${part}' of problem '${problem.name}' is not one of ${names.join(', ')}.`);
  }
  const [lo, hi] = problem.domain[input];
  return m[2] === 'min' ? { part: part as Part, input, value: lo, normal: -1 } : { part: part as Part, input, value: hi, normal: 1 };
}

/**
 * The faces a condition lives on (one for initial conditions, two for periodic ones, none for data).
 *
 * @example
 * conditionFaces(problem, { kind: 'initial', value: 0 }); // [the t-min face]
 * conditionFaces(problem, { kind: 'periodic', input: 'x' }); // [x-min, x-max]
 */
export function conditionFaces(problem: Problem, c: Condition): Face[] {
  switch (c.kind) {
    case 'dirichlet':
    case 'neumann':
      return (Array.isArray(c.on) ? c.on : [c.on]).map((p) => face(problem, p));
    case 'initial':
    case 'initialVelocity':
      return [face(problem, `${timeInput(problem, c.kind)}-min`)];
    case 'periodic':
      return [face(problem, `${c.input}-min`), face(problem, `${c.input}-max`)];
    case 'data':
      return [];
  }
}

function timeInput(problem: Problem, kind: string): string {
  if (problem.time === undefined || !(problem.time in problem.domain)) {
    throw new Error(`Problem '${problem.name}' has a condition of kind '${kind}' but no time input: set problem.time to one of [${problem.inputs.join(', ')}].`);
  }
  return problem.time;
}

/**
 * A readable name for a condition, used in loss histories: 'dirichlet(x-min,x-max)', 'initial', ...
 *
 * @example
 * conditionName(problem, { kind: 'dirichlet', on: ['x-min', 'x-max'], value: 0 }, 1);
 * // 'dirichlet(x-min,x-max)'
 */
export function conditionName(problem: Problem, c: Condition, index: number): string {
  const out = c.output !== undefined && c.output !== problem.outputs[0] ? `:${c.output}` : '';
  if (c.kind === 'dirichlet' || c.kind === 'neumann') return `${c.kind}(${(Array.isArray(c.on) ? c.on : [c.on]).join(',')})${out}`;
  if (c.kind === 'periodic') return `periodic(${c.input})${out}`;
  if (c.kind === 'data') return `data${index}${out}`;
  return `${c.kind}${out}`;
}

/**
 * Checks a problem statement and says what is wrong: inputs, domain,
 * outputs, terms, conditions. Returns the problem for chaining.
 *
 * @example
 * checkProblem(burgers());
 * checkProblem({ ...burgers(), domain: {x: [1, -1]} }); // throws, naming the interval
 */
export function checkProblem(problem: Problem): Problem {
  const name = problem?.name ?? '(unnamed)';
  const fail = (what: string) => {
    throw new Error(`Problem '${name}': ${what}`);
  };
  if (problem == null || typeof problem !== 'object') fail('must be an object with inputs, outputs, domain, terms, residual and conditions.');
  if (!Array.isArray(problem.inputs) || problem.inputs.length === 0 || problem.inputs.some((v) => typeof v !== 'string' || v.length !== 1)) {
    fail(`'inputs' must name the inputs by single characters (they spell partials terms like 'u_xt'), but got ${JSON.stringify(problem.inputs)}.`);
  }
  if (!Array.isArray(problem.outputs) || problem.outputs.length === 0) fail(`'outputs' must name at least one output, but got ${JSON.stringify(problem.outputs)}.`);
  const domainKeys = Object.keys(problem.domain ?? {});
  if (domainKeys.join(',') !== problem.inputs.join(',')) {
    fail(`'domain' must give an interval for each input in order [${problem.inputs.join(', ')}], but has [${domainKeys.join(', ')}].`);
  }
  for (const v of problem.inputs) {
    const iv = problem.domain[v];
    if (!Array.isArray(iv) || iv.length !== 2 || !Number.isFinite(iv[0]) || !Number.isFinite(iv[1]) || !(iv[0] < iv[1])) {
      fail(`domain.${v} must be an interval [lo, hi] with lo < hi, but got ${JSON.stringify(iv)}.`);
    }
  }
  if (problem.time !== undefined && !problem.inputs.includes(problem.time)) fail(`'time' must be one of the inputs [${problem.inputs.join(', ')}], but got '${problem.time}'.`);
  if (typeof problem.residual !== 'function') fail(`'residual' must be a function of the partials terms, but got ${typeof problem.residual}.`);
  if (!Array.isArray(problem.terms) || problem.terms.length === 0) fail(`'terms' must list the partials terms the residual uses, e.g. ['u', 'u_x'].`);
  if (!Array.isArray(problem.conditions)) fail(`'conditions' must be an array (it may be empty).`);
  problem.conditions.forEach((c, i) => {
    const kinds = ['dirichlet', 'neumann', 'periodic', 'initial', 'initialVelocity', 'data'];
    if (!kinds.includes(c?.kind)) fail(`conditions[${i}].kind must be one of ${kinds.join(', ')}, but got ${JSON.stringify(c?.kind)}.`);
    if (c.output !== undefined && !problem.outputs.includes(c.output)) fail(`conditions[${i}].output '${c.output}' is not one of the outputs [${problem.outputs.join(', ')}].`);
    if (c.weight !== undefined && !(c.weight >= 0)) fail(`conditions[${i}].weight must be a number >= 0, but got ${c.weight}.`);
    conditionFaces(problem, c);
    if (c.kind === 'data') {
      const n = c.values?.length;
      for (const v of problem.inputs) {
        if (!Array.isArray(c.points?.[v]) || c.points[v].length !== n) fail(`conditions[${i}].points.${v} must hold ${n} coordinates, one per value.`);
        const [lo, hi] = problem.domain[v];
        const out = c.points[v].findIndex((x) => !(x >= lo && x <= hi));
        if (out >= 0) fail(`conditions[${i}].points.${v}[${out}] = ${c.points[v][out]} is outside the domain [${lo}, ${hi}] (or not a number).`);
      }
      const bad = c.values.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) fail(`conditions[${i}].values[${bad}] is ${c.values[bad]}; observed data must be finite.`);
    }
  });
  checkParameters(problem);
  for (const v of problem.inputs) {
    if (!Number.isInteger(problem.grid?.[v]) || problem.grid[v] < 2) fail(`grid.${v} must be an integer >= 2 (grid points along ${v}), but got ${problem.grid?.[v]}.`);
  }
  return problem;
}
