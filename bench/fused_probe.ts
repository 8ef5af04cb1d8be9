// Before/after of the fused jet kernel in one process, robust to a shared machine (CPU time; wall time too) of one
// Adam step of the default Burgers network (2-[20]x4-1 tanh, {u, u_t, u_x, u_xx}) and of u_xxxx, with the Taylor
// pass as separate tf ops with tf.train.adam ('before') and as the fused kernel with the trainer's FlatAdam, its loops
// in JavaScript and in WebAssembly SIMD, interleaved six times; CPU and wall medians, and tfjs kernels per loss-and-gradient.
// Usage: npx tsx bench/fused_probe.ts   (B=cpu for the cpu backend, NS=500,2000 for other N)
import * as tf from '@tensorflow/tfjs';
import { MLP, initBackend, partials } from '../lib/index.js';
import { fusedJetSwitch, simdSwitch } from '../lib/taylor/fused/switches.js';
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
  // before: tf ops and tf.train.adam; js: the fused kernel with JavaScript loops and FlatAdam; simd: with WebAssembly SIMD loops.
  const modes = { before: { fused: false, simd: false }, js: { fused: true, simd: false }, simd: { fused: true, simd: true } };
  const label = { before: 'before (tf ops, tf.train.adam)', js: 'fused, JavaScript loops, FlatAdam', simd: 'fused, WebAssembly SIMD loops, FlatAdam' };
  const res: Record<string, { step: number[]; wall: number[]; d4: number[]; wd4: number[]; kernels: number }> = {};
  const wallMs = (f: () => void) => { const t0 = performance.now(); f(); return performance.now() - t0; };
  for (let rep = 0; rep < 6; rep++) for (const [mode, m] of Object.entries(modes)) {
    fusedJetSwitch.enabled = m.fused;
    simdSwitch.enabled = m.simd;
    const on = m.fused;
    const r = (res[mode] ??= { step: [], wall: [], d4: [], wd4: [], kernels: 0 });
    const d4 = () => { const d = partials(net, { x, t }, ['u_xxxx']); d.u_xxxx.dataSync(); d.u_xxxx.dispose(); };
    step(on);
    for (let i = 0; i < 3; i++) r.step.push(cpuMs(() => step(on)));
    for (let i = 0; i < 3; i++) r.wall.push(wallMs(() => step(on)));
    for (let i = 0; i < 2; i++) r.d4.push(cpuMs(d4));
    for (let i = 0; i < 2; i++) r.wd4.push(wallMs(d4));
    if (rep === 0) r.kernels = (await tf.profile(() => { const { value, grads } = tf.variableGrads(loss, net.variables); value.dispose(); Object.values(grads).forEach((g) => g.dispose()); })).kernels.length;
  }
  const med = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
  for (const mode of Object.keys(modes)) {
    const r = res[mode];
    console.log(`N=${n} ${label[mode as 'js']}: adam step cpu median ${med(r.step).toFixed(2)} min ${Math.min(...r.step).toFixed(2)} ms, wall median ${med(r.wall).toFixed(2)}; u_xxxx cpu median ${med(r.d4).toFixed(2)} min ${Math.min(...r.d4).toFixed(2)} ms, wall median ${med(r.wd4).toFixed(2)}; kernels ${r.kernels}`);
  }
  net.dispose(); x.dispose(); t.dispose(); opts.false.dispose(); opts.true.dispose();
}
