// The Allen-Cahn ablation of docs/hard-problems.md: the plain plan, then the tools added one by one, each row
// trained from scratch with the same seed, its relative L2 error over the evaluation grid and its CPU seconds.
//   nice -n 10 npx tsx scripts/ablation.ts [--rows 0,1,2] [--backend wasm] [--json out.json]
// Rows run one after another in this process (give --rows to share them between processes: one per core).
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { PROBLEMS, TrainOptions, createTrainer, initBackend, mergeOptions } from '../lib/index.js';

const { values } = parseArgs({ options: { rows: { type: 'string' }, backend: { type: 'string', default: 'wasm' }, json: { type: 'string' }, problem: { type: 'string', default: 'allen-cahn' } } });
tf.env().set('IS_TEST', true);
await initBackend(values.backend as 'wasm', { log: false });
const module = PROBLEMS[values.problem!];
const plan = module.defaults;
const network = plan.network!;
const windows = plan.marching?.windows ?? 1;
// Every row trains the same total number of steps: the default plan's per-window steps times its windows.
const total = { adam: { ...plan.adam, steps: (plan.adam?.steps ?? 0) * windows }, lbfgs: { ...plan.lbfgs, steps: (plan.lbfgs?.steps ?? 0) * windows } };
const plain: TrainOptions = { ...plan, network: { hidden: network.hidden, activation: network.activation, seed: network.seed }, ...total, marching: null };
const withPeriodic: TrainOptions = mergeOptions(plain, { network: { ...plain.network, embedding: network.embedding } });
const marching: TrainOptions = { ...withPeriodic, adam: plan.adam, lbfgs: plan.lbfgs, marching: plan.marching };
const rows: [string, TrainOptions][] = [
  ['plain MLP (one window, the periodic condition a loss term)', plain],
  ['+ exact periodic embedding in x', withPeriodic],
  [`+ time marching (${windows} windows, same total steps)`, marching],
  ['+ t normalised per window (the default plan)', plan],
  ['default + Fourier features (64, scale 1)', mergeOptions(plan, { network: { ...network, embedding: { ...network.embedding, fourier: { features: 64, scale: 1 } } } })],
  ['default + random weight factorisation', mergeOptions(plan, { network: { ...network, factorization: { mean: 0.5, std: 0.1 } } })],
  ['default + causal weights (8 chunks, epsilon 1)', { ...plan, causal: { chunks: 8, epsilon: 1 } }],
  ['default + gradient-norm balancing (every 200 steps)', { ...plan, balance: { method: 'gradNorm', every: 200 } }],
  ["default with the 'modified' MLP", mergeOptions(plan, { network: { ...network, architecture: 'modified' } })],
];
const chosen = values.rows === undefined ? rows.map((_, i) => i) : values.rows.split(',').map(Number);
const results: { row: number; label: string; relL2: number; cpuSeconds: number; steps: number }[] = [];
for (const i of chosen) {
  const [label, options] = rows[i];
  const c0 = process.cpuUsage();
  const trainer = createTrainer(module.problem(), options);
  await trainer.run();
  const relL2 = trainer.evaluate().relL2;
  const c = process.cpuUsage(c0);
  results.push({ row: i, label, relL2, cpuSeconds: (c.user + c.system) / 1e6, steps: trainer.stepCount });
  process.stdout.write(`| ${i} | ${label} | ${relL2.toExponential(2)} | ${((c.user + c.system) / 1e6).toFixed(0)} |\n`);
  trainer.dispose();
}
if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(results, null, 2));
