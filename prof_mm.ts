import * as tf from '@tensorflow/tfjs';
import { initBackend } from './lib/index.js';
tf.env().set('IS_TEST', true);
await initBackend('wasm', { log: false });
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
for (const rows of [2000, 8000]) {
  const a = tf.randomUniform([rows, 20]); const w = tf.randomUniform([20, 20]); const g = tf.randomUniform([rows, 20]);
  const cases: Record<string, () => tf.Tensor> = {
    'a @ w': () => tf.matMul(a, w),
    'a @ w^T': () => tf.matMul(a, w, false, true),
    'a^T @ g (weight gradient)': () => tf.matMul(a, g, true, false),
  };
  for (const [k, f] of Object.entries(cases)) {
    for (let i = 0; i < 50; i++) f().dispose();
    const best: number[] = [];
    for (let b = 0; b < 5; b++) { const c0 = cpu(); for (let i = 0; i < 200; i++) { const r = f(); r.dataSync(); r.dispose(); } best.push((cpu() - c0) / 200); }
    console.log(`[${rows},20] ${k}: ${Math.min(...best).toFixed(4)} ms CPU (best of 5 x 200)`);
  }
}
