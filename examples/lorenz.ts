// Identifying the parameters of an ODE system from a trajectory (after DeepXDE's Lorenz example):
//   x' = σ (y - x),  y' = x (ρ - z) - y,  z' = x y - β z,   t in [0, 1],
// with σ, ρ, β unknown (truth 10, 15, 8/3), from 101 noise-free samples of a trajectory started at
// (-8, 7, 27), which this script integrates itself (classical Runge-Kutta, step 1e-4). One input t,
// three outputs; the network gives the state divided by 10 (an output transform u = 10 N keeps it of
// order one) and the residuals are divided by 10, so the data misfits (values near 10) dominate the
// loss until the network follows the trajectory; then the residuals move the parameters, which start
// at 1. A short Adam phase, then L-BFGS, which does the work here. Prints the largest relative error
// of (σ, ρ, β).
//   npm run examples -- lorenz
import * as tf from '@tensorflow/tfjs';
import { Trainer, dataCondition, initBackend, type Problem } from 'tfjs-pinn';

const quick = process.argv.includes('--quick');
const threshold = quick ? 0.3 : 5e-3; // a few times the errors measured in docs/examples.md

await initBackend(undefined, { log: false });

const truth = { sigma: 10, rho: 15, beta: 8 / 3 };
const T = 1;

// The reference trajectory, sampled at 101 times.
const rate = ([x, y, z]: number[]) => [truth.sigma * (y - x), x * (truth.rho - z) - y, x * y - truth.beta * z];
const samples: number[][] = [];
{
  const h = 1e-4;
  const every = Math.round(T / 100 / h);
  let s = [-8, 7, 27];
  for (let n = 0; n <= 100 * every; n++) {
    if (n % every === 0) samples.push(s);
    const k1 = rate(s);
    const k2 = rate(s.map((v, i) => v + (h / 2) * k1[i]));
    const k3 = rate(s.map((v, i) => v + (h / 2) * k2[i]));
    const k4 = rate(s.map((v, i) => v + h * k3[i]));
    s = s.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
  }
}
const times = samples.map((_, j) => (j * T) / 100);
const observed = (i: number, output: string) => dataCondition({ points: { t: times }, values: samples.map((s) => s[i]), output });

const problem: Problem = {
  name: 'lorenz-identification',
  title: 'Lorenz system, σ, ρ and β from a sampled trajectory',
  inputs: ['t'],
  outputs: ['x', 'y', 'z'],
  domain: { t: [0, T] },
  terms: ['x', 'y', 'z', 'x_t', 'y_t', 'z_t'],
  // Each equation divided by 10, the scale of the state.
  residual: (d, _p, k = {}) => [
    d.x_t.sub(d.y.sub(d.x).mul(k.sigma)).div(10),
    d.y_t.sub(d.x.mul(d.z.neg().add(k.rho))).add(d.y).div(10),
    d.z_t.sub(d.x.mul(d.y)).add(d.z.mul(k.beta)).div(10),
  ],
  residualNames: ['x', 'y', 'z'],
  conditions: [observed(0, 'x'), observed(1, 'y'), observed(2, 'z')],
  transform: { value: (p) => tf.zeros([p.t.shape[0], 3]), scale: (p) => tf.fill([p.t.shape[0], 3], 10) },
  parameters: { sigma: { init: 1 }, rho: { init: 1 }, beta: { init: 1 } },
  exactParameters: truth,
  grid: { t: 101 },
};

const trainer = new Trainer(problem, {
  network: { hidden: quick ? [30, 30, 30] : [40, 40, 40] },
  sampling: { domain: quick ? 200 : 400 },
  adam: { steps: quick ? 50 : 500, lr: 3e-3 },
  lbfgs: { steps: quick ? 450 : 3000 },
});
await trainer.run();
const learned = trainer.parameterValues();
trainer.dispose();

const errors = Object.entries(truth).map(([name, value]) => Math.abs(learned[name] - value) / value);
const error = Math.max(...errors);
const shown = Object.entries(learned).map(([name, v]) => `${name} ${v.toPrecision(4)}`).join(', ');
console.log(`lorenz: largest relative error of (σ, ρ, β) ${error.toExponential(2)} (threshold ${threshold}${quick ? ', quick' : ''}; ${shown})`);
if (!(error <= threshold)) process.exitCode = 1;
