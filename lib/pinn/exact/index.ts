export { BURGERS_NU, burgersExact } from './burgers.js';
export { heatExact } from './heat.js';
export { waveExact } from './wave.js';
export { poissonExact, poissonSource } from './poisson.js';
export { kdvSoliton } from './kdv.js';
export { beamExact, beamLoad } from './beam.js';
export { kovasznayExact, kovasznayLambda } from './kovasznay.js';
export { poissonDiskExact, poissonDiskSource } from './poisson_disk.js';
export { griddedExact } from './gridded.js';
