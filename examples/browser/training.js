// Training a small PINN with the library's Trainer (Adam then L-BFGS) in a Web Worker
// (trainInWorker), so the page keeps drawing: every step's record comes back as a message and
// draws the loss curve; at the end the worker sends u on a 21 x 21 grid, compared here with the exact u.
import { drawHeatMap, drawLossCurve } from './heatmap.js';

const GRID = 21;

/**
 * The problems the page offers: the library's shipped problems with two inputs (a heat map's two axes).
 * @param {any} lib the tfjs-pinn module
 * @returns {{name: string, title: string}[]}
 */
export function trainableProblems(lib) {
  return Object.entries(lib.PROBLEMS)
    // A problem that cannot be built without its data files (burgers-inverse's observations) is left out.
    .filter(([, module]) => !(module.data ?? []).some((file) => file.required))
    .map(([name, module]) => ({ name, problem: module.problem() }))
    .filter(({ problem }) => problem.inputs.length === 2)
    .map(({ name, problem }) => ({ name, title: problem.title }));
}

/**
 * A GRID x GRID grid over a 2-input box: first input across, second down.
 * @param {string[]} inputs
 * @param {Record<string, [number, number]>} domain
 * @returns {Record<string, Float64Array>}
 */
function gridOver(inputs, domain) {
  const [a, b] = inputs;
  const pa = new Float64Array(GRID * GRID);
  const pb = new Float64Array(GRID * GRID);
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) {
      pa[r * GRID + c] = domain[a][0] + ((domain[a][1] - domain[a][0]) * c) / (GRID - 1);
      pb[r * GRID + c] = domain[b][0] + ((domain[b][1] - domain[b][0]) * r) / (GRID - 1);
    }
  }
  return { [a]: pa, [b]: pb };
}

/**
 * Solution and error on the grid, and the largest |error| (NaN without an exact solution).
 * @param {Float64Array | Float32Array} solution
 * @param {Float64Array | undefined} exact
 */
function compare(solution, exact) {
  if (exact === undefined) return { solution, error: new Float64Array(solution.length), maxError: NaN };
  const error = solution.map((v, i) => v - exact[i]);
  return { solution, error, maxError: error.reduce((m, e) => Math.max(m, Math.abs(e)), 0) };
}

/**
 * Trains `problem` for `steps` Adam steps then `lbfgs` L-BFGS iterations in a worker on `backend`
 * (undefined: the worker's fastest working one), calling `onStep` after each; `onStart` gets the
 * run (its `stop()` ends it after the current step, its `backend` tells where it trains).
 * @param {any} lib the tfjs-pinn module
 * @param {{problem: string, steps: number, lbfgs: number, backend?: string, onStart: (run: any) => void, onStep: (step: number, loss: number, phase: string) => void}} run
 * @returns {Promise<{losses: number[], solution: ArrayLike<number>, error: ArrayLike<number>, maxError: number, axes: string[], backend: {name: string, reason: string}, reason: string}>}
 */
export async function trainProblem(lib, run) {
  const module = lib.PROBLEMS[run.problem];
  const problem = module.problem();
  // Small enough for a software WebGL: a 2 x 16 x 16 net, 256 interior points.
  const options = {
    ...module.defaults,
    network: { ...module.defaults.network, hidden: [16, 16] },
    sampling: { ...module.defaults.sampling, domain: 256, boundary: 64, resampleEvery: 0, rar: null },
    adam: { steps: run.steps, lr: 1e-2 },
    lbfgs: { steps: run.lbfgs, historySize: 20 },
  };
  const points = gridOver(problem.inputs, problem.domain);
  const training = lib.trainInWorker({ problem: run.problem, options, backend: run.backend, predict: points });
  run.onStart(training);
  const losses = [];
  training.onProgress((record) => {
    losses.push(record.loss);
    run.onStep(losses.length, record.loss, record.phase);
  });
  const [backend, { result, prediction }] = await Promise.all([training.backend, training.result]);
  const exact = problem.exact?.(points)?.[0];
  return { losses, axes: problem.inputs, backend, reason: result.reason, ...compare(prediction[0], exact) };
}

/**
 * Draws a running or finished training: loss curve and, when given, the solution and its error
 * (returning the ranges their colours span).
 * @param {{loss: HTMLCanvasElement, solution: HTMLCanvasElement, error: HTMLCanvasElement}} el
 * @param {number[]} losses
 * @param {{solution: ArrayLike<number>, error: ArrayLike<number>} | undefined} [result]
 */
export function drawTraining(el, losses, result) {
  drawLossCurve(el.loss, losses);
  if (!result) return undefined;
  return { solution: drawHeatMap(el.solution, result.solution, GRID, GRID), error: drawHeatMap(el.error, result.error, GRID, GRID) };
}
