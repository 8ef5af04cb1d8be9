// Scratch timing, not a test: what the non-finite input check costs partials.
// A Burgers term set of a 2-[20]x4-1 tanh MLP, in a training step (tf.variableGrads,
// as the Trainer calls it) and without a tape; each row the median of ROUNDS runs
// after one warm-up, next to the check alone on the same inputs.
// Usage: npx tsx bench/finite_check.ts [wasm|cpu] [N]   (env ROUNDS=9)
import * as tf from '@tensorflow/tfjs';

import { assertFinite } from '../lib/derivatives/checks.js';
import { MLP, initBackend, partials } from '../lib/index.js';

const backend = process.argv[2] ?? 'wasm';
const n = Number(process.argv[3] ?? 10_000);
const rounds = Number(process.env.ROUNDS ?? 9);
await initBackend(backend, { log: false });

const net = new MLP({ sizes: [2, 20, 20, 20, 20, 1], activation: 'tanh', seed: 1 });
const x = tf.randomUniform([n, 1], -1, 1, 'float32', 1) as tf.Tensor2D;
const t = tf.randomUniform([n, 1], 0, 1, 'float32', 2) as tf.Tensor2D;
const terms = ['u', 'u_t', 'u_x', 'u_xx'];

function median(f: () => void): number {
  f();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    f();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

const check = median(() => assertFinite([{ what: "Input 'x'", t: x }, { what: "Input 't'", t }], 'partials'));
const plain = median(() => {
  const d = partials(net, { x, t }, terms);
  tf.dispose(Object.values(d));
});
const step = median(() => {
  const { value, grads } = tf.variableGrads(() => {
    const d = partials(net, { x, t }, terms);
    return tf.mean(tf.square(tf.add(d.u_t, tf.mul(d.u, d.u_x)))) as tf.Scalar;
  }, net.variables);
  value.dataSync();
  tf.dispose([value, ...Object.values(grads)]);
});
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
console.log(`${backend} N=${n}: check ${check.toFixed(2)} ms; partials ${plain.toFixed(1)} ms (check ${pct(check, plain)}); training step ${step.toFixed(1)} ms (check ${pct(check, step)})`);
