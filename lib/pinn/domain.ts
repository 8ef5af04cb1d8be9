import { box } from '../geometry/box.js';
import type { Geometry } from '../geometry/types.js';
import { checkParameters } from './parameters.js';
import { BoundarySelector, Condition, Interval, Part, Problem } from './types.js';

/** A face of the box: the input pinned and the value it is pinned to, with the outward normal's sign. */
export interface Face {
  part: Part;
  input: string;
  value: number;
  /** +1 on an upper face, -1 on a lower one. */
  normal: 1 | -1;
}

const geometries = new WeakMap<Problem, Geometry>();

/**
 * The problem's geometry: its `geometry`, or the box of its `domain`
 * (built once per problem object, so its boundary pieces stay the same).
 *
 * @example
 * problemGeometry(burgers.problem()).pieces().map((p) => p.name); // ['x-min', 'x-max', 't-min', 't-max']
 * problemGeometry(poissonDisk.problem()).kind; // 'disk'
 */
export function problemGeometry(problem: Problem): Geometry {
  let g = geometries.get(problem);
  if (g === undefined) {
    g = problem.geometry ?? box(problem.domain as Record<string, Interval>);
    geometries.set(problem, g);
  }
  return g;
}

/**
 * The face a part name such as 'x-min' or 't-max' refers to, for conditions
 * that need a box's structure (periodic ones): the geometry must have both faces of that input.
 *
 * @example
 * face(burgers.problem(), 'x-max'); // {part: 'x-max', input: 'x', value: 1, normal: 1}
 * face(burgers.problem(), 'y-min'); // throws, listing the parts
 */
export function face(problem: Problem, part: string): Face {
  const m = /^(.+)-(min|max)$/.exec(part);
  const input = m?.[1];
  const g = problemGeometry(problem);
  const names = g.pieces().map((p) => p.name);
  if (!m || input === undefined || !names.includes(`${input}-min`) || !names.includes(`${input}-max`)) {
    throw new Error(`Boundary part '${part}' of problem '${problem.name}' is not a face of a box; the ${g.kind}'s parts are ${names.join(', ')}.`);
  }
  const [lo, hi] = g.bbox[input];
  return m[2] === 'min' ? { part: part as Part, input, value: lo, normal: -1 } : { part: part as Part, input, value: hi, normal: 1 };
}

/** Where a boundary condition's points come from: part names, and an optional predicate on the points. */
export interface ConditionBoundary {
  parts: string[];
  on?: (point: Record<string, number>) => boolean;
}

function boundarySelector(on: BoundarySelector): ConditionBoundary {
  if (typeof on === 'function') return { parts: ['boundary'], on };
  return { parts: Array.isArray(on) ? [...on] : [on] };
}

/**
 * The boundary a condition lives on: its `on` parts or predicate, the start-time face for
 * initial conditions, the two faces for periodic ones, nothing (null) for data.
 * Throws when a part does not exist, listing the geometry's parts.
 *
 * @example
 * conditionBoundary(problem, { kind: 'initial', value: 0 }); // {parts: ['t-min']}
 * conditionBoundary(problem, { kind: 'dirichlet', on: (p) => p.y > 0.5, value: 0 }); // {parts: ['boundary'], on}
 */
export function conditionBoundary(problem: Problem, c: Condition): ConditionBoundary | null {
  let b: ConditionBoundary | null;
  switch (c.kind) {
    case 'dirichlet':
    case 'neumann':
    case 'robin':
    case 'operator':
      b = boundarySelector(c.on);
      break;
    case 'initial':
    case 'initialVelocity':
      b = { parts: [`${timeInput(problem, c.kind)}-min`] };
      break;
    case 'periodic':
      b = { parts: [face(problem, `${c.input}-min`).part, face(problem, `${c.input}-max`).part] };
      break;
    case 'data':
      b = null;
  }
  if (b !== null) {
    const names = problemGeometry(problem).pieces().map((p) => p.name);
    for (const part of b.parts) {
      if (part !== 'boundary' && !names.some((n) => n === part || n.startsWith(`${part}:`))) {
        throw new Error(`Boundary part '${part}' of problem '${problem.name}' is not one of ${names.join(', ')}. Name 'boundary' for all of it, or select points with a predicate.`);
      }
    }
  }
  return b;
}

