import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { parseMat } from '../data/index.js';
import { PROBLEMS, ProblemModule, StudyOptions, burgersInversePlans, burgersInverseProblem } from '../pinn/index.js';

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

/**
 * The problems a job can train: the browser-safe {@link PROBLEMS} and the ones
 * that read data files in Node.
 *
 * @example
 * Object.keys(JOB_PROBLEMS); // [..., 'burgers-inverse']
 */
export const JOB_PROBLEMS: Record<string, ProblemModule> = { ...PROBLEMS, 'burgers-inverse': burgersInverse };
