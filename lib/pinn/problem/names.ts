import { Condition, Problem } from '../types.js';

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
