import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { parseMat } from '../data/index.js';
import { NlsReference, PROBLEMS, ProblemModule, StudyOptions, burgersInversePlans, burgersInverseProblem, nlsReference, schrodinger, schrodingerProblem } from '../pinn/index.js';

/** Where `burgers-inverse` reads its data, relative to the current folder (the repository root for npm start). */
export const BURGERS_SHOCK_MAT = 'data/raissi/burgers_shock.mat';

/**
 * The Burgers identification module for jobs: reads burgers_shock.mat from
 * {@link BURGERS_SHOCK_MAT} (Node file system), takes `--noise` and `--points`.
 *
 * @example
 * await runJob({ problem: 'burgers-inverse', noise: 0.01 });
 * new Trainer(burgersInverse.problem({ points: 500 }), burgersInverse.defaults);
 */
export const burgersInverse: ProblemModule = {
  title: 'Burgers identification: l1, l2 in u_t + l1 u u_x - l2 u_xx = 0 from burgers_shock.mat (--noise, --points)',
  problem: (study: StudyOptions = {}) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(BURGERS_SHOCK_MAT);
    } catch (error) {
      throw new Error(`burgers-inverse reads ${resolve(BURGERS_SHOCK_MAT)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); run from the repository root, where data/raissi/ holds it.`);
    }
    return burgersInverseProblem(parseMat(bytes, 'burgers_shock.mat'), study);
  },
  study: ['noise', 'points'],
  ...burgersInversePlans,
};

/** Where `schrodinger` reads its reference solution, relative to the current folder (the repository root for npm start). */
export const NLS_MAT = 'data/raissi/NLS.mat';

/**
 * Reads NLS.mat (Raissi et al.'s spectral reference for the nonlinear
 * Schrödinger problem) as a checked {@link NlsReference}.
 *
 * @example
 * const ref = loadNlsReference();
 * new Trainer(schrodingerProblem(ref), schrodinger.defaults).evaluate();
 */
export function loadNlsReference(path: string = NLS_MAT): NlsReference {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(`schrodinger reads its exact solution from ${resolve(path)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); run from the repository root, where data/raissi/ holds it.`);
  }
  return nlsReference(parseMat(bytes, 'NLS.mat'));
}

/**
 * The Schrödinger module for jobs: the browser-safe {@link schrodinger} with
 * its exact solution read from {@link NLS_MAT} when the problem is built.
 *
 * @example
 * await runJob({ problem: 'schrodinger' }); // summary.rel_l2_abs_h
 * schrodingerWithReference.problem().exact !== undefined; // true
 */
export const schrodingerWithReference: ProblemModule = {
  ...schrodinger,
  problem: () => schrodingerProblem(loadNlsReference()),
};

/**
 * The problems a job can train: the browser-safe {@link PROBLEMS} and the ones
 * that read data files in Node.
 *
 * @example
 * Object.keys(JOB_PROBLEMS); // [..., 'burgers-inverse']
 */
export const JOB_PROBLEMS: Record<string, ProblemModule> = { ...PROBLEMS, schrodinger: schrodingerWithReference, 'burgers-inverse': burgersInverse };
