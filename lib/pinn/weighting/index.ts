// Adaptive loss weighting: gradient-norm and NTK balancing of the loss parts (the causal residual weights are in ../loss/causal.ts).
export { balancedWeights } from './balance.js';
export { gradientNormsReads } from './grad_norm.js';
export { LossWeighting, checkBalanceState } from './loss_weighting.js';
export type { BalanceState, WeightingFields } from './loss_weighting.js';
export { ntkTracesReads } from './ntk.js';
export { BALANCE_DEFAULTS, checkBalanceOptions } from './options.js';
export type { BalanceMethod, BalanceOptions, CheckedBalanceOptions } from './options.js';
export type { LossSetting } from './setting.js';
