// Internal helpers shared by the layers; nothing here is public API.
export { adoptKept, asRecordingOnly, dropTapeAfterError, gradientDepth, gradientRunsUnrecorded, shareSavedTensors, tapeActive, unrecorded, withGradientDepth } from './engine.js';
export { FUSED_BACKENDS, backendArrays } from './backend_arrays.js';
export type { BackendArrays } from './backend_arrays.js';
export { hostKernels, setHostKernels } from './host_kernels.js';
export type { HostKernels } from './host_kernels.js';
export { checkKeys, nearestName } from './keys.js';
export { read, readAsync, readSync } from './reads.js';
export type { Reads, TensorValues } from './reads.js';
export { yieldToEventLoop } from './yield.js';
