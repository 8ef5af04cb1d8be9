// Fast periodic advection with a little diffusion, trained window by window with the toolbox:
//   u_t + 5 u_x = 0.01 u_xx on x in (0, 2π) periodic, t in (0, 2), u(x, 0) = sin x;
// exact u = exp(-0.01 t) sin(x - 5 t): the wave crosses the domain about 1.6 times.
// The tools: x enters as cos x, sin x (network.embedding.periodic, so the periodic condition holds exactly and
// leaves the loss), every input mapped to [-1, 1] (network.normalize, each window's t from its own range), and
// four time windows (marching), each starting from the previous window's u, its initial value weighted 100.
// A plain network (no embedding, no normalisation, one window, the same 3,200 steps): 1.3e-2 (docs/examples.md).
//   npm run examples -- advection_marching
import * as tf from '@tensorflow/tfjs';
import { createTrainer, initBackend, type Problem } from 'tfjs-pinn';

const quick = process.argv.includes('--quick');
const threshold = quick ? 0.05 : 1e-2; // a few times the errors measured in docs/examples.md

await initBackend(undefined, { log: false });

const c = 5;
const nu = 0.01;
const problem: Problem = {
  name: 'advection-diffusion-periodic',
  title: 'u_t + 5 u_x = 0.01 u_xx, periodic, u0 = sin x',
  inputs: ['x', 't'],
  outputs: ['u'],
  domain: { x: [0, 2 * Math.PI], t: [0, 2] },
  time: 't',
  terms: ['u', 'u_t', 'u_x', 'u_xx'],
  residual: (d) => d.u_t.add(d.u_x.mul(c)).sub(d.u_xx.mul(nu)),
  conditions: [
    { kind: 'initial', value: (p) => tf.sin(p.x) },
    { kind: 'periodic', input: 'x' },
  ],
  exact: (p) => [Float64Array.from(p.x, (x, i) => Math.exp(-nu * p.t[i]) * Math.sin(x - c * p.t[i]))],
  grid: { x: 128, t: 101 },
  constants: { c, nu },
};

const trainer = createTrainer(problem, {
  network: { hidden: [32, 32, 32], seed: 1, embedding: { periodic: { x: 2 * Math.PI } }, normalize: true },
  sampling: { domain: quick ? 500 : 1000, boundary: 128, seed: 1 },
  adam: { steps: quick ? 150 : 400, lr: 1e-3 },
  lbfgs: { steps: quick ? 100 : 400 },
  weights: { conditions: { initial: 100 } },
  marching: { windows: 4 },
});
await trainer.run();
const error = trainer.evaluate().relL2;
trainer.dispose();

console.log(`advection_marching: relative L2 error of u ${error.toExponential(2)} (threshold ${threshold}${quick ? ', quick' : ''}; 4 windows)`);
if (!(error <= threshold)) process.exitCode = 1;
