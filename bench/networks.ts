// The toolbox's network architectures against the same architectures in PyTorch (bench/torch_networks.py): one
// Adam step of the Burgers residual loss (u, u_t, u_x, u_xx by partials: Taylor mode, fused where it applies)
// with each Network, same weights (the Network's PyTorch-layout state dict), same points, CPU ms per step, one
// thread on each side, the two sides alternating round by round.
//   nice -n 10 npx tsx bench/networks.ts [--n 2000] [--width 64] [--rounds 5] [--steps 20] [--openblas]
// --openblas: tfjs-pinn's kernels on the OpenBLAS addon (useOpenBlas; npm run build:native first).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import * as tf from '@tensorflow/tfjs';

import { Network, NetworkOptions, initBackend, partials } from '../lib/index.js';
import { useOpenBlas } from '../lib/node/index.js';
import { createAdam } from '../lib/pinn/optim/flat_adam.js';
import { probeTorchBlas, torchEnv } from './blas.js';
import { makePoints } from './points.js';
import { median } from './timing.js';
import { BURGERS_NU, LEARNING_RATE } from './workloads.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { n: { type: 'string', default: '2000' }, width: { type: 'string', default: '64' }, rounds: { type: 'string', default: '5' }, steps: { type: 'string', default: '20' }, openblas: { type: 'boolean', default: false } } });
const [n, w, rounds, steps] = [Number(values.n), Number(values.width), Number(values.rounds), Number(values.steps)];
const hidden = [w, w, w];

/** The configurations: name and Network options (tanh, no periodic embedding: Burgers' x is not periodic). */
const CONFIGS: [string, NetworkOptions][] = [
  ["'mlp'", { hidden, activation: 'tanh', seed: 1 }],
  ["'mlp' + Fourier features (64)", { hidden, activation: 'tanh', seed: 1, embedding: { fourier: { features: 64, scale: 1 } } }],
  ["'modified'", { hidden, activation: 'tanh', seed: 1, architecture: 'modified' }],
  ["'modified' + Fourier features (64)", { hidden, activation: 'tanh', seed: 1, architecture: 'modified', embedding: { fourier: { features: 64, scale: 1 } } }],
];

const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

tf.env().set('IS_TEST', true);
await initBackend('wasm', { log: false });
const products = values.openblas ? useOpenBlas() : 'the wasm backend (XNNPACK)';
const pts = makePoints({ kind: 'r2', n });
const x = tf.tensor2d(pts.x, [n, 1]);
const t = tf.tensor2d(pts.t, [n, 1]);
const nets = CONFIGS.map(([, o]) => new Network(o, { inputs: ['x', 't'], outputs: 1 }));
const dir = mkdtempSync(join(os.tmpdir(), 'tfjs-pinn-networks-'));
const jobFile = join(dir, 'job.json');
writeFileSync(jobFile, JSON.stringify({ n, steps, x: Array.from(pts.x), t: Array.from(pts.t), lr: LEARNING_RATE, nu: BURGERS_NU, configs: CONFIGS.map(([name, o], i) => ({ name, options: o, weights: nets[i].stateDict() })) }));

// Each configuration's step, as the bench rows time it (bench/run_row.ts): the loss, its gradient, FlatAdam.
const adams = nets.map(() => createAdam(LEARNING_RATE));
const firstLoss: number[] = [];
const step = (i: number) => {
  const net = nets[i];
  const { value, grads } = tf.variableGrads(() => tf.tidy(() => {
    const d = partials(net, { x, t }, ['u', 'u_t', 'u_x', 'u_xx']);
    return tf.mean(tf.square(d.u_t.add(d.u.mul(d.u_x)).sub(d.u_xx.mul(BURGERS_NU)))) as tf.Scalar;
  }), net.variables);
  adams[i].apply(net.variables, net.variables.map((v) => grads[v.name] ?? tf.zerosLike(v)));
  tf.dispose(Object.values(grads));
  const loss = value.dataSync()[0];
  firstLoss[i] ??= loss;
  value.dispose();
};
// V8 optimises the library's JavaScript over the first ~100 steps.
nets.forEach((_, i) => {
  step(i);
  for (let s = 0; s < 100; s++) step(i);
});

const env = torchEnv(process.env, false);
const blas = probeTorchBlas('/usr/bin/python3', ROOT, env);
console.log(`Burgers Adam step, hidden [${hidden}] tanh, N = ${n}, wasm against PyTorch (one thread each), CPU ms per step: median of ${rounds} rounds of ${steps} steps, sides alternating; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at start`);
console.log(`PyTorch BLAS: ${typeof blas === 'string' ? blas : blas.name}`);
console.log(`tfjs-pinn products: ${products}`);
const ours: number[][] = nets.map(() => []);
const theirs: number[][] = nets.map(() => []);
let torchFirst: number[] = [];
const torchRound = () => {
  const r = spawnSync('/usr/bin/python3', [join(ROOT, 'bench', 'torch_networks.py'), jobFile], { cwd: ROOT, env, encoding: 'utf8', timeout: 1_800_000, maxBuffer: 2 ** 26 });
  const line = r.stdout?.split('\n').find((l) => l.startsWith('NETWORKS '));
  if (r.status !== 0 || line === undefined) throw new Error(`bench/torch_networks.py failed: ${(r.stderr || '').trim().split('\n').slice(-1)[0]}`);
  const got = JSON.parse(line.slice('NETWORKS '.length)) as { ms: number[]; firstLoss: number[] };
  got.ms.forEach((ms, i) => theirs[i].push(ms));
  torchFirst = got.firstLoss;
};
const ourRound = () => {
  nets.forEach((_, i) => {
    const c0 = cpuMs();
    for (let s = 0; s < steps; s++) step(i);
    ours[i].push((cpuMs() - c0) / steps);
  });
};
for (let r = 0; r < rounds; r++) {
  if (r % 2 === 0) [ourRound, torchRound].forEach((f) => f());
  else [torchRound, ourRound].forEach((f) => f());
}
console.log('| network | tfjs-pinn CPU ms (all rounds) | PyTorch CPU ms (all rounds) | x PyTorch | first loss tfjs / PyTorch |');
console.log('|---|--:|--:|--:|--:|');
CONFIGS.forEach(([name], i) => {
  const [a, b] = [median(ours[i]), median(theirs[i])];
  const all = (v: number[]) => v.map((m) => m.toFixed(1)).join(' / ');
  console.log(`| ${name} | ${a.toFixed(2)} (${all(ours[i])}) | ${b.toFixed(2)} (${all(theirs[i])}) | ${(a / b).toFixed(2)}x | ${firstLoss[i].toPrecision(6)} / ${torchFirst[i]?.toPrecision(6)} |`);
});
console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at end`);
nets.forEach((net) => net.dispose());
adams.forEach((a) => a.dispose());
tf.dispose([x, t]);
rmSync(dir, { recursive: true, force: true });
