// Scratch timing of Taylor mode against nested reverse mode and PyTorch: not a test.
// Each case runs once to warm up, then ROUNDS times back to back; a row is the median.
// PyTorch runs in a child process of the same run, its calls back to back too
// (interleaving them with tfjs work made PyTorch 3-4x slower, cold caches and memory).
// Usage: npx tsx bench/taylor_probe.ts [wasm|cpu] [N] [--no-torch]   (env ROUNDS=7, SETS=u_xxxx,burgers,...)
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

import * as tf from '@tensorflow/tfjs';

import { MLP, initBackend, partials, taylor } from '../lib/index.js';

const backend = process.argv[2] ?? 'wasm';
const n = Number(process.argv[3] ?? 10_000);
const withTorch = !process.argv.includes('--no-torch');
const rounds = Number(process.env.ROUNDS ?? 7);
const only = process.env.SETS?.split(',');
await initBackend(backend, { log: false });

const net = new MLP({ sizes: [2, 20, 20, 20, 20, 1], activation: 'tanh', seed: 1 });
const x = tf.randomUniform([n, 1], -1, 1, 'float32', 1) as tf.Tensor2D;
const t = tf.randomUniform([n, 1], 0, 1, 'float32', 2) as tf.Tensor2D;
const SETS: Record<string, string[]> = {
  u_xxxx: ['u_xxxx'],
  burgers: ['u', 'u_t', 'u_x', 'u_xx'],
  first: ['u', 'u_x', 'u_t'],
  kdv: ['u', 'u_t', 'u_x', 'u_xxx'],
  u_xxt: ['u_xxt'],
};
const TORCH = `
import sys, time, torch
n = ${n}
torch.manual_seed(0)
layers = [torch.nn.Linear(2, 20)] + [torch.nn.Linear(20, 20) for _ in range(3)] + [torch.nn.Linear(20, 1)]
def net(x, t):
    h = torch.cat([x, t], 1)
    for i, l in enumerate(layers):
        h = l(h)
        if i < len(layers) - 1: h = torch.tanh(h)
    return h
x = (torch.rand(n, 1) * 2 - 1).requires_grad_(True)
t = torch.rand(n, 1).requires_grad_(True)
def d(y, v): return torch.autograd.grad(y, v, torch.ones_like(y), create_graph=True)[0]
def u_xxxx():
    u = net(x, t); return d(d(d(d(u, x), x), x), x)
def burgers():
    u = net(x, t); ux, ut = torch.autograd.grad(u, [x, t], torch.ones_like(u), create_graph=True); return u, ut, ux, d(ux, x)
print("threads", torch.get_num_threads(), flush=True)
for line in sys.stdin:
    name, reps = line.split()
    f = globals()[name]
    f()
    ts = []
    for _ in range(int(reps)):
        t0 = time.perf_counter(); f(); ts.append((time.perf_counter() - t0) * 1000)
    print(" ".join(map(str, ts)), flush=True)
`;

type Case = { name: string; run: () => void | Promise<void>; block?: true };
const cases: Case[] = [];
let last = 0;
const timed = (f: () => void) => () => {
  const t0 = performance.now();
  f();
  last = performance.now() - t0;
};
const sync = (r: Record<string, tf.Tensor>) => {
  Object.values(r).forEach((v) => v.dataSync());
  tf.dispose(Object.values(r));
};
cases.push({ name: 'forward', run: timed(() => tf.tidy(() => net.forward(x, t)).dataSync()) });
for (const [name, terms] of Object.entries(SETS)) {
  if (only && !only.includes(name)) continue;
  for (const method of ['taylor', 'reverse'] as const) {
    cases.push({ name: `${name} ${method}`, run: timed(() => sync(partials(net, { x, t }, terms, { method }))) });
  }
}
if (!only || only.includes('u_xxt')) {
  // The alternative for mixed terms: a Taylor pass along x, then one reverse step in t.
  const viaT = tf.grad((tt: tf.Tensor) => tf.sum(taylor(net, { x, t: tt as tf.Tensor2D }, 'x', 2)[2]));
  cases.push({ name: 'u_xxt compose', run: timed(() => tf.tidy(() => viaT(t)).dataSync()) });
}
if (!only || only.includes('train')) {
  const opt = tf.train.adam(1e-4);
  for (const method of ['taylor', 'reverse'] as const) {
    cases.push({
      name: `train ${method}`,
      run: timed(() => {
        const cost = opt.minimize(() => {
          const d = partials(net, { x, t }, ['u', 'u_t', 'u_xxxx'], { method });
          return tf.mean(tf.square(tf.add(d.u_t, tf.add(d.u_xxxx, d.u))));
        }, true, net.variables);
        cost?.dataSync();
        cost?.dispose();
      }),
    });
  }
}
let threads = '';
const times = new Map<string, number[]>();
if (withTorch) {
  const py = spawn('/usr/bin/python3', ['-c', TORCH], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: py.stdout })[Symbol.asyncIterator]();
  threads = String((await lines.next()).value);
  for (const name of ['u_xxxx', 'burgers']) {
    if (only && !only.includes(name)) continue;
    cases.push({
      name: `${name} pytorch`,
      block: true,
      run: async () => {
        py.stdin.write(`${name} ${rounds}\n`);
        times.get(`${name} pytorch`)!.push(...String((await lines.next()).value).split(' ').map(Number));
      },
    });
  }
  process.on('exit', () => py.kill());
}
for (const c of cases) times.set(c.name, []);
for (const c of cases) {
  if (c.block) {
    await c.run();
    continue;
  }
  for (let round = -1; round < rounds; round++) {
    await c.run();
    if (round >= 0) times.get(c.name)!.push(last);
  }
}
const med = (name: string) => {
  const v = [...(times.get(name) ?? [])].sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : NaN;
};
console.log(`backend ${backend}, N = ${n}, MLP 2-[20]x4-1 tanh, median of ${rounds} runs${threads ? `, pytorch ${threads}` : ''}`);
for (const c of cases) {
  const [set] = c.name.split(' ');
  const ratios = c.name.endsWith('taylor')
    ? ` | reverse/taylor ${(med(`${set} reverse`) / med(c.name)).toFixed(2)}` +
      (times.has(`${set} pytorch`) ? `, pytorch/taylor ${(med(`${set} pytorch`) / med(c.name)).toFixed(2)}` : '')
    : '';
  console.log(`  ${c.name.padEnd(18)} ${med(c.name).toFixed(1).padStart(8)} ms${ratios}`);
}
process.exit(0);
