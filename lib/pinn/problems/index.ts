import { advection } from './advection.js';
import { allenCahn } from './allen_cahn.js';
import { beam } from './beam.js';
import { burgersInverse } from './burgers_inverse.js';
import { burgers } from './burgers.js';
import { cavity } from './cavity.js';
import { heat } from './heat.js';
import { helmholtz } from './helmholtz.js';
import { kdv } from './kdv.js';
import { kdvZk } from './kdv_zk.js';
import { kovasznay } from './kovasznay.js';
import { ProblemModule } from './module.js';
import { poisson2d } from './poisson2d.js';
import { poissonDisk } from './poisson_disk.js';
import { schrodinger } from './schrodinger.js';
import { wave } from './wave.js';

export { advection, advectionProblem } from './advection.js';
export { allenCahn, allenCahnProblem } from './allen_cahn.js';
export { beam, beamProblem } from './beam.js';
export { burgers, burgersProblem } from './burgers.js';
export { BURGERS_SHOCK_MAT, burgersInverse, burgersInversePlans, burgersInverseProblem } from './burgers_inverse.js';
export type { BurgersInverseOptions } from './burgers_inverse.js';
export { GHIA_RE100_U, GHIA_RE100_V, cavity, cavityProblem, ghiaErrors } from './cavity.js';
export { heat, heatProblem } from './heat.js';
export { helmholtz, helmholtzProblem } from './helmholtz.js';
export { kdv, kdvProblem } from './kdv.js';
export { kdvZk, kdvZkProblem } from './kdv_zk.js';
export { kovasznay, kovasznayProblem } from './kovasznay.js';
export type { DataFileSpec, DataFiles, ProblemModule, StudyOptions } from './module.js';
export { poisson2d, poisson2dProblem } from './poisson2d.js';
export { poissonDisk, poissonDiskProblem } from './poisson_disk.js';
export { SCHRODINGER_MAT, absHError, nlsExact, nlsReference, schrodinger, schrodingerExact, schrodingerProblem, schrodingerReference } from './schrodinger.js';
export type { NlsReference, SchrodingerReference } from './schrodinger.js';
export { wave, waveProblem } from './wave.js';

/**
 * The shipped problems by name, one registry for the browser and Node; 'burgers' is the default. A module
 * with `data` reads data files (in Node, readProblemFiles from 'tfjs-pinn/node' gives their bytes).
 *
 * @example
 * Object.keys(PROBLEMS); // ['burgers', 'heat', 'wave', 'poisson2d', 'kdv', 'beam', 'poisson-disk', 'kovasznay', 'cavity', 'schrodinger', 'burgers-inverse', 'allen-cahn', 'advection', 'kdv-zk', 'helmholtz']
 * new Trainer(PROBLEMS.kdv.problem(), PROBLEMS.kdv.defaults);
 */
export const PROBLEMS: Record<string, ProblemModule> = {
  burgers,
  heat,
  wave,
  poisson2d,
  kdv,
  beam,
  'poisson-disk': poissonDisk,
  kovasznay,
  cavity,
  schrodinger,
  'burgers-inverse': burgersInverse,
  'allen-cahn': allenCahn,
  advection,
  'kdv-zk': kdvZk,
  helmholtz,
};
