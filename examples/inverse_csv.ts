// An inverse problem from a file of measurements: Fisher-KPP u_t = D u_xx + r u (1 - u) on
// x in [0, 1], t in [0, 1], insulated ends, with the diffusivity D and the growth rate r unknown.
// examples/data/fisher_kpp.csv holds 651 noisy readings (columns x, t, u) of 21 sensors at 31 times,
// made by examples/data/fisher_kpp.py (SciPy, D = 0.01, r = 2, 1% noise). readDataFile from
// 'tfjs-pinn/node' reads it; the readings become a data condition, D = e^θ and r are trainable
// parameters (starting at 0.05 and 1), the ends are Neumann conditions. No initial condition: the
// readings at t = 0 are data like the rest. Prints the larger relative error of D and r.
//   npm run examples -- inverse_csv
import { fileURLToPath } from 'node:url';

import { Trainer, dataCondition, initBackend, type Problem } from 'tfjs-pinn';
import { readDataFile } from 'tfjs-pinn/node';

const quick = process.argv.includes('--quick');
const threshold = quick ? 0.6 : 1e-2; // a few times the errors measured in docs/examples.md

await initBackend(undefined, { log: false });

const truth = { D: 0.01, r: 2 }; // what fisher_kpp.py used
const file = fileURLToPath(new URL('data/fisher_kpp.csv', import.meta.url));
const table = await readDataFile(file as `${string}.csv`);
const { x, t, u } = table.columns;
const domain = { x: [0, 1], t: [0, 1] } as const;

const problem: Problem = {
  name: 'fisher-kpp-inverse',
  title: 'Fisher-KPP with unknown D and r, from sensor readings in a CSV file',
  inputs: ['x', 't'],
  outputs: ['u'],
  domain,
  time: 't',
  terms: ['u', 'u_t', 'u_xx'],
  residual: (d, _p, k = {}) => d.u_t.sub(d.u_xx.mul(k.D)).sub(d.u.mul(d.u.neg().add(1)).mul(k.r)),
  conditions: [
    dataCondition({ points: { x, t }, values: u, domain }),
    { kind: 'neumann', on: ['x-min', 'x-max'], value: 0 },
  ],
  parameters: { D: { init: Math.log(0.05), transform: 'exp' }, r: { init: 1 } },
  exactParameters: truth,
  grid: { x: 101, t: 101 },
};

const trainer = new Trainer(problem, {
  network: { hidden: [30, 30, 30] },
  sampling: { domain: quick ? 500 : 2000, boundary: 100, resampleEvery: quick ? 0 : 500 },
  adam: { steps: quick ? 50 : 1000, lr: 2e-3 },
  lbfgs: { steps: quick ? 350 : 3000 },
});
await trainer.run();
const learned = trainer.parameterValues();
trainer.dispose();

const errD = Math.abs(learned.D - truth.D) / truth.D;
const errR = Math.abs(learned.r - truth.r) / truth.r;
const error = Math.max(errD, errR);
console.log(
  `inverse_csv: largest relative error of (D, r) ${error.toExponential(2)} (threshold ${threshold}${quick ? ', quick' : ''}; ` +
    `D = ${learned.D.toPrecision(4)}, truth ${truth.D}; r = ${learned.r.toPrecision(4)}, truth ${truth.r})`,
);
if (!(error <= threshold)) process.exitCode = 1;
