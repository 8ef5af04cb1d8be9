export { availableBackends, initBackend } from './init_backend.js';
export type { BackendChoice, InitBackendOptions, NodeBackendName } from './init_backend.js';
export { syncReadsWork } from './sync_reads.js';
