// Does point-sharded data parallelism over worker_threads make a training step faster at large N? One loss and
// weight gradient of the Burgers residual ({u, u_t, u_x, u_xx} on 2-[20]x4-1 tanh, Taylor mode, wasm): in this
// thread on all N points, against W workers (each its own wasm backend and a copy of the network) on N/W points
// each, the weights sent to them and their gradients summed here every step. Wall time, median of 15 steps.
// Usage: npx tsx bench/parallel_probe.ts [N ...]   (WORKERS=2; compare python3 bench/torch_step_cpu.py with TORCH_THREADS=1 and 2)
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

import * as tf from '@tensorflow/tfjs';

import { MLP, initBackend, partials } from '../lib/index.js';

const NU = 0.01 / Math.PI;

/** Loss (scaled by share) and its weight gradients on the points [from, to) of the seeded set of n. */
function setup(n: number, from: number, to: number, share: number) {
  const net = new MLP({ sizes: [2, 20, 20, 20, 20, 1], activation: 'tanh', seed: 2 });
  const all = { x: tf.randomUniform([n, 1], -1, 1, 'float32', 1), t: tf.randomUniform([n, 1], 0, 1, 'float32', 2) };
  const x = all.x.slice([from, 0], [to - from, 1]) as tf.Tensor2D;
  const t = all.t.slice([from, 0], [to - from, 1]) as tf.Tensor2D;
  tf.dispose([all.x, all.t]);
  const step = (weights?: Float32Array[]) => {
    if (weights) net.variables.forEach((v, i) => v.assign(tf.tensor(weights[i], v.shape)));
    const { value, grads } = tf.variableGrads(() => tf.tidy(() => {
      const d = partials(net, { x, t }, ['u', 'u_t', 'u_x', 'u_xx']);
      return tf.mul(d.u_t.add(d.u.mul(d.u_x)).sub(d.u_xx.mul(NU)).square().mean(), share) as tf.Scalar;
    }), net.variables);
    const out = { loss: value.dataSync()[0], grads: net.variables.map((v) => grads[v.name].dataSync() as Float32Array) };
    value.dispose();
    tf.dispose(Object.values(grads));
    return out;
  };
  return { net, step };
}

if (!isMainThread) {
  const { n, from, to, share } = workerData as { n: number; from: number; to: number; share: number };
  await initBackend('wasm', { log: false });
  const { step } = setup(n, from, to, share);
  parentPort!.on('message', (weights: Float32Array[]) => {
    const r = step(weights);
    parentPort!.postMessage(r, r.grads.map((g) => g.buffer as ArrayBuffer));
  });
  parentPort!.postMessage('ready');
} else {
  await initBackend('wasm', { log: false });
  const W = Number(process.env.WORKERS ?? 2);
  const med = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
  for (const n of process.argv.slice(2).map(Number).concat(process.argv.length > 2 ? [] : [20_000, 50_000])) {
    const local = setup(n, 0, n, 1);
    const weights = () => local.net.variables.map((v) => v.dataSync() as Float32Array);
    const workers = await Promise.all(Array.from({ length: W }, (_, i) => new Promise<Worker>((resolve) => {
      const [from, to] = [Math.floor((i * n) / W), Math.floor(((i + 1) * n) / W)];
      // The worker loads this file through tsx's loader, registered from inside it (execArgv --import does not reach workers here).
      const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
      const w = new Worker(boot, { eval: true, workerData: { n, from, to, share: (to - from) / n } });
      w.once('message', () => resolve(w));
    })));
    const parallel = () => Promise.all(workers.map((w) => new Promise<{ loss: number; grads: Float32Array[] }>((resolve) => {
      w.once('message', resolve);
      w.postMessage(weights());
    }))).then((parts) => ({ loss: parts.reduce((s, p) => s + p.loss, 0), grads: parts[0].grads.map((g, k) => g.map((_, j) => parts.reduce((s, p) => s + p.grads[k][j], 0))) }));
    const one = local.step();
    const many = await parallel();
    const gradError = Math.max(...one.grads.flatMap((g, k) => Array.from(g, (v, j) => Math.abs(v - many.grads[k][j]) / (Math.max(...Array.from(g, Math.abs)) || 1))));
    const [t1, tw]: number[][] = [[], []];
    for (let rep = 0; rep < 15; rep++) {
      let t0 = performance.now();
      local.step();
      t1.push(performance.now() - t0);
      t0 = performance.now();
      await parallel();
      tw.push(performance.now() - t0);
    }
    console.log(`N=${n}: one thread ${med(t1).toFixed(1)} ms; ${W} workers ${med(tw).toFixed(1)} ms (${(med(t1) / med(tw)).toFixed(2)}x); loss ${one.loss.toExponential(4)} vs ${many.loss.toExponential(4)}, largest gradient difference ${gradError.toExponential(1)} of scale`);
    await Promise.all(workers.map((w) => w.terminate()));
    local.net.dispose();
  }
}
