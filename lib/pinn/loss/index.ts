// The loss of a problem: the solution's terms (Leibniz rule through an affine transform), residuals, condition misfits and their weighted sum.
export { verifyImposed, verifyImposedReads } from './imposed.js';
export { CAUSAL_DEFAULTS, causalChunkMatrix, causalResidualLoss, checkCausalOptions, checkCausalProblem } from './causal.js';
export type { CausalLoss, CausalOptions, CheckedCausalOptions } from './causal.js';
export { conditionMisfits } from './misfits.js';
export { lossParts, partNames } from './parts.js';
export type { LossAdaptation, LossParts, LossShare, LossWeights } from './parts.js';
export { residuals, strictTerms } from './residuals.js';
export { solutionOf, solutionTerms } from './solution.js';
export type { SolutionFn } from './solution.js';
export { TransformTermsCache } from './transform_cache.js';
