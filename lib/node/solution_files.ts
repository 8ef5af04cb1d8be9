import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import { AnySolution, PiecewiseSolution, PiecewiseSolutionJSON, Problem, Solution, SolutionJSON } from '../pinn/index.js';

/**
 * Writes a trained solution as JSON (the raw network N, the learned parameters,
 * how u is formed; a {@link PiecewiseSolution}: every window's and the edges), atomically.
 *
 * @example
 * await writeSolution('results/heat/solution.json', trainer.solution());
 * const s = await readSolution('results/heat/solution.json', heat.problem());
 */
export async function writeSolution(path: string, solution: AnySolution): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(solution.toJSON()));
  await rename(tmp, path);
}

/**
 * Reads a solution written by {@link writeSolution} (or a job's model.json) for
 * `problem`, whose module supplies the output transform that is not serialised: a
 * {@link Solution}, or a {@link PiecewiseSolution} when it was trained with time marching.
 *
 * @example
 * const s = await readSolution('results/burgers/model.json', burgers.problem());
 * s.predict({ x: Float64Array.of(0.5), t: Float64Array.of(0.5) });
 */
export async function readSolution(path: string, problem: Problem): Promise<AnySolution> {
  // The output transform is code, not data: without the problem a saved solution cannot predict.
  if (problem === null || typeof problem !== 'object') {
    throw new Error(`Argument 'problem' of 'readSolution' must be the Problem the solution was trained on (e.g. PROBLEMS['burgers'].problem()), but got ${problem === null ? 'null' : typeof problem}.`);
  }
  let json: SolutionJSON | PiecewiseSolutionJSON;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read a solution from ${path}: ${(error as Error).message}.`);
  }
  return json?.format === 'tfjs-pinn-piecewise-solution' ? PiecewiseSolution.fromJSON(json, problem) : Solution.fromJSON(json as SolutionJSON, problem);
}

/** @deprecated Renamed {@link writeSolution} (write/read: files; parse/toJSON: bytes and objects); the old name goes in the next release. */
export const saveSolution = writeSolution;
/** @deprecated Renamed {@link readSolution}; the old name goes in the next release. */
export const loadSolution = readSolution;
