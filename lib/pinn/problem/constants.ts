import { Problem } from '../types.js';

/**
 * A problem's known constants: `constants`, or the deprecated `params` of problems written before the rename.
 *
 * @example
 * problemConstants(heatProblem(0.1)); // { alpha: 0.1 }
 * problemConstants({ ...problem, params: { c: 2 } }); // { c: 2 }
 */
export function problemConstants(problem: Problem): Record<string, number> {
  return problem.constants ?? problem.params ?? {};
}
