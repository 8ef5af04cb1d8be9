// Train once, save, load elsewhere and predict: a solution written to a JSON file with writeSolution,
// read back with readSolution (both from 'tfjs-pinn/node'), then evaluated at new points, u and its
// gradient (the flux a user wants from a temperature field).
// The problem: a steady temperature on a triangular plate, Laplace's equation Δu = 0 with the edge
// values of u = e^x sin(y) + 1 (soft). The file holds the weights, not the problem's functions, so the
// reader passes the same problem statement. Prints the relative L2 error of the loaded solution's u at
// 2000 random points inside (its gradient's error is also shown); the loaded predictions must equal the
// trainer's bit for bit, or the script fails.
//   npm run examples -- solution_file
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { Trainer, initBackend, triangle, type Problem } from 'tfjs-pinn';
import { readSolution, writeSolution } from 'tfjs-pinn/node';

const quick = process.argv.includes('--quick');
const threshold = quick ? 0.03 : 2e-3; // a few times the errors measured in docs/examples.md

await initBackend(undefined, { log: false });

const exact = (x: number, y: number) => Math.exp(x) * Math.sin(y) + 1;
const plate = triangle([0, 0], [2, 0], [0, 1]);
const problem: Problem = {
  name: 'triangle-plate',
  title: 'steady temperature on a triangular plate, Δu = 0, edge values given',
  inputs: ['x', 'y'],
  outputs: ['u'],
  geometry: plate,
  terms: ['u_xx', 'u_yy'],
  residual: (d) => d.u_xx.add(d.u_yy),
  conditions: [{ kind: 'dirichlet', on: 'boundary', value: (p) => tf.exp(p.x).mul(tf.sin(p.y)).add(1) }],
  exact: (p) => [Float64Array.from(p.x, (x, i) => exact(x, p.y[i]))],
  grid: { x: 101, y: 51 },
};

// 1. Train and write the solution.
const trainer = new Trainer(problem, {
  network: { hidden: [20, 20, 20] },
  sampling: { domain: quick ? 400 : 1500, boundary: quick ? 150 : 300 },
  adam: { steps: quick ? 200 : 1000, lr: 2e-3 },
  lbfgs: { steps: quick ? 150 : 1500 },
});
await trainer.run();
const folder = mkdtempSync(join(tmpdir(), 'tfjs-pinn-example-'));
const file = join(folder, 'plate.json');
await writeSolution(file, trainer.solution());

// 2. Read it back (as another program would) and predict at new points inside the plate.
const solution = await readSolution(file, problem);
rmSync(folder, { recursive: true, force: true });
let seed = 1;
const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647; // seeded (Park-Miller), no dependency
const points = { x: new Float64Array(2000), y: new Float64Array(2000) };
for (let i = 0; i < 2000; ) {
  const x = 2 * random();
  const y = random();
  if (x / 2 + y < 1) (points.x[i] = x), (points.y[i] = y), i++;
}
const [u] = solution.predict(points);
const d = solution.partials(points, ['u_x', 'u_y']);
const [fromTrainer] = trainer.predict(points);
trainer.dispose();
solution.dispose();

const relL2 = (got: ArrayLike<number>, want: ArrayLike<number>) => {
  let num = 0;
  let den = 0;
  for (let i = 0; i < want.length; i++) (num += (got[i] - want[i]) ** 2), (den += want[i] ** 2);
  return Math.sqrt(num / den);
};
const error = relL2(u, Float64Array.from(points.x, (x, i) => exact(x, points.y[i])));
const gradient = relL2([...d.u_x, ...d.u_y], [...Float64Array.from(points.x, (x, i) => Math.exp(x) * Math.sin(points.y[i])), ...Float64Array.from(points.x, (x, i) => Math.exp(x) * Math.cos(points.y[i]))]);
const same = u.every((v, i) => v === fromTrainer[i]);

console.log(`solution_file: relative L2 error of the loaded u ${error.toExponential(2)} (threshold ${threshold}${quick ? ', quick' : ''}; gradient ${gradient.toExponential(1)}; same as the trainer: ${same ? 'yes' : 'NO'})`);
if (!(error <= threshold) || !same) process.exitCode = 1;
