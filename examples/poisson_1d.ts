// A 1-D boundary value problem with a source: -u'' = f on [0, 1], u(0) = u(1) = 0, for a source f
// whose solution is known: u(x) = e^x sin(2πx), so f = -u'' = e^x ((4π² - 1) sin(2πx) - 4π cos(2πx)).
// The residual reads the source at the collocation points (its second argument); the end values are
// soft loss terms.
//   npm run examples -- poisson_1d
import * as tf from '@tensorflow/tfjs';
import { Trainer, initBackend, type Problem } from 'tfjs-pinn';

const quick = process.argv.includes('--quick');
const threshold = quick ? 0.005 : 5e-4; // a few times the errors measured in docs/examples.md

await initBackend(undefined, { log: false });

const exact = (x: number) => Math.exp(x) * Math.sin(2 * Math.PI * x);
const source = (x: tf.Tensor) => {
  const w = 2 * Math.PI;
  return tf.exp(x).mul(tf.sin(x.mul(w)).mul(w * w - 1).sub(tf.cos(x.mul(w)).mul(2 * w)));
};

const problem: Problem = {
  name: 'poisson-1d',
  title: "-u'' = f on [0, 1], u = 0 at both ends",
  inputs: ['x'],
  outputs: ['u'],
  domain: { x: [0, 1] },
  terms: ['u_xx'],
  residual: (d, p) => d.u_xx.neg().sub(source(p.x)),
  conditions: [{ kind: 'dirichlet', on: ['x-min', 'x-max'], value: 0 }],
  exact: (p) => [Float64Array.from(p.x, exact)],
  grid: { x: 1001 },
};

const trainer = new Trainer(problem, {
  network: { hidden: [20, 20, 20] },
  sampling: { domain: 200, boundary: 2 },
  adam: { steps: quick ? 300 : 1000, lr: 2e-3 },
  lbfgs: { steps: quick ? 200 : 1000 },
});
await trainer.run();
const error = trainer.evaluate().relL2;
trainer.dispose();

console.log(`poisson_1d: relative L2 error of u ${error.toExponential(2)} (threshold ${threshold}${quick ? ', quick' : ''})`);
if (!(error <= threshold)) process.exitCode = 1;
