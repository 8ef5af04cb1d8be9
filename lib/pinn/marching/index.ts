export type { AnySolution, AnyTrainer, AnyTrainerState, RunOptions } from './any_trainer.js';
export { createTrainer } from './create_trainer.js';
export { MarchingTrainer } from './marching_trainer.js';
export type { CheckedMarchingOptions, Handoff, MarchingOptions } from './options.js';
export { PiecewiseSolution } from './piecewise_solution.js';
export type { PiecewiseSolutionJSON } from './piecewise_solution.js';
export type { MarchingState, MarchingStepRecord } from './state.js';
export { windowEdges, windowOf } from './windows.js';
