// The measured examples of docs/marching.md: a problem trained in W time windows against one window at the
// same total number of steps.
//
//   npx tsx scripts/marching_example.ts --problem allen-cahn --windows 10,5,1 --adam 10000 --lbfgs 3000 --lr 2e-3 --initial-weight 100 --backend wasm
//   npx tsx scripts/marching_example.ts --problem advection --c 50 --windows 10,5,1 --adam 6000 --lbfgs 1500 --backend wasm
//
// --adam and --lbfgs are the totals over all windows (each window gets its share). Prints one line per W: the
// relative L2 error over the problem's grid, the seconds of training, the steps taken, and the error over each
// tenth of the time interval.
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';

import { type Evaluated, type Problem, allenCahnReference, createTrainer, initBackend, windowOf } from '../lib/index.js';

/**
 * Advection u_t + c u_x = 0 on x in [0, 2 pi], t in [0, 1], u(x, 0) = sin x, periodic in x, exact sin(x - c t);
 * every condition a loss term (time marching moves the initial one to each window's start).
 *
 * @example
 * advectionProblem(50).exact!({ x: Float64Array.of(1), t: Float64Array.of(0.1) }); // [sin(1 - 5)]
 */
export function advectionProblem(c: number): Problem {
  return {
    name: 'advection',
    title: `advection u_t + ${c} u_x = 0, sin x, periodic`,
    inputs: ['x', 't'],
    outputs: ['u'],
    domain: { x: [0, 2 * Math.PI], t: [0, 1] },
    time: 't',
    terms: ['u_t', 'u_x'],
    residual: (d) => tf.add(d.u_t, tf.mul(d.u_x, c)) as tf.Tensor2D,
    conditions: [
      { kind: 'initial', value: (p) => tf.sin(p.x) as tf.Tensor2D },
      { kind: 'periodic', input: 'x' },
    ],
    exact: (p) => [Float64Array.from(p.x, (x, i) => Math.sin(x - c * p.t[i]))],
    grid: { x: 256, t: 101 },
    constants: { c },
  };
}

/**
 * Allen-Cahn u_t - 1e-4 u_xx + 5u^3 - 5u = 0 on x in [-1, 1] periodic (u and u_x), t in [0, 1],
 * u(x, 0) = x^2 cos(pi x); the reference is lib/reference's ETDRK4 solution on AC.mat's grid (512 x 201),
 * which the error grid (513 x 201, x = 1 the same point as x = -1) hits exactly.
 *
 * @example
 * new MarchingTrainer(allenCahnProblem(), { marching: { windows: 10 } });
 */
export function allenCahnProblem(): Problem {
  const ref = allenCahnReference();
  const [nx, nt] = [ref.x.length, ref.t.length];
  return {
    name: 'allen-cahn',
    title: 'Allen-Cahn, x^2 cos(pi x), periodic',
    inputs: ['x', 't'],
    outputs: ['u'],
    domain: { x: [-1, 1], t: [0, 1] },
    time: 't',
    terms: ['u', 'u_t', 'u_xx'],
    residual: (d) => tf.add(tf.sub(d.u_t, tf.mul(d.u_xx, 1e-4)), tf.mul(tf.sub(tf.pow(d.u, 3), d.u), 5)) as tf.Tensor2D,
    conditions: [
      { kind: 'initial', value: (p) => tf.mul(tf.square(p.x), tf.cos(tf.mul(p.x, Math.PI))) as tf.Tensor2D },
      { kind: 'periodic', input: 'x', derivatives: 1 },
    ],
    exact: (p) =>
      [Float64Array.from(p.x, (x, k) => {
        const i = Math.round(((x + 1) / 2) * nx) % nx;
        const j = Math.round(p.t[k] * (nt - 1));
        return ref.u[i * nt + j];
      })],
    grid: { x: nx + 1, t: nt },
  };
}

/** The relative L2 error over each tenth of the time interval (grid rows grouped as windowOf groups points). */
function byTenth(ev: Evaluated): number[] {
  const edges = Array.from({ length: 11 }, (_, k) => k / 10);
  const num = new Float64Array(10);
  const den = new Float64Array(10);
  ev.points.t.forEach((t, i) => {
    const k = windowOf(edges, t);
    num[k] += (ev.predicted[0][i] - ev.exact[0][i]) ** 2;
    den[k] += ev.exact[0][i] ** 2;
  });
  return Array.from(num, (n, k) => Math.sqrt(n / den[k]));
}

const { values } = parseArgs({
  options: {
    problem: { type: 'string', default: 'allen-cahn' },
    windows: { type: 'string', default: '10,5,1' },
    adam: { type: 'string', default: '5000' },
    lbfgs: { type: 'string', default: '1000' },
    c: { type: 'string', default: '50' },
    lr: { type: 'string', default: '1e-3' },
    'initial-weight': { type: 'string', default: '1' },
    backend: { type: 'string' },
  },
});
tf.env().set('IS_TEST', true);
const choice = await initBackend(values.backend as 'wasm' | 'cpu' | 'tensorflow' | undefined, { log: false });
const problem = values.problem === 'advection' ? advectionProblem(Number(values.c)) : allenCahnProblem();
console.log(`${problem.title}, ${choice.name} backend, totals: ${values.adam} Adam steps (lr ${values.lr}) + ${values.lbfgs} L-BFGS iterations, initial condition weight ${values['initial-weight']}`);
for (const windows of values.windows.split(',').map(Number)) {
  const adam = Math.round(Number(values.adam) / windows);
  const lbfgs = Math.round(Number(values.lbfgs) / windows);
  const trainer = createTrainer(problem, {
    network: { hidden: [32, 32, 32], activation: 'tanh', seed: 1 },
    sampling: { method: 'sobol', domain: 1000, boundary: 200, seed: 1 },
    adam: { steps: adam, lr: Number(values.lr) },
    lbfgs: { steps: lbfgs, historySize: 50 },
    weights: { conditions: { initial: Number(values['initial-weight']) } },
    marching: windows === 1 ? null : { windows },
  });
  try {
    const t0 = performance.now();
    const result = await trainer.run();
    const seconds = (performance.now() - t0) / 1000;
    const ev = trainer.evaluate();
    console.log(`windows ${String(windows).padStart(2)}: rel L2 ${ev.relL2.toExponential(2)}, ${seconds.toFixed(0)} s, ${result.steps} steps (${adam} + ${lbfgs} per window), last loss ${result.loss.toExponential(2)}`);
    console.log(`  rel L2 by tenth of the time interval: ${byTenth(ev).map((e) => e.toExponential(1)).join(' ')}`);
  } finally {
    trainer.dispose();
  }
}
