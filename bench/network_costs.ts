// What the network options cost per Adam step: the Allen-Cahn step (u, u_t, u_xx and the initial points) with a
// plain MLP and with each Network (embeddings, factorisation, the gated trunks), in CPU time. Configurations are
// timed in interleaved rounds, so that a machine's changing load falls on all alike.
//   nice -n 10 npx tsx bench/network_costs.ts [--backend wasm] [--n 1024] [--rounds 5] [--steps 10] [--width 64]
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';

import { NetworkOptions, Trainer, allenCahnProblem, initBackend } from '../lib/index.js';
import { median } from './timing.js';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, n: { type: 'string', default: '1024' }, rounds: { type: 'string', default: '5' }, steps: { type: 'string', default: '10' }, width: { type: 'string', default: '64' } } });
tf.env().set('IS_TEST', true);
await initBackend(values.backend as 'wasm', { log: false });
const [n, rounds, steps, w] = [Number(values.n), Number(values.rounds), Number(values.steps), Number(values.width)];
const hidden = [w, w, w];
const periodic = { x: 2 };
const rows: [string, NetworkOptions][] = [
  ['plain MLP (periodic loss term)', { hidden }],
  ["'mlp' + periodic embedding", { hidden, embedding: { periodic } }],
  ["'mlp' + periodic + Fourier (64)", { hidden, embedding: { periodic, fourier: { features: 64 } } }],
  ["'mlp' + periodic + Fourier + factorisation", { hidden, embedding: { periodic, fourier: { features: 64 } }, factorization: {} }],
  ["'modified' + periodic + Fourier", { hidden, architecture: 'modified', embedding: { periodic, fourier: { features: 64 } } }],
  ["'pirate' + periodic + Fourier", { hidden, architecture: 'pirate', embedding: { periodic, fourier: { features: w } } }],
];
const trainers = rows.map(([, network]) => new Trainer(allenCahnProblem(), { network, sampling: { domain: n, boundary: n / 4 }, adam: { steps: 1_000_000 }, lbfgs: { steps: 0 } }));
// Warm-up: V8 optimises the library over the first steps.
for (const t of trainers) for (let i = 0; i < 5; i++) t.step();
const times: number[][] = rows.map(() => []);
for (let r = 0; r < rounds; r++) {
  trainers.forEach((t, i) => {
    const c0 = process.cpuUsage();
    for (let s = 0; s < steps; s++) t.step();
    const c = process.cpuUsage(c0);
    times[i].push((c.user + c.system) / 1000 / steps);
  });
}
console.log(`Allen-Cahn Adam step, hidden [${hidden}], N = ${n} residual + ${n / 4} initial points, ${tf.getBackend()}, CPU ms (median of ${rounds} rounds of ${steps} steps):`);
rows.forEach(([name], i) => console.log(`${name.padEnd(46)} ${median(times[i]).toFixed(1)}`));
trainers.forEach((t) => t.dispose());
