import { beam } from './beam.js';
import { burgers } from './burgers.js';
import { heat } from './heat.js';
import { kdv } from './kdv.js';
import { ProblemModule } from './module.js';
import { poisson2d } from './poisson2d.js';
import { wave } from './wave.js';

export { beam, beamProblem } from './beam.js';
export { burgers, burgersProblem } from './burgers.js';
export { burgersInversePlans, burgersInverseProblem } from './burgers_inverse.js';
export type { BurgersInverseOptions } from './burgers_inverse.js';
export { heat, heatProblem } from './heat.js';
export { kdv, kdvProblem } from './kdv.js';
export type { ProblemModule, StudyOptions } from './module.js';
export { poisson2d, poisson2dProblem } from './poisson2d.js';
export { wave, waveProblem } from './wave.js';

/**
 * The shipped problems by name; 'burgers' is the default.
 *
 * @example
 * Object.keys(PROBLEMS); // ['burgers', 'heat', 'wave', 'poisson2d', 'kdv', 'beam']
 * new Trainer(PROBLEMS.kdv.problem(), PROBLEMS.kdv.defaults);
 */
export const PROBLEMS: Record<string, ProblemModule> = { burgers, heat, wave, poisson2d, kdv, beam };
