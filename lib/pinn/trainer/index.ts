export type { Evaluated } from './evaluation.js';
export { NonFiniteLossError } from './records.js';
export type { StepRecord, TrainResult } from './records.js';
export type { TrainerState } from './state.js';
export { Trainer } from './trainer.js';
export type { StepCallback } from './trainer.js';
export type { GradientRead, LossAndGrads, LossAndGradsRead, LossEvaluator } from './objective.js';
