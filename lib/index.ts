/**
 * Physics-informed neural networks on TensorFlow.js: derivatives of any order (`partials`, `partial`, Taylor
 * mode), models, geometry, data readers, problems and the `Trainer`. Importing it repairs tfjs's higher-order
 * gradients (a side effect by design). Node and bundlers' default condition; a bundler's `browser` condition
 * gets the browser entry.
 *
 * @packageDocumentation
 * @module tfjs-pinn
 */
// Importing the library repairs tfjs's higher-order gradients (a side effect by design).
export * from './gradients/index.js';
export * from './derivatives/index.js';
export * from './models/index.js';
export * from './taylor/index.js';
export * from './reference/index.js';
export * from './sampling/index.js';
export * from './geometry/index.js';
export * from './pinn/index.js';
export * from './expression/index.js';
export * from './backend/index.js';
export * from './data/index.js';
