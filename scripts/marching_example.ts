// The measured examples of docs/marching.md: a problem trained in W time windows against one window at the
// same total number of steps.
//
//   npx tsx scripts/marching_example.ts --problem allen-cahn --windows 10,5,1 --adam 10000 --lbfgs 3000 --lr 2e-3 --initial-weight 100 --backend wasm
//   npx tsx scripts/marching_example.ts --problem advection --c 50 --windows 10,5,1 --adam 6000 --lbfgs 1500 --backend wasm
//
// --adam and --lbfgs are the totals over all windows (each window gets its share). The problems are the shipped
// ones (allenCahnProblem, advectionProblem(c)), trained with a plain plan of this script's (not their modules'
// plans): a 3 x 32 tanh MLP of the raw (x, t), every condition a loss term. Prints one line per W: the
// relative L2 error over the problem's grid, the seconds of training, the steps taken, and the error over each
// tenth of the time interval.
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';

import { type Evaluated, advectionProblem, allenCahnProblem, createTrainer, initBackend, windowOf } from '../lib/index.js';

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
