import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { parseMat } from '../data/index.js';
import {
  BURGERS_SHOCK_MAT,
  DataFiles,
  PROBLEMS,
  Problem,
  ProblemModule,
  SCHRODINGER_MAT,
  SchrodingerReference,
  StudyOptions,
  burgersInverse as burgersInverseModule,
  schrodinger,
  schrodingerReference,
} from '../pinn/index.js';

/**
 * The data files a problem module declares (`module.data`), read from `root` (the project root, where
 * data/raissi/ lives). A required file that cannot be read is an error naming it and the folder; an
 * optional one that is missing is left out (the problem is then built without what it adds).
 *
 * @example
 * const files = readProblemFiles(PROBLEMS['burgers-inverse']); // { 'data/raissi/burgers_shock.mat': bytes }
 * new Trainer(PROBLEMS['burgers-inverse'].problem({}, files), PROBLEMS['burgers-inverse'].defaults);
 */
export function readProblemFiles(module: ProblemModule, root = '.'): DataFiles {
  const files: DataFiles = {};
  for (const spec of module.data ?? []) {
    const path = resolve(root, spec.path);
    try {
      files[spec.path] = new Uint8Array(readFileSync(path));
    } catch (error) {
      if (!spec.required) continue;
      const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new Error(`The problem reads ${spec.what} from ${path} (${why}); run from the project root, where ${spec.path} is, or pass its folder as root.`);
    }
  }
  return files;
}

/**
 * A problem module's problem with its data files read from `root` (see {@link readProblemFiles}).
 *
 * @example
 * const problem = buildProblem(PROBLEMS.schrodinger); // with its exact solution from data/raissi/NLS.mat
 */
export function buildProblem(module: ProblemModule, study: StudyOptions = {}, root = '.'): Problem {
  return module.problem(study, readProblemFiles(module, root));
}

/**
 * Reads NLS.mat (Raissi et al.'s spectral reference for the nonlinear Schrödinger problem) as a checked
 * {@link SchrodingerReference}.
 *
 * @example
 * const ref = readSchrodingerReference();
 * new Trainer(schrodingerProblem(ref), schrodinger.defaults).evaluate();
 */
export function readSchrodingerReference(path: string = SCHRODINGER_MAT): SchrodingerReference {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(`schrodinger reads its exact solution from ${resolve(path)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); run from the repository root, where data/raissi/ holds it.`);
  }
  return schrodingerReference(parseMat(bytes, 'NLS.mat'));
}

/** @deprecated Every problem is in the one registry {@link PROBLEMS} now; this alias goes in the next release. */
export const JOB_PROBLEMS: Record<string, ProblemModule> = PROBLEMS;
/** @deprecated Renamed SCHRODINGER_MAT; the old name goes in the next release. */
export const NLS_MAT = SCHRODINGER_MAT;
/** @deprecated Renamed {@link readSchrodingerReference} (read: from a file; parse: from bytes); the old name goes in the next release. */
export const loadNlsReference = readSchrodingerReference;
/**
 * @deprecated `PROBLEMS.schrodinger` takes NLS.mat's bytes now (`buildProblem(PROBLEMS.schrodinger)` reads them);
 * this module goes in the next release.
 */
export const schrodingerWithReference: ProblemModule = { ...schrodinger, problem: () => buildProblem(schrodinger) };

/**
 * @deprecated `PROBLEMS['burgers-inverse']` takes burgers_shock.mat's bytes now (`buildProblem` reads them); this
 * Node module, which reads the file itself when no bytes are given, goes in the next release.
 */
export const burgersInverse: ProblemModule = { ...burgersInverseModule, problem: (study, files) => burgersInverseModule.problem(study, files ?? readProblemFiles(burgersInverseModule)) };

export { BURGERS_SHOCK_MAT };
