// Points and random numbers: the layer under geometry, data and the PINN layer (no tensors but the Columns type).
export { gridPoints, samplePoints } from './points.js';
export type { SamplingMethod, SobolCursor } from './points.js';
export { Rng } from './rng.js';
export type { RngState } from './rng.js';
export type { Columns, Interval, Points } from './types.js';
