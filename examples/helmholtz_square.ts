// The Helmholtz equation on the unit square with a hard boundary condition (after DeepXDE's example):
//   -Δu - k² u = f on [0, 1]², u = 0 on the boundary, k = 2π, f = k² sin(kx) sin(ky),
// exact u = sin(kx) sin(ky) (one period each way). u = 16 x(1 - x) y(1 - y) N(x, y) vanishes on the
// boundary for any network N, so the condition is imposed (the trainer checks that claim) and the loss is
// the residual alone; the factor 16 makes the scale 1 at the centre. The residual is divided by k² so the
// loss starts near 1. A sine network suits the oscillating solution.
// (With k = 4π, DeepXDE's n = 2, these networks stay at u = 0 for hundreds of Adam steps.)
//   npm run examples -- helmholtz_square
import * as tf from '@tensorflow/tfjs';
import { Trainer, initBackend, type Problem } from 'tfjs-pinn';

const quick = process.argv.includes('--quick');
const threshold = quick ? 5e-3 : 1e-3; // a few times the errors measured in docs/examples.md

await initBackend(undefined, { log: false });

const k = 2 * Math.PI;
const problem: Problem = {
  name: 'helmholtz-square',
  title: '-Δu - k² u = f on the unit square, u = 0 imposed, k = 2π',
  inputs: ['x', 'y'],
  outputs: ['u'],
  domain: { x: [0, 1], y: [0, 1] },
  terms: ['u', 'u_xx', 'u_yy'],
  residual: (d, p) => d.u_xx.add(d.u_yy).div(k * k).add(d.u).add(tf.sin(p.x.mul(k)).mul(tf.sin(p.y.mul(k)))),
  conditions: [{ kind: 'dirichlet', on: 'boundary', value: 0, imposed: true }],
  transform: {
    value: (p) => tf.zerosLike(p.x),
    scale: (p) => p.x.mul(tf.sub(1, p.x)).mul(p.y).mul(tf.sub(1, p.y)).mul(16),
  },
  exact: (p) => [Float64Array.from(p.x, (x, i) => Math.sin(k * x) * Math.sin(k * p.y[i]))],
  grid: { x: 101, y: 101 },
  constants: { k },
};

const trainer = new Trainer(problem, {
  network: { hidden: [30, 30], activation: 'sin' },
  sampling: { domain: quick ? 600 : 1500, resampleEvery: quick ? 0 : 500 },
  adam: { steps: quick ? 300 : 1000, lr: 5e-3 },
  lbfgs: { steps: quick ? 100 : 1000 },
});
await trainer.run();
const error = trainer.evaluate().relL2;
trainer.dispose();

console.log(`helmholtz_square: relative L2 error of u ${error.toExponential(2)} (threshold ${threshold}${quick ? ', quick' : ''})`);
if (!(error <= threshold)) process.exitCode = 1;
