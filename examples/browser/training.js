// A small PINN trained in the page: the heat equation u_t = nu u_xx on [-1, 1] x [0, 1],
// u(x, 0) = sin(pi x), u(+-1, t) = 0, exact u = exp(-pi^2 nu t) sin(pi x).
// Built from the library's MLP and partials with a tfjs optimizer, one step per animation frame.
import { drawHeatMap, drawLossCurve } from './heatmap.js';

const NU = 0.1;
const GRID = 21;

/** @param {number} x @param {number} t */
const exact = (x, t) => Math.exp(-Math.PI * Math.PI * NU * t) * Math.sin(Math.PI * x);

/**
 * Evenly spread points of the unit square (a Halton sequence), mapped to the domain.
 * @param {number} n
 * @returns {{x: number[], t: number[]}}
 */
function interiorPoints(n) {
  const halton = (i, base) => {
    let f = 1;
    let r = 0;
    for (let k = i; k > 0; k = Math.floor(k / base)) {
      f /= base;
      r += f * (k % base);
    }
    return r;
  };
  const x = [];
  const t = [];
  for (let i = 1; i <= n; i++) {
    x.push(-1 + 2 * halton(i, 2));
    t.push(halton(i, 3));
  }
  return { x, t };
}

/**
 * Trains the PINN, calling `onStep` after every step; resolves when done or stopped.
 * @param {any} lib the tfjs-pinn module
 * @param {{steps: number, shouldStop: () => boolean, onStep: (step: number, loss: number) => void}} run
 * @returns {Promise<{losses: number[], solution: Float32Array, error: Float32Array, maxError: number}>}
 */
export async function trainHeat(lib, run) {
  const { tf } = lib;
  const net = new lib.MLP({ sizes: [2, 16, 16, 1], activation: 'tanh', seed: 1, inputs: ['x', 't'] });
  const col = (values) => tf.tensor2d(values, [values.length, 1]);
  const inner = interiorPoints(256);
  const xi = col(inner.x);
  const ti = col(inner.t);
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
        const residual = tf.sub(d.u_t, tf.mul(NU, d.u_xx));
        const boundary = net.forward({ x: xb, t: tb });
        const initial = tf.sub(net.forward({ x: x0, t: t0 }), u0);
        return tf.addN([tf.mean(tf.square(residual)), tf.mean(tf.square(boundary)), tf.mean(tf.square(initial))]);
      }, true, net.variables);
      const value = (await loss.data())[0];
      loss.dispose();
      losses.push(value);
      run.onStep(step, value);
      // Yield to the page so the loss curve and buttons stay live.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return { losses, ...(await evaluate(lib, net)) };
  } finally {
    tf.dispose([xi, ti, xb, tb, x0, t0, u0]);
    optimizer.dispose();
    net.dispose();
  }
}

/**
 * u on a GRID x GRID grid (x across, t down) and its error against the exact solution.
 * @param {any} lib
 * @param {any} net
 */
async function evaluate(lib, net) {
  const { tf } = lib;
  const xs = [];
  const ts = [];
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) {
      xs.push(-1 + (2 * c) / (GRID - 1));
      ts.push(r / (GRID - 1));
    }
  }
  const u = tf.tidy(() => net.forward({ x: tf.tensor2d(xs, [xs.length, 1]), t: tf.tensor2d(ts, [ts.length, 1]) }));
  const solution = await u.data();
  u.dispose();
  const error = solution.map((v, i) => v - exact(xs[i], ts[i]));
  const maxError = error.reduce((m, e) => Math.max(m, Math.abs(e)), 0);
  return { solution, error, maxError };
}

/**
 * Draws a finished or running training: loss curve and, when given, the solution and its error.
 * @param {{loss: HTMLCanvasElement, solution: HTMLCanvasElement, error: HTMLCanvasElement}} el
 * @param {number[]} losses
 * @param {{solution: Float32Array, error: Float32Array} | undefined} result
 */
export function drawTraining(el, losses, result) {
  drawLossCurve(el.loss, losses);
  if (result) {
    drawHeatMap(el.solution, result.solution, GRID, GRID);
    drawHeatMap(el.error, result.error, GRID, GRID);
  }
}
