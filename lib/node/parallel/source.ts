import type { ProblemModule } from '../../pinn/problems/module.js';
import { dataFingerprint, showParams } from '../../pinn/trainer/state.js';
import { Problem } from '../../pinn/types.js';
import { problemConstants } from '../../pinn/problem/constants.js';
import { conditionName } from '../../pinn/problem/names.js';
import { PROBLEMS } from '../../pinn/problems/index.js';
import type { ProblemIdentity, ProblemSource } from './protocol.js';

/**
 * The ProblemModule a {@link ProblemSource} names: from PROBLEMS, or the module's export.
 *
 * @example
 * const module = await loadProblemModule({ name: 'burgers' });
 * module.problem().name; // 'burgers'
 */
export async function loadProblemModule(source: ProblemSource): Promise<ProblemModule> {
  if ('name' in source) {
    const module = PROBLEMS[source.name];
    if (module === undefined) throw new Error(`Argument 'problem' passed to 'parallelTrainer' names '${source.name}', which is not a shipped problem (${Object.keys(PROBLEMS).join(', ')}); give a module as { module, export } for your own.`);
    return module;
  }
  let exports: Record<string, unknown>;
  try {
    exports = await import(/* @vite-ignore */ source.url);
  } catch (error) {
    throw new Error(`Argument 'problem' passed to 'parallelTrainer': the module ${source.url} could not be imported (${(error as Error).message}).`);
  }
  const found = exports[source.export] as ProblemModule | undefined;
  if (typeof found?.problem !== 'function') {
    throw new Error(`Argument 'problem' passed to 'parallelTrainer': the module ${source.url} exports no ProblemModule as '${source.export}' (an object with a problem() function); its exports: ${Object.keys(exports).join(', ') || 'none'}.`);
  }
  return found;
}

/**
 * What must agree between the main thread's problem and a worker's rebuilt one.
 *
 * @example
 * JSON.stringify(problemIdentity(a)) === JSON.stringify(problemIdentity(b)); // the same problem
 */
export function problemIdentity(problem: Problem): ProblemIdentity {
  return {
    name: problem.name,
    params: showParams(problemConstants(problem)),
    inputs: [...problem.inputs],
    outputs: [...problem.outputs],
    conditions: problem.conditions.map((c, i) => conditionName(problem, c, i)),
    parameters: Object.keys(problem.parameters ?? {}),
    data: dataFingerprint(problem) ?? null,
  };
}
