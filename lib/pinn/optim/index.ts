export { Adam } from './adam.js';
export type { AdamState, GradientOptimizer } from './adam.js';
export { LBFGS } from './lbfgs.js';
export type { LBFGSOptions, LBFGSState } from './lbfgs.js';
export { NonFiniteEvaluation, cubicInterpolate, strongWolfe } from './line_search.js';
export type { Evaluation, Objective } from './line_search.js';
