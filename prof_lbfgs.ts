import * as tf from '@tensorflow/tfjs';
import { LBFGS, MLP, initBackend } from './lib/index.js';
import { setFlatValues } from './lib/pinn/trainer/objective.js';
tf.env().set('IS_TEST', true);
await initBackend('wasm', { log: false });
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const n = 1341; // 2-[20]x4-1
// An ill-conditioned quadratic (eigenvalues 1 to 1e-8): thousands of iterations before it converges, as the recipe's 3,000.
let inObjective = 0, evals = 0;
const f = (x: Float64Array) => {
  const c0 = cpu(); evals++;
  let fx = 0; const g = new Float64Array(n);
  for (let i = 0; i < n; i++) { const l = 10 ** (-8 * i / n); fx += 0.5 * l * x[i] * x[i]; g[i] = l * x[i]; }
  inObjective += cpu() - c0;
  return { f: fx, g };
};
const x0 = new Float64Array(n).fill(1);
for (let rep = 0; rep < 3; rep++) {
  const opt = new LBFGS(x0, { historySize: 50, restarts: 20 });
  inObjective = 0; evals = 0;
  const c0 = cpu();
  let it = 0;
  for (; it < 3000 && !opt.converged; it++) opt.step(f);
  const total = cpu() - c0;
  console.log(`L-BFGS n=${n} history 50: ${it} iterations, ${evals} evaluations; JS optimiser work ${((total - inObjective) / it).toFixed(3)} ms/iteration (objective excluded)`);
}
const net = new MLP({ sizes: [2, 20, 20, 20, 20, 1], activation: 'tanh', seed: 1 });
const x = new Float64Array(n).fill(0.01);
for (let i = 0; i < 200; i++) setFlatValues(net.variables, x);
const c0 = cpu();
for (let i = 0; i < 2000; i++) setFlatValues(net.variables, x);
console.log(`setFlatValues (10 variables, wasm): ${((cpu() - c0) / 2000).toFixed(4)} ms per call`);
