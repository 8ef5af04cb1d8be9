// `npm run seed`: the reference study, reproduced. TestNet (Linear(2,5) -> sigmoid -> Linear(5,1))
// with the weights of the PyTorch reference run, on the study's 5 x 7 grid.
import { readFileSync } from 'node:fs';

import { TestNet, initBackend } from '../lib/index.js';
import { runStudy } from './study.js';

const golden = JSON.parse(readFileSync(new URL('../spec/fixtures/torch-partials.json', import.meta.url), 'utf8'));
const reference = golden.cases.find((c: { name: string }) => c.name === 'testnet-seed-grid');

await initBackend(process.argv[2]);
const net = TestNet.fromLayers(reference.layers);
const r = runStudy(net);
net.dispose();

/** Prints a [35] column as the study's 7 x 5 grid: rows t, columns x. */
function grid(title: string, values: number[]): void {
  console.log(`\n${title}`);
  console.log(`   t \\ x ${[-1, -0.5, 0, 0.5, 1].map((x) => x.toFixed(1).padStart(12)).join('')}`);
  for (let row = 0; row < 7; row++) {
    const cells = values.slice(row * 5, row * 5 + 5).map((v) => v.toExponential(4).padStart(12));
    console.log(`  ${r.t[row * 5].toFixed(3).padStart(6)} ${cells.join('')}`);
  }
}

console.log(`u = net(x, t): shape [${r.uShape.join(', ')}]  (x, t: [35, 1] columns of a 5 x 7 meshgrid)`);
grid('u', r.u);
grid('du/dx, gradient of u.sum()', r.u_x.sum);
grid('du/dx, backward with a seed of ones', r.u_x.ones);
grid('du/dt, gradient of u.sum()', r.u_t.sum);
grid('du/dt, backward with a seed of ones', r.u_t.ones);
grid('d2u/dx2, the same step applied to du/dx (sum)', r.u_xx.sum);
grid('d2u/dx2, the same step applied to du/dx (ones)', r.u_xx.ones);
console.log(`\nlargest |sum - ones| over du/dx, du/dt, d2u/dx2: ${r.maxDifference}`);
const worst = (key: 'x' | 't' | 'xx', got: number[]) =>
  Math.max(...got.map((v, i) => Math.abs(v - reference.partials[key][i]))) / Math.max(...reference.partials[key].map(Math.abs));
console.log(`agreement with PyTorch float64 (max |diff| / max |ref|): du/dx ${worst('x', r.u_x.sum).toExponential(1)}, du/dt ${worst('t', r.u_t.sum).toExponential(1)}, d2u/dx2 ${worst('xx', r.u_xx.sum).toExponential(1)}`);
