// Before/after of the fused jet kernel in one process, robust to a shared machine: CPU time (not wall time) of one
// Adam step of the default Burgers network (2-[20]x4-1 tanh, {u, u_t, u_x, u_xx}) and of u_xxxx, with the Taylor
// pass as separate tf ops with tf.train.adam ('before') and as the fused kernel with the trainer's FlatAdam ('after'),
// interleaved six times; and tfjs kernels per loss-and-gradient.
// Usage: npx tsx bench/fused_probe.ts   (B=cpu for the cpu backend, NS=500,2000 for other N)
import * as tf from '@tensorflow/tfjs';
import { MLP, initBackend, partials } from '../lib/index.js';
import { fusedJetSwitch } from '../lib/taylor/fused/kernel.js';
import { Adam } from '../lib/pinn/optim/adam.js';
import { createAdam } from '../lib/pinn/optim/flat_adam.js';
await initBackend((process.env.B ?? 'wasm') as 'wasm', { log: false });
const nu = 0.01 / Math.PI;
const cpuMs = (f: () => void) => { const t0 = process.cpuUsage(); f(); const d = process.cpuUsage(t0); return (d.user + d.system) / 1000; };
for (const n of (process.env.NS ?? '500,2000,10000').split(',').map(Number)) {
  const net = new MLP({ sizes: [2, 20, 20, 20, 20, 1], seed: 2 });
  const x = tf.randomUniform([n, 1], -1, 1) as tf.Tensor2D, t = tf.randomUniform([n, 1], 0, 1) as tf.Tensor2D;
  const opts = { false: new Adam(1e-3), true: createAdam(1e-3) };
  const step = (on: boolean) => { const { value, grads } = tf.variableGrads(loss, net.variables); opts[String(on) as 'true'].apply(net.variables, net.variables.map((v) => grads[v.name])); tf.dispose(Object.values(grads)); value.dataSync(); value.dispose(); };
  const loss = () => tf.tidy(() => { const d = partials(net, { x, t }, ['u', 'u_t', 'u_x', 'u_xx']); return d.u_t.add(d.u.mul(d.u_x)).sub(d.u_xx.mul(nu)).square().mean() as tf.Scalar; });
  const res: Record<string, { step: number[]; d4: number[]; kernels: number }> = {};
  for (let rep = 0; rep < 6; rep++) for (const on of [false, true]) {
    fusedJetSwitch.enabled = on;
    const r = (res[String(on)] ??= { step: [], d4: [], kernels: 0 });
    step(on);
    for (let i = 0; i < 3; i++) r.step.push(cpuMs(() => step(on)));
    for (let i = 0; i < 2; i++) r.d4.push(cpuMs(() => { const d = partials(net, { x, t }, ['u_xxxx']); d.u_xxxx.dataSync(); d.u_xxxx.dispose(); }));
    if (rep === 0) r.kernels = (await tf.profile(() => { const { value, grads } = tf.variableGrads(loss, net.variables); value.dispose(); Object.values(grads).forEach((g) => g.dispose()); })).kernels.length;
  }
  const med = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
  for (const on of ['false', 'true']) console.log(`N=${n} ${on === 'true' ? 'after (fused, FlatAdam)' : 'before (tf ops, tf.train.adam)'}: adam step cpu median ${med(res[on].step).toFixed(2)} min ${Math.min(...res[on].step).toFixed(2)} ms; u_xxxx median ${med(res[on].d4).toFixed(2)} min ${Math.min(...res[on].d4).toFixed(2)} ms; kernels ${res[on].kernels}`);
  net.dispose(); x.dispose(); t.dispose(); opts.false.dispose(); opts.true.dispose();
}