function timeInput(problem: Problem, kind: string): string {
  if (problem.time === undefined || !problem.inputs.includes(problem.time)) {
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
  if (c.kind === 'dirichlet' || c.kind === 'neumann' || c.kind === 'robin' || c.kind === 'operator') {
    const where = typeof c.on === 'function' ? `where${index}` : (Array.isArray(c.on) ? c.on : [c.on]).join(',');
    return `${c.kind}(${where})${c.kind === 'operator' ? '' : out}`;
  }
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
  if ((problem.domain === undefined) === (problem.geometry === undefined)) {
    fail(`give either 'domain' (a box: an interval per input) or 'geometry' (lib/geometry), ${problem.domain === undefined ? 'but neither is set' : 'not both'}.`);
  }
  if (problem.geometry !== undefined) {
    const gi = problem.geometry.inputs;
    if (!Array.isArray(gi) || gi.join(',') !== problem.inputs.join(',')) {
      fail(`'geometry' must be over the inputs [${problem.inputs.join(', ')}] in that order, but is over [${Array.isArray(gi) ? gi.join(', ') : String(gi)}].`);
    }
  } else {
    const domainKeys = Object.keys(problem.domain ?? {});
    if (domainKeys.join(',') !== problem.inputs.join(',')) {
      fail(`'domain' must give an interval for each input in order [${problem.inputs.join(', ')}], but has [${domainKeys.join(', ')}].`);
    }
    for (const v of problem.inputs) {
      const iv = problem.domain![v];
      if (!Array.isArray(iv) || iv.length !== 2 || !Number.isFinite(iv[0]) || !Number.isFinite(iv[1]) || !(iv[0] < iv[1])) {
        fail(`domain.${v} must be an interval [lo, hi] with lo < hi, but got ${JSON.stringify(iv)}.`);
      }
    }
  }
  if (problem.time !== undefined && !problem.inputs.includes(problem.time)) fail(`'time' must be one of the inputs [${problem.inputs.join(', ')}], but got '${problem.time}'.`);
  if (typeof problem.residual !== 'function') fail(`'residual' must be a function of the partials terms, but got ${typeof problem.residual}.`);
  if (!Array.isArray(problem.terms) || problem.terms.length === 0) fail(`'terms' must list the partials terms the residual uses, e.g. ['u', 'u_x'].`);
  if (!Array.isArray(problem.conditions)) fail(`'conditions' must be an array (it may be empty).`);
  problem.conditions.forEach((c, i) => {
    const kinds = ['dirichlet', 'neumann', 'robin', 'operator', 'periodic', 'initial', 'initialVelocity', 'data'];
    if (!kinds.includes(c?.kind)) fail(`conditions[${i}].kind must be one of ${kinds.join(', ')}, but got ${JSON.stringify(c?.kind)}.`);
    if (c.output !== undefined && !problem.outputs.includes(c.output)) fail(`conditions[${i}].output '${c.output}' is not one of the outputs [${problem.outputs.join(', ')}].`);
    if (c.weight !== undefined && !(c.weight >= 0)) fail(`conditions[${i}].weight must be a number >= 0, but got ${c.weight}.`);
    conditionBoundary(problem, c);
    if (c.kind === 'operator' && (typeof c.residual !== 'function' || !Array.isArray(c.terms) || c.terms.length === 0)) {
      fail(`conditions[${i}] (operator) needs 'terms' (the partials terms it reads) and a 'residual' function of them.`);
    }
    if (c.kind === 'robin' && (c.a === undefined || c.b === undefined)) fail(`conditions[${i}] (robin: a u + b du/dn = value) needs the coefficients 'a' and 'b'.`);
    if (c.kind === 'data') {
      const n = c.values?.length;
      for (const v of problem.inputs) {
        if (!Array.isArray(c.points?.[v]) || c.points[v].length !== n) fail(`conditions[${i}].points.${v} must hold ${n} coordinates, one per value.`);
        // The geometry's bounding box: the domain itself for a box.
        const [lo, hi] = problemGeometry(problem).bbox[v];
        const out = c.points[v].findIndex((x) => !(x >= lo && x <= hi));
        if (out >= 0) fail(`conditions[${i}].points.${v}[${out}] = ${c.points[v][out]} is outside the domain [${lo}, ${hi}] (or not a number).`);
      }
      const bad = c.values.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) fail(`conditions[${i}].values[${bad}] is ${c.values[bad]}; observed data must be finite.`);
    }
  });
  if (problem.residualNames !== undefined && (!Array.isArray(problem.residualNames) || new Set(problem.residualNames).size !== problem.residualNames.length || problem.residualNames.some((r) => typeof r !== 'string' || r.length === 0))) {
    fail(`'residualNames' must be distinct non-empty names, one per residual, but got ${JSON.stringify(problem.residualNames)}.`);
  }
  for (const o of problem.upToConstant ?? []) {
    if (!problem.outputs.includes(o)) fail(`upToConstant names '${o}', which is not one of the outputs [${problem.outputs.join(', ')}].`);
  }
  checkParameters(problem);
  for (const v of problem.inputs) {
    if (!Number.isInteger(problem.grid?.[v]) || problem.grid[v] < 2) fail(`grid.${v} must be an integer >= 2 (grid points along ${v}), but got ${problem.grid?.[v]}.`);
  }
  return problem;
}
