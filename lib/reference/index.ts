// Reference solutions by pure numerics (no TensorFlow): a Fourier pseudo-spectral
// ETDRK4 solver for periodic semilinear equations, and the benchmarks built on it.
export { allenCahnEquation, allenCahnReference } from './allen_cahn.js';
export type { AllenCahnReferenceOptions } from './allen_cahn.js';
export { kdvEquation, kdvReference } from './kdv.js';
export type { KdvReferenceOptions } from './kdv.js';
export { solveSemilinear } from './semilinear.js';
export type { SemilinearOptions } from './semilinear_options.js';
export type { Complex, ReferenceSolution, SemilinearEquation } from './types.js';
