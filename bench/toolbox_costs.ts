// What the training toolbox options cost per Adam step on one backend: fresh points every step
// (sampling.resampleEvery 1), causal weights, and one balancing update (gradient norms, NTK), against the
// plain step. Configurations are timed in interleaved rounds, so that a machine's changing load falls on all alike.
//   nice -n 10 npx tsx bench/toolbox_costs.ts [--backend wasm] [--n 1024] [--rounds 15] [--steps 10] [--only K (the first K rows)] [--problem heat]
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';

import { PROBLEMS, TrainOptions, Trainer, burgers, initBackend } from '../lib/index.js';
import { median } from './timing.js';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, n: { type: 'string', default: '1024' }, rounds: { type: 'string', default: '15' }, steps: { type: 'string', default: '10' }, only: { type: 'string' }, problem: { type: 'string', default: 'burgers' } } });
const module = PROBLEMS[values.problem!];
const n = Number(values.n);
const rounds = Number(values.rounds);
const steps = Number(values.steps);
await initBackend(values.backend as 'wasm', { log: false });

// Burgers' network (4 x 20 tanh) on the problem (--problem, default burgers), N residual points, N / 4 initial and boundary points, no RAR.
const base: TrainOptions = {
  network: burgers.defaults.network,
  sampling: { method: 'sobol', domain: n, boundary: n / 4, resampleEvery: 0, seed: 1 },
  adam: { steps: 1_000_000, lr: 1e-3 },
  lbfgs: { steps: 0 },
};
const all: [string, TrainOptions][] = [
  ['plain', base],
  ['resampleEvery 1', { ...base, sampling: { ...base.sampling, resampleEvery: 1 } }],
  ['causal 32 chunks', { ...base, causal: { chunks: 32 } }],
  ['causal, resampleEvery 1', { ...base, sampling: { ...base.sampling, resampleEvery: 1 }, causal: { chunks: 32 } }],
  ['gradNorm update every step', { ...base, balance: { every: 1 } }],
  ['ntk (64 points) update every step', { ...base, balance: { method: 'ntk', every: 1, ntkPoints: 64 } }],
];
// --only 4 times the first four rows alone.
const configs = values.only === undefined ? all : all.slice(0, Number(values.only));
const trainers = configs.map(([, o]) => new Trainer(module.problem(), o));
// V8 and the kernels warm up (see bench/timing.ts: the steady state comes after ~100 calls).
for (const t of trainers) for (let i = 0; i < (t.options.balance?.method === 'ntk' ? 5 : 60); i++) t.step();
// Kernels of one step: a count the machine's load does not change (the timings below it does).
const kernels: number[] = [];
for (const t of trainers) kernels.push((await tf.profile(() => void t.step())).kernels.length);
const samples: number[][] = configs.map(() => []);
for (let r = 0; r < rounds; r++) {
  trainers.forEach((t, i) => {
    const k = t.options.balance?.method === 'ntk' ? 1 : steps;
    const t0 = performance.now();
    for (let s = 0; s < k; s++) t.step();
    samples[i].push((performance.now() - t0) / k);
  });
}
const plain = median(samples[0]);
console.log(`backend ${tf.getBackend()}, N = ${n} residual points (${n / 4} per condition), ${values.problem}, 4 x 20 tanh, ${rounds} rounds; load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
console.log('| configuration | kernels per step | ms per step (median) | vs plain |');
console.log('|---|---|---|---|');
configs.forEach(([name], i) => {
  const ms = median(samples[i]);
  console.log(`| ${name} | ${kernels[i]} | ${ms.toFixed(1)} | ${i === 0 ? '' : `${ms - plain >= 0 ? '+' : ''}${(ms - plain).toFixed(1)} ms (${((ms / plain - 1) * 100).toFixed(0)}%)`} |`);
});
trainers.forEach((t) => t.dispose());
