// A problem module as a page would write one for trainInWorker({ problem: { url, export } }):
// it takes the library from the worker's bundle URL, so the worker keeps one copy of tfjs.
import { heat } from '../../../dist/browser/tfjs-pinn.bundle.js';

/** The shipped heat problem under another export name. */
export const myHeat = { problem: heat.problem, defaults: heat.defaults };
