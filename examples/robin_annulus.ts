// A Robin condition on the hole of a plate: Poisson on a disk with a hole, a CSG difference,
//   -Δu = f in 0.4 < r < 1,  u = g on the outer circle,  u + 0.5 du/dn = h on the hole,
// with n the outward normal of the domain (on the hole it points to the centre). Manufactured from
// u = sin(πx/2) cos(πy/2) + x y, so f = (π²/2) sin(πx/2) cos(πy/2); g and h are formed from u and the
// normals the trainer passes to value functions. Both conditions are soft.
//   npm run examples -- robin_annulus
import * as tf from '@tensorflow/tfjs';
import { Trainer, difference, disk, initBackend, type Problem } from 'tfjs-pinn';

const quick = process.argv.includes('--quick');
const threshold = quick ? 0.03 : 2e-3; // a few times the errors measured in docs/examples.md

await initBackend(undefined, { log: false });

const h = Math.PI / 2;
const exact = (x: number, y: number) => Math.sin(h * x) * Math.cos(h * y) + x * y;
type Cols = Record<string, tf.Tensor>;
const u = (p: Cols) => tf.sin(p.x.mul(h)).mul(tf.cos(p.y.mul(h))).add(p.x.mul(p.y));
const ux = (p: Cols) => tf.cos(p.x.mul(h)).mul(tf.cos(p.y.mul(h))).mul(h).add(p.y);
const uy = (p: Cols) => tf.sin(p.x.mul(h)).mul(tf.sin(p.y.mul(h))).mul(-h).add(p.x);

const plate = difference(disk({ x: 0, y: 0 }, 1), disk({ x: 0, y: 0 }, 0.4), ['outer', 'hole']);
const problem: Problem = {
  name: 'robin-annulus',
  title: '-Δu = f on a disk with a hole, Dirichlet outside, Robin u + 0.5 du/dn on the hole',
  inputs: ['x', 'y'],
  outputs: ['u'],
  geometry: plate,
  terms: ['u_xx', 'u_yy'],
  residual: (d, p) => d.u_xx.add(d.u_yy).neg().sub(tf.sin(p.x.mul(h)).mul(tf.cos(p.y.mul(h))).mul(2 * h * h)),
  conditions: [
    { kind: 'dirichlet', on: 'outer', value: (p) => u(p) },
    { kind: 'robin', on: 'hole', a: 1, b: 0.5, value: (p, n) => u(p).add(ux(p).mul(n.x).add(uy(p).mul(n.y)).mul(0.5)) },
  ],
  exact: (p) => [Float64Array.from(p.x, (x, i) => exact(x, p.y[i]))],
  grid: { x: 101, y: 101 },
};

const trainer = new Trainer(problem, {
  network: { hidden: [20, 20, 20] },
  sampling: { domain: quick ? 500 : 1500, boundary: quick ? 150 : 400 },
  adam: { steps: quick ? 200 : 1000, lr: 2e-3 },
  lbfgs: { steps: quick ? 150 : 1500 },
});
await trainer.run();
const error = trainer.evaluate().relL2;
trainer.dispose();

console.log(`robin_annulus: relative L2 error of u ${error.toExponential(2)} (threshold ${threshold}${quick ? ', quick' : ''})`);
if (!(error <= threshold)) process.exitCode = 1;
