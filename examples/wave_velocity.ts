// The wave equation started with a velocity: u_tt = u_xx on x in [0, 1], t in [0, 1], fixed ends,
// u(x, 0) = sin(πx), u_t(x, 0) = 2π sin(2πx). Exact: u = sin(πx) cos(πt) + sin(2πx) sin(2πt).
// u = sin(πx) + t x (1 - x) N(x, t) holds the initial value and the ends for any network N (imposed);
// the initial velocity is a soft condition (an initialVelocity condition: u_t = g on the t-min face).
//   npm run examples -- wave_velocity
import * as tf from '@tensorflow/tfjs';
import { Trainer, initBackend, type Problem } from 'tfjs-pinn';

const quick = process.argv.includes('--quick');
const threshold = quick ? 0.4 : 2e-3; // a few times the errors measured in docs/examples.md

await initBackend(undefined, { log: false });

const exact = (x: number, t: number) => Math.sin(Math.PI * x) * Math.cos(Math.PI * t) + Math.sin(2 * Math.PI * x) * Math.sin(2 * Math.PI * t);

const problem: Problem = {
  name: 'wave-velocity',
  title: 'u_tt = u_xx on [0, 1], fixed ends, initial value and initial velocity',
  inputs: ['x', 't'],
  outputs: ['u'],
  domain: { x: [0, 1], t: [0, 1] },
  time: 't',
  terms: ['u_tt', 'u_xx'],
  residual: (d) => d.u_tt.sub(d.u_xx),
  conditions: [
    { kind: 'initial', value: (p) => tf.sin(p.x.mul(Math.PI)), imposed: true },
    { kind: 'dirichlet', on: ['x-min', 'x-max'], value: 0, imposed: true },
    { kind: 'initialVelocity', value: (p) => tf.sin(p.x.mul(2 * Math.PI)).mul(2 * Math.PI) },
  ],
  transform: { value: (p) => tf.sin(p.x.mul(Math.PI)), scale: (p) => p.t.mul(p.x).mul(tf.sub(1, p.x)) },
  exact: (p) => [Float64Array.from(p.x, (x, i) => exact(x, p.t[i]))],
  grid: { x: 101, t: 101 },
};

const trainer = new Trainer(problem, {
  network: { hidden: [20, 20, 20] },
  sampling: { domain: quick ? 500 : 2000, boundary: quick ? 100 : 200 },
  adam: { steps: quick ? 200 : 1000, lr: 2e-3 },
  lbfgs: { steps: quick ? 150 : 2000 },
});
await trainer.run();
const error = trainer.evaluate().relL2;
trainer.dispose();

console.log(`wave_velocity: relative L2 error of u ${error.toExponential(2)} (threshold ${threshold}${quick ? ', quick' : ''})`);
if (!(error <= threshold)) process.exitCode = 1;
