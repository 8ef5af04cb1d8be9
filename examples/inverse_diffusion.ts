// Learning a diffusion coefficient from measurements: u_t = κ u_xx on x in [0, 1], t in [0, 0.5],
// κ unknown, observed at 300 scattered points with 1% noise (made here from the exact solution for
// κ = 0.12: u = e^(-κπ²t) sin(πx) + e^(-4κπ²t) sin(2πx) / 2). κ = e^θ is a trainable parameter starting at
// e^-3 ≈ 0.05, learned with the network from the data and the residual; no initial or boundary
// condition is given: the data alone fix u. Prints the relative error of κ (u's error is also shown).
//   npm run examples -- inverse_diffusion
import { Trainer, dataCondition, initBackend, type Problem } from 'tfjs-pinn';

const quick = process.argv.includes('--quick');
const threshold = quick ? 0.15 : 2e-3; // a few times the errors measured in docs/examples.md

await initBackend(undefined, { log: false });

const kappa = 0.12;
const exact = (x: number, t: number) =>
  Math.exp(-kappa * Math.PI ** 2 * t) * Math.sin(Math.PI * x) + 0.5 * Math.exp(-4 * kappa * Math.PI ** 2 * t) * Math.sin(2 * Math.PI * x);

// The "measurements": 300 points of a 41 x 21 grid (a seeded draw), with 1% noise.
const grid = { x: [] as number[], t: [] as number[] };
for (let j = 0; j <= 20; j++) for (let i = 0; i <= 40; i++) grid.x.push(i / 40), grid.t.push((0.5 * j) / 20);
const domain = { x: [0, 1], t: [0, 0.5] } as const;
const data = dataCondition({ points: grid, values: grid.x.map((x, i) => exact(x, grid.t[i])), sample: 300, noise: 0.01, seed: 7, domain });

const problem: Problem = {
  name: 'inverse-diffusion',
  title: 'u_t = κ u_xx with κ unknown, from 300 noisy measurements',
  inputs: ['x', 't'],
  outputs: ['u'],
  domain,
  time: 't',
  terms: ['u_t', 'u_xx'],
  residual: (d, _p, k = {}) => d.u_t.sub(d.u_xx.mul(k.kappa)),
  conditions: [data],
  parameters: { kappa: { init: -3, transform: 'exp' } },
  exactParameters: { kappa },
  exact: (p) => [Float64Array.from(p.x, (x, i) => exact(x, p.t[i]))],
  grid: { x: 101, t: 51 },
};

const trainer = new Trainer(problem, {
  network: { hidden: [20, 20, 20] },
  sampling: { domain: quick ? 500 : 2000 },
  adam: { steps: quick ? 50 : 1000, lr: 2e-3 },
  lbfgs: { steps: quick ? 350 : 2000 },
});
await trainer.run();
const learned = trainer.parameterValues().kappa;
const uError = trainer.evaluate().relL2;
trainer.dispose();

const error = Math.abs(learned - kappa) / kappa;
console.log(`inverse_diffusion: relative error of κ ${error.toExponential(2)} (threshold ${threshold}${quick ? ', quick' : ''}; κ = ${learned.toPrecision(5)}, truth ${kappa}; u ${uError.toExponential(1)})`);
if (!(error <= threshold)) process.exitCode = 1;
