// Two species carried by a flow, diffusing and exchanging mass: a system of two outputs, periodic in x.
//   u_t + c u_x = D u_xx - κ (u - v)
//   v_t + c v_x = D v_xx + κ (u - v)      on x in [0, 2] (periodic), t in [0, 1], c = 0.5, D = 0.05, κ = 0.5.
// The sum s = u + v only drifts and diffuses, the difference w = u - v also decays at rate 2κ:
//   s = e^(-Dπ²t) sin(π(x - ct)),  w = e^(-(Dπ² + 2κ)t) cos(π(x - ct)),  u = (s + w)/2, v = (s - w)/2.
// Initial values for both outputs and periodic u, u_x, v, v_x are soft conditions.
//   npm run examples -- advection_diffusion_system
import * as tf from '@tensorflow/tfjs';
import { Trainer, initBackend, type Problem } from 'tfjs-pinn';

const quick = process.argv.includes('--quick');
const threshold = quick ? 0.1 : 2e-3; // a few times the errors measured in docs/examples.md

await initBackend(undefined, { log: false });

const c = 0.5;
const D = 0.05;
const kappa = 0.5;
const sum = (x: number, t: number) => Math.exp(-D * Math.PI ** 2 * t) * Math.sin(Math.PI * (x - c * t));
const diff = (x: number, t: number) => Math.exp(-(D * Math.PI ** 2 + 2 * kappa) * t) * Math.cos(Math.PI * (x - c * t));

const problem: Problem = {
  name: 'advection-diffusion-system',
  title: 'two species advected, diffusing and exchanging (periodic in x)',
  inputs: ['x', 't'],
  outputs: ['u', 'v'],
  domain: { x: [0, 2], t: [0, 1] },
  time: 't',
  terms: ['u', 'v', 'u_t', 'v_t', 'u_x', 'v_x', 'u_xx', 'v_xx'],
  residual: (d) => {
    const exchange = d.u.sub(d.v).mul(kappa);
    return [
      d.u_t.add(d.u_x.mul(c)).sub(d.u_xx.mul(D)).add(exchange),
      d.v_t.add(d.v_x.mul(c)).sub(d.v_xx.mul(D)).sub(exchange),
    ];
  },
  residualNames: ['u', 'v'],
  conditions: [
    { kind: 'initial', output: 'u', value: (p) => tf.sin(p.x.mul(Math.PI)).add(tf.cos(p.x.mul(Math.PI))).mul(0.5) },
    { kind: 'initial', output: 'v', value: (p) => tf.sin(p.x.mul(Math.PI)).sub(tf.cos(p.x.mul(Math.PI))).mul(0.5) },
    { kind: 'periodic', input: 'x', derivatives: 1, output: 'u' },
    { kind: 'periodic', input: 'x', derivatives: 1, output: 'v' },
  ],
  exact: (p) => [
    Float64Array.from(p.x, (x, i) => (sum(x, p.t[i]) + diff(x, p.t[i])) / 2),
    Float64Array.from(p.x, (x, i) => (sum(x, p.t[i]) - diff(x, p.t[i])) / 2),
  ],
  grid: { x: 101, t: 101 },
  constants: { c, D, kappa },
};

const trainer = new Trainer(problem, {
  network: { hidden: [30, 30, 30] },
  sampling: { domain: quick ? 500 : 2000, boundary: quick ? 100 : 200 },
  adam: { steps: quick ? 200 : 1000, lr: 2e-3 },
  lbfgs: { steps: quick ? 150 : 2000 },
});
await trainer.run();
const error = trainer.evaluate().relL2;
trainer.dispose();

console.log(`advection_diffusion_system: relative L2 error of (u, v) ${error.toExponential(2)} (threshold ${threshold}${quick ? ', quick' : ''})`);
if (!(error <= threshold)) process.exitCode = 1;
