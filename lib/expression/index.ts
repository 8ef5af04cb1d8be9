// Problems written as text: expressions parsed (no eval) and compiled into tf operations.
export type { Context as ExpressionContext, Evaluator, Scope, UserFunction } from './compile.js';
export { checkProblemDefinition } from './definition.js';
export type { CheckedDefinition, ConditionDefinition, ExpressionText, ProblemDefinition } from './definition.js';
export { ExpressionError } from './error.js';
export { GEOMETRY_FUNCTIONS } from './geometry.js';
export { parseExpression } from './parse.js';
export type { ExpressionNode } from './parse.js';
export { EXPRESSION_PRESETS, PRESETS_AS_MODULES } from './presets.js';
export { compileProblem } from './problem.js';
export { EXPRESSION_CONSTANTS, EXPRESSION_FUNCTIONS } from './vocabulary.js';
export type { BuiltinFunction, Value as ExpressionValue } from './vocabulary.js';
