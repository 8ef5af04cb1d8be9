// The hook is internal: it is not part of the public API.
import { setTaylorPlanner } from '../derivatives/partials.js';
import { taylorPlanner } from './planner.js';

// Importing the library routes partials() for MLPs through Taylor mode (a side effect by design).
setTaylorPlanner(taylorPlanner);

export { MAX_TAYLOR_ORDER } from '../derivatives/max_taylor_order.js';
export { taylor } from './taylor.js';
