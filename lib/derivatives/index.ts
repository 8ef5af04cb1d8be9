// Derivatives are only right with the repaired higher-order gradients: whoever reaches partial/partials
// (the Trainer, the Node job, a deep import) gets the repair too, not only importers of lib/index.ts.
import '../gradients/register.js';

export { partial } from './partial.js';
export type { PartialOptions } from './partial.js';
export { partials } from './partials.js';
export type { Inputs, PointwiseFn, PointwiseModel } from './partials.js';
export { DEFAULT_MEMORY_BUDGET } from './partials_options.js';
export type { CheckedPartialsOptions, PartialsOptions } from './partials_options.js';
export type { Term } from './terms.js';
export type { Seed } from './tape.js';
