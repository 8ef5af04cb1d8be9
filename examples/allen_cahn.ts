// A bistable reaction-diffusion (Allen-Cahn / Nagumo) front: the stable state u = 1 invades u = 0.
//   u_t = D u_xx + k u (1 - u)(u - a) on x in [-1, 1], t in [0, 2], D = 0.01, k = 5, a = 0.2.
// Exact travelling front u = 1 / (1 + exp(-(x - s t) / w)) with width w = sqrt(2D/k) and speed
// s = sqrt(2Dk) (a - 1/2) (negative: the front moves left). The initial value and the end values are
// soft conditions taken from it.
//   npm run examples -- allen_cahn
import * as tf from '@tensorflow/tfjs';
import { Trainer, initBackend, type Problem } from 'tfjs-pinn';

const quick = process.argv.includes('--quick');
const threshold = quick ? 0.02 : 1e-3; // a few times the errors measured in docs/examples.md

await initBackend(undefined, { log: false });

const D = 0.01;
const k = 5;
const a = 0.2;
const w = Math.sqrt((2 * D) / k);
const s = Math.sqrt(2 * D * k) * (a - 0.5);
const exact = (x: number, t: number) => 1 / (1 + Math.exp(-(x - s * t) / w));
const front = (x: tf.Tensor, t: tf.Tensor | number) => tf.sigmoid(tf.sub(x, tf.mul(t, s)).div(w));

const problem: Problem = {
  name: 'allen-cahn-front',
  title: 'u_t = 0.01 u_xx + 5 u (1 - u)(u - 0.2), a bistable front',
  inputs: ['x', 't'],
  outputs: ['u'],
  domain: { x: [-1, 1], t: [0, 2] },
  time: 't',
  terms: ['u', 'u_t', 'u_xx'],
  residual: (d) => d.u_t.sub(d.u_xx.mul(D)).sub(d.u.mul(tf.sub(1, d.u)).mul(d.u.sub(a)).mul(k)),
  conditions: [
    { kind: 'initial', value: (p) => front(p.x, 0) },
    { kind: 'dirichlet', on: ['x-min', 'x-max'], value: (p) => front(p.x, p.t) },
  ],
  exact: (p) => [Float64Array.from(p.x, (x, i) => exact(x, p.t[i]))],
  grid: { x: 201, t: 101 },
  constants: { D, k, a },
};

const trainer = new Trainer(problem, {
  network: { hidden: [20, 20, 20] },
  sampling: { domain: quick ? 500 : 1500, boundary: quick ? 100 : 200, resampleEvery: quick ? 0 : 250 },
  adam: { steps: quick ? 200 : 1000, lr: 2e-3 },
  lbfgs: { steps: quick ? 150 : 1000 },
});
await trainer.run();
const error = trainer.evaluate().relL2;
trainer.dispose();

console.log(`allen_cahn: relative L2 error of u ${error.toExponential(2)} (threshold ${threshold}${quick ? ', quick' : ''})`);
if (!(error <= threshold)) process.exitCode = 1;
