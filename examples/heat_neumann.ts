// The heat equation with insulated ends: u_t = α u_xx on x in [0, 1], t in [0, 1], α = 0.1,
// u_x = 0 at both ends (Neumann: no heat flows out), u(x, 0) = 1 + cos(πx) + cos(2πx) / 2.
// Exact: u = 1 + e^(-απ²t) cos(πx) + e^(-4απ²t) cos(2πx) / 2; the mean, 1, is conserved.
// Every condition is a soft loss term.
//   npm run examples -- heat_neumann
import * as tf from '@tensorflow/tfjs';
import { Trainer, initBackend, type Problem } from 'tfjs-pinn';

const quick = process.argv.includes('--quick');
const threshold = quick ? 0.05 : 5e-4; // a few times the errors measured in docs/examples.md

await initBackend(undefined, { log: false });

const alpha = 0.1;
const k = alpha * Math.PI ** 2;
const exact = (x: number, t: number) => 1 + Math.exp(-k * t) * Math.cos(Math.PI * x) + 0.5 * Math.exp(-4 * k * t) * Math.cos(2 * Math.PI * x);

const problem: Problem = {
  name: 'heat-neumann',
  title: 'u_t = 0.1 u_xx on [0, 1], insulated ends',
  inputs: ['x', 't'],
  outputs: ['u'],
  domain: { x: [0, 1], t: [0, 1] },
  time: 't',
  terms: ['u_t', 'u_xx'],
  residual: (d) => d.u_t.sub(d.u_xx.mul(alpha)),
  conditions: [
    { kind: 'initial', value: (p) => tf.cos(p.x.mul(Math.PI)).add(tf.cos(p.x.mul(2 * Math.PI)).mul(0.5)).add(1) },
    { kind: 'neumann', on: ['x-min', 'x-max'], value: 0 },
  ],
  exact: (p) => [Float64Array.from(p.x, (x, i) => exact(x, p.t[i]))],
  grid: { x: 101, t: 101 },
  constants: { alpha },
};

const trainer = new Trainer(problem, {
  network: { hidden: [20, 20, 20] },
  sampling: { domain: quick ? 500 : 2000, boundary: quick ? 100 : 200 },
  adam: { steps: quick ? 200 : 1000, lr: 2e-3 },
  lbfgs: { steps: quick ? 150 : 1500 },
});
await trainer.run();
const error = trainer.evaluate().relL2;
trainer.dispose();

console.log(`heat_neumann: relative L2 error of u ${error.toExponential(2)} (threshold ${threshold}${quick ? ', quick' : ''})`);
if (!(error <= threshold)) process.exitCode = 1;
