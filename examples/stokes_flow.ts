// Stokes flow in a closed box: a system of three outputs (u, v, p) with no-slip walls and a body force,
//   -ν Δu + p_x = f1,  -ν Δv + p_y = f2,  u_x + v_y = 0   on [0, 1]²,  u = v = 0 on the walls, ν = 0.1,
// manufactured from the stream function ψ = sin²(πx) sin²(πy) and p = cos(πx) cos(πy):
//   u = π sin²(πx) sin(2πy),  v = -π sin(2πx) sin²(πy),
//   f1 = -2νπ³ sin(2πy)(2cos(2πx) - 1) - π sin(πx) cos(πy),  f2 = 2νπ³ sin(2πx)(2cos(2πy) - 1) - π cos(πx) sin(πy).
// No-slip is imposed exactly by the output transform below. The pressure is fixed only up to a constant, so it is compared after removing the mean (upToConstant).
//   npm run examples -- stokes_flow
import * as tf from '@tensorflow/tfjs';
import { Trainer, initBackend, type Problem } from 'tfjs-pinn';

const quick = process.argv.includes('--quick');
const threshold = quick ? 0.02 : 5e-3; // a few times the errors measured in docs/examples.md

await initBackend(undefined, { log: false });

const { PI, sin, cos } = Math;
const nu = 0.1;
const exact = {
  u: (x: number, y: number) => PI * sin(PI * x) ** 2 * sin(2 * PI * y),
  v: (x: number, y: number) => -PI * sin(2 * PI * x) * sin(PI * y) ** 2,
  p: (x: number, y: number) => cos(PI * x) * cos(PI * y),
};
// The forces, as tensors of the collocation points.
const s = (x: tf.Tensor, k: number) => tf.sin(x.mul(k * PI));
const c = (x: tf.Tensor, k: number) => tf.cos(x.mul(k * PI));
const f1 = (x: tf.Tensor, y: tf.Tensor) => s(y, 2).mul(c(x, 2).mul(2).sub(1)).mul(-2 * nu * PI ** 3).sub(s(x, 1).mul(c(y, 1)).mul(PI));
const f2 = (x: tf.Tensor, y: tf.Tensor) => s(x, 2).mul(c(y, 2).mul(2).sub(1)).mul(2 * nu * PI ** 3).sub(c(x, 1).mul(s(y, 1)).mul(PI));

const problem: Problem = {
  name: 'stokes-box',
  title: 'Stokes flow in the unit square, ν = 0.1, no-slip walls, manufactured body force',
  inputs: ['x', 'y'],
  outputs: ['u', 'v', 'p'],
  domain: { x: [0, 1], y: [0, 1] },
  terms: ['u_x', 'v_y', 'p_x', 'p_y', 'u_xx', 'u_yy', 'v_xx', 'v_yy'],
  residual: (d, p) => [
    d.u_xx.add(d.u_yy).mul(-nu).add(d.p_x).sub(f1(p.x, p.y)),
    d.v_xx.add(d.v_yy).mul(-nu).add(d.p_y).sub(f2(p.x, p.y)),
    d.u_x.add(d.v_y),
  ],
  residualNames: ['momentum-x', 'momentum-y', 'continuity'],
  conditions: [
    { kind: 'dirichlet', on: 'boundary', output: 'u', value: 0, imposed: true },
    { kind: 'dirichlet', on: 'boundary', output: 'v', value: 0, imposed: true },
  ],
  // (u, v, p) = (φ N_u, φ N_v, N_p) with φ = 16 x(1 - x) y(1 - y), zero on the walls: no-slip for any network.
  transform: {
    value: (p) => tf.zeros([p.x.shape[0], 3]),
    scale: (p) => {
      const phi = p.x.mul(tf.sub(1, p.x)).mul(p.y).mul(tf.sub(1, p.y)).mul(16);
      return tf.concat([phi, phi, tf.onesLike(phi)], 1);
    },
  },
  exact: (p) => Object.values(exact).map((f) => Float64Array.from(p.x, (x, i) => f(x, p.y[i]))),
  grid: { x: 51, y: 51 },
  upToConstant: ['p'],
  constants: { nu },
};

const trainer = new Trainer(problem, {
  network: { hidden: [30, 30, 30] },
  sampling: { domain: quick ? 600 : 1500, resampleEvery: quick ? 0 : 500 },
  adam: { steps: quick ? 250 : 1000, lr: 2e-3 },
  lbfgs: { steps: quick ? 150 : 2000 },
});
await trainer.run();
const { relL2, relL2ByOutput: by } = trainer.evaluate();
trainer.dispose();

const parts = `u ${by.u.toExponential(1)}, v ${by.v.toExponential(1)}, p ${by.p.toExponential(1)}`;
console.log(`stokes_flow: relative L2 error of (u, v, p) ${relL2.toExponential(2)} (threshold ${threshold}${quick ? ', quick' : ''}; ${parts})`);
if (!(relL2 <= threshold)) process.exitCode = 1;
