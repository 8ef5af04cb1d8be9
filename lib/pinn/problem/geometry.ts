import { box } from '../../geometry/box.js';
import type { Geometry } from '../../geometry/types.js';
import { BoundarySelector, Condition, Interval, Part, Problem } from '../types.js';

/** A face of the box: the input pinned and the value it is pinned to, with the outward normal's sign. */
export interface Face {
  /** Its name, e.g. 'x-min'. */
  part: Part;
  /** The input pinned on it. */
  input: string;
  /** The value that input is pinned to (the interval's end). */
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
