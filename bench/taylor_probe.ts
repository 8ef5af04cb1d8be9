// Scratch timing of Taylor mode against nested reverse mode and PyTorch (not a test; medians of several runs).
// Usage: npx tsx bench/taylor_probe.ts [wasm|cpu] [N] [--no-torch]
import { spawnSync } from 'node:child_process';

import * as tf from '@tensorflow/tfjs';

import { MLP, initBackend, partials } from '../lib/index.js';

const backend = process.argv[2] ?? 'wasm';
const n = Number(process.argv[3] ?? 10_000);
const withTorch = !process.argv.includes('--no-torch');
const reps = Number(process.env.REPS ?? 7);
await initBackend(backend, { log: false });

function median(f: () => void): number {
  f();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const net = new MLP({ sizes: [2, 20, 20, 20, 20, 1], activation: 'tanh', seed: 1 });
const x = tf.randomUniform([n, 1], -1, 1, 'float32', 1) as tf.Tensor2D;
const t = tf.randomUniform([n, 1], 0, 1, 'float32', 2) as tf.Tensor2D;
const sync = (r: Record<string, tf.Tensor>) => {
  Object.values(r).forEach((v) => v.dataSync());
  tf.dispose(Object.values(r));
};
const sets: Record<string, string[]> = {
  u_xxxx: ['u_xxxx'],
  burgers: ['u', 'u_t', 'u_x', 'u_xx'],
  first: ['u', 'u_x', 'u_t'],
  kdv: ['u', 'u_t', 'u_x', 'u_xxx'],
  u_xxt: ['u_xxt'],
};
const rows: string[] = [];
const only = process.env.SETS?.split(',');
const forward = median(() => tf.tidy(() => net.forward(x, t)).dataSync());
rows.push(`forward: ${forward.toFixed(1)} ms`);
for (const [name, terms] of Object.entries(sets)) {
  if (only && !only.includes(name)) continue;
  const taylor = median(() => sync(partials(net, { x, t }, terms, { method: 'taylor' })));
  const reverse = median(() => sync(partials(net, { x, t }, terms, { method: 'reverse' })));
  rows.push(`${name}: taylor ${taylor.toFixed(1)} ms, reverse ${reverse.toFixed(1)} ms (reverse/taylor ${(reverse / taylor).toFixed(2)})`);
}
if (!only || only.includes('train')) {
  const opt = tf.train.adam(1e-3);
  const step = (method: 'taylor' | 'reverse') => () => {
    const cost = opt.minimize(() => {
      const d = partials(net, { x, t }, ['u', 'u_t', 'u_xxxx'], { method });
      return tf.mean(tf.square(tf.add(d.u_t, tf.add(d.u_xxxx, d.u))));
    }, true, net.variables);
    cost?.dataSync();
    cost?.dispose();
  };
  const taylor = median(step('taylor'));
  const reverse = median(step('reverse'));
  rows.push(`train step (u, u_t, u_xxxx): taylor ${taylor.toFixed(1)} ms, reverse ${reverse.toFixed(1)} ms (reverse/taylor ${(reverse / taylor).toFixed(2)})`);
}

const PY = `
import torch, time, json, sys
n = ${n}; reps = ${reps}
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
def uxxxx():
    u = net(x, t); return d(d(d(d(u, x), x), x), x)
def burgers():
    u = net(x, t); ux, ut = torch.autograd.grad(u, [x, t], torch.ones_like(u), create_graph=True); return u, ut, ux, d(ux, x)
def med(f):
    f(); ts = []
    for _ in range(reps):
        t0 = time.perf_counter(); f(); ts.append((time.perf_counter() - t0) * 1000)
    ts.sort(); return ts[len(ts) // 2]
print(json.dumps({"threads": torch.get_num_threads(), "u_xxxx": med(uxxxx), "burgers": med(burgers)}))
`;
if (withTorch) {
  const py = spawnSync('/usr/bin/python3', ['-c', PY], { encoding: 'utf8' });
  if (py.status === 0) {
    const r = JSON.parse(py.stdout.trim().split('\n').pop()!);
    rows.push(`pytorch (${r.threads} threads, float32, nested autograd): u_xxxx ${r.u_xxxx.toFixed(1)} ms, burgers ${r.burgers.toFixed(1)} ms`);
  } else rows.push(`pytorch failed: ${py.stderr.split('\n').slice(-3).join(' ')}`);
}
console.log(`backend ${backend}, N = ${n}, MLP 2-[20]x4-1 tanh, median of ${reps}`);
for (const r of rows) console.log('  ' + r);
