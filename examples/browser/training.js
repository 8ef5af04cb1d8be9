// Training a small PINN in the page with the library's Trainer (lib/pinn): Adam steps with a
// per-step callback that draws the loss curve, then u and its error on a 21 x 21 grid.
// Where the running build has no Trainer yet, a hand-written heat-equation loop over the
// library's MLP and partials stands in (same panel, same callback).
import { drawHeatMap, drawLossCurve } from './heatmap.js';

const GRID = 21;

/**
 * The problems the page offers: the library's shipped 2-input problems, or the stand-in.
 * @param {any} lib the tfjs-pinn module
 * @returns {{name: string, title: string}[]}
 */
export function trainableProblems(lib) {
  if (typeof lib.Trainer !== 'function' || lib.PROBLEMS === undefined) {
    return [{ name: 'heat-standin', title: 'heat u_t = 0.1 u_xx on [-1,1], sine initial value, zero ends (hand-written loop: this build has no Trainer)' }];
  }
  return Object.entries(lib.PROBLEMS)
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
 * Trains `problem` for `steps` Adam steps then `lbfgs` L-BFGS iterations, calling `onStep`
 * after each; stops early when `shouldStop()`.
 * @param {any} lib the tfjs-pinn module
 * @param {{problem: string, steps: number, lbfgs: number, shouldStop: () => boolean, onStep: (step: number, loss: number, phase: string) => void}} run
 * @returns {Promise<{losses: number[], solution: ArrayLike<number>, error: ArrayLike<number>, maxError: number, axes: string[]}>}
 */
export async function trainProblem(lib, run) {
  if (run.problem === 'heat-standin') return trainHeatStandIn(lib, run);
  const module = lib.PROBLEMS[run.problem];
  const problem = module.problem();
  // Small enough for a software WebGL: a 2 x 16 x 16 net, 256 interior points.
  const trainer = new lib.Trainer(problem, {
    ...module.defaults,
    network: { ...module.defaults.network, hidden: [16, 16] },
    sampling: { ...module.defaults.sampling, domain: 256, boundary: 64, resampleEvery: 0, rar: null },
    adam: { steps: run.steps, lr: 1e-2 },
    lbfgs: { steps: run.lbfgs, historySize: 20 },
  });
  const losses = [];
  try {
    await trainer.run({
      yieldEvery: 1,
      onStep: (record) => {
        losses.push(record.loss);
        run.onStep(losses.length, record.loss, record.phase);
        return !run.shouldStop();
      },
    });
    const points = gridOver(problem.inputs, problem.domain);
    const solution = trainer.predict(points)[0];
    const exact = problem.exact?.(points)?.[0];
    return { losses, axes: problem.inputs, ...compare(solution, exact) };
  } finally {
    trainer.dispose();
  }
}

/**
 * The stand-in: heat equation u_t = 0.1 u_xx on [-1, 1] x [0, 1], u(x, 0) = sin(pi x),
 * u(+-1, t) = 0, exact exp(-0.1 pi^2 t) sin(pi x), from the library's MLP and partials.
 * @param {any} lib
 * @param {{steps: number, shouldStop: () => boolean, onStep: (step: number, loss: number, phase: string) => void}} run
 */
async function trainHeatStandIn(lib, run) {
  const { tf } = lib;
  const nu = 0.1;
  const net = new lib.MLP({ sizes: [2, 16, 16, 1], activation: 'tanh', seed: 1, inputs: ['x', 't'] });
  const col = (values) => tf.tensor2d(Array.from(values), [values.length, 1]);
  const unit = Array.from({ length: 256 }, (_, i) => [((i * 0.618034) % 1), ((i * 0.7548777) % 1)]);
  const xi = col(unit.map(([a]) => -1 + 2 * a));
  const ti = col(unit.map(([, b]) => b));
  const edge = Array.from({ length: 32 }, (_, i) => i / 31);
  const xb = col([...edge.map(() => -1), ...edge.map(() => 1)]);
  const tb = col([...edge, ...edge]);
  const line = Array.from({ length: 64 }, (_, i) => -1 + (2 * i) / 63);
  const x0 = col(line);
  const t0 = col(line.map(() => 0));
  const u0 = col(line.map((x) => Math.sin(Math.PI * x)));
  const optimizer = tf.train.adam(1e-2);
  const losses = [];
  try {
    for (let step = 1; step <= run.steps && !run.shouldStop(); step++) {
      const loss = optimizer.minimize(() => {
        const d = lib.partials(net, { x: xi, t: ti }, ['u_t', 'u_xx']);
        const residual = tf.sub(d.u_t, tf.mul(nu, d.u_xx));
        const initial = tf.sub(net.forward({ x: x0, t: t0 }), u0);
        return tf.addN([tf.mean(tf.square(residual)), tf.mean(tf.square(net.forward({ x: xb, t: tb }))), tf.mean(tf.square(initial))]);
      }, true, net.variables);
      const value = (await loss.data())[0];
      loss.dispose();
      losses.push(value);
      run.onStep(step, value, 'adam');
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const points = gridOver(['x', 't'], { x: [-1, 1], t: [0, 1] });
    const u = tf.tidy(() => net.forward({ x: col(points.x), t: col(points.t) }));
    const solution = await u.data();
    u.dispose();
    const exact = points.x.map((x, i) => Math.exp(-Math.PI * Math.PI * nu * points.t[i]) * Math.sin(Math.PI * x));
    return { losses, axes: ['x', 't'], ...compare(solution, exact) };
  } finally {
    tf.dispose([xi, ti, xb, tb, x0, t0, u0]);
    optimizer.dispose();
    net.dispose();
  }
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
