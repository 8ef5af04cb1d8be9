// Profile (not committed): the bench's bare Burgers step against the Trainer's, CPU time per step; kernels and reads.
// Usage: node --import tsx prof_step.ts N [blocks] [steps per block]
import * as tf from '@tensorflow/tfjs';

import { MLP, PROBLEMS, Trainer, burgersProblem, initBackend, partials } from './lib/index.js';
import { createAdam } from './lib/pinn/optim/flat_adam.js';

const n = Number(process.argv[2] ?? 2000);
const blocks = Number(process.argv[3] ?? 7);
const per = Number(process.argv[4] ?? 100);
tf.env().set('IS_TEST', true);
await initBackend('wasm', { log: false });
const NU = 0.01 / Math.PI;

// Count reads (dataSync / data) by wrapping the backend.
const backend = tf.backend() as unknown as { readSync: (id: unknown) => unknown; read: (id: unknown) => Promise<unknown> };
let reads = 0;
const rs = backend.readSync.bind(backend);
backend.readSync = (id) => (reads++, rs(id));
const ra = backend.read.bind(backend);
backend.read = (id) => (reads++, ra(id));

// A: the bench's bare step (bench/run_row.ts): partials, variableGrads, FlatAdam, one read of the loss.
const net = new MLP({ sizes: [2, 20, 20, 20, 20, 1], activation: 'tanh', seed: 2 });
const x = tf.randomUniform([n, 1], -1, 1, 'float32', 1) as tf.Tensor2D;
const t = tf.randomUniform([n, 1], 0, 1, 'float32', 2) as tf.Tensor2D;
const adam = createAdam(1e-3);
const bare = () => {
  const { value, grads } = tf.variableGrads(() => tf.tidy(() => {
    const d = partials(net, { x, t }, ['u', 'u_t', 'u_x', 'u_xx']);
    return tf.mean(tf.square(d.u_t.add(d.u.mul(d.u_x)).sub(d.u_xx.mul(NU)))) as tf.Scalar;
  }), net.variables);
  adam.apply(net.variables, net.variables.map((v) => grads[v.name]));
  tf.dispose(Object.values(grads));
  value.dataSync();
  value.dispose();
};

// B: the Trainer on the same residual without output transform or conditions; C: the shipped Burgers problem.
const steps = 1_000_000;
const options = (lbfgs: number) => ({
  ...PROBLEMS.burgers.defaults,
  sampling: { method: 'sobol' as const, domain: n, boundary: 1, seed: 1 },
  adam: { steps, lr: 1e-3 },
  lbfgs: { steps: lbfgs, historySize: 50 },
});
const plain = { ...burgersProblem(), conditions: [], transform: undefined, name: 'burgers-plain' };
const tB = new Trainer(plain, options(1));
const tC = new Trainer(burgersProblem(), options(1));
// D: L-BFGS iterations of the shipped problem, after 200 Adam steps.
const tD = new Trainer(burgersProblem(), { ...options(1_000_000), adam: { steps: 200, lr: 2e-3 } });
for (let i = 0; i < 200; i++) tD.step();

const all: Record<string, () => void> = { 'A bare step': bare, 'B trainer Adam, no transform': () => void tB.step(), 'C trainer Adam, Burgers': () => void tC.step(), 'D trainer L-BFGS iteration': () => void tD.step() };
const only = process.argv[5];
const cases = only ? Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(only))) : all;
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const res: Record<string, number[]> = {};
const rd: Record<string, number> = {};
for (const [k, f] of Object.entries(cases)) for (let i = 0; i < 150; i++) f(); // warm the JIT
for (let b = 0; b < blocks; b++) {
  for (const [k, f] of Object.entries(cases)) {
    const r0 = reads;
    const c0 = cpu();
    for (let i = 0; i < per; i++) f();
    (res[k] ??= []).push((cpu() - c0) / per);
    rd[k] = (reads - r0) / per;
  }
}
if (only) process.exit(0);
const ev0 = (await tD.state()).lbfgs!;
const med = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
console.log(`N = ${n}, wasm, CPU ms per step: median (min) of ${blocks} blocks of ${per}; reads per step`);
for (const k of Object.keys(cases)) console.log(`  ${k}: ${med(res[k]).toFixed(3)} (${Math.min(...res[k]).toFixed(3)}) ms; ${rd[k].toFixed(2)} reads`);
console.log(`  D: ${ev0.evaluations} evaluations in ${ev0.iterations} iterations (${(ev0.evaluations / ev0.iterations).toFixed(3)} per iteration)`);
for (const [k, f] of Object.entries(cases)) {
  const info = await tf.profile(() => f());
  const hist = new Map<string, number>();
  for (const kk of info.kernels) hist.set(kk.name, (hist.get(kk.name) ?? 0) + 1);
  console.log(`  kernels ${k}: ${info.kernels.length}: ${[...hist].sort((a, b) => b[1] - a[1]).map(([a, c]) => `${a} ${c}`).join(', ')}`);
}
