export { checkProblem } from './check.js';
export { conditionBoundary, face, problemGeometry } from './geometry.js';
export type { ConditionBoundary, Face } from './geometry.js';
export { conditionName } from './names.js';
export { dataCondition, meshData } from './data_condition.js';
export type { DataConditionOptions, Observations } from './data_condition.js';
export { problemConstants } from './constants.js';
