export { Adam } from './adam.js';
export { FlatAdam, createAdam } from './flat_adam.js';
export type { AdamState, GradientOptimizer } from './adam.js';
export { LBFGS } from './lbfgs.js';
export type { LBFGSState } from './lbfgs.js';
export { LBFGS_DEFAULTS, checkLBFGSOptions } from './lbfgs_options.js';
export type { CheckedLBFGSOptions, LBFGSOptions } from './lbfgs_options.js';
export { NonFiniteEvaluation, cubicInterpolate, drive, driveAsync, strongWolfe, strongWolfeSteps } from './line_search.js';
export type { AsyncObjective, Evaluation, Evaluations, LineSearchResult, Objective } from './line_search.js';
