export { REPAIRED_GRADIENTS, repairHigherOrderGradients } from './register.js';
