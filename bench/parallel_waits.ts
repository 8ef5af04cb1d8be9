// How long parallelTrainer's waits on its workers take, for choosing the bound parallel.timeout: the start
// (each worker imports tfjs, sets up its backend and builds the problem; burgers-inverse reads its .mat file)
// and the first steps (the first evaluations plan the Taylor-mode kernels), 2 workers, wasm.
// Usage: npx tsx bench/parallel_waits.ts   (from the repository root: burgers-inverse reads data/raissi/)
import { loadavg } from 'node:os';

import { PROBLEMS, initBackend } from '../lib/index.js';
import { parallelTrainer } from '../lib/node/index.js';

const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');
await initBackend('wasm', { log: false });
console.log(`load average ${load()} at start`);
for (const [problem, n] of [['burgers', 50_000], ['burgers-inverse', 2000]] as const) {
  const network = problem === 'burgers' ? PROBLEMS.burgers.defaults.network : { hidden: [20, 20, 20, 20] };
  const options = { network, sampling: { method: 'sobol' as const, domain: n, boundary: 1, seed: 1 }, adam: { steps: 5, lr: 1e-3 }, lbfgs: { steps: 0 } };
  const t0 = performance.now();
  const trainer = await parallelTrainer(problem, options, { workers: 2 });
  const start = performance.now() - t0;
  const steps: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      const s0 = performance.now();
      trainer.step();
      steps.push(performance.now() - s0);
    }
  } finally {
    trainer.dispose();
  }
  console.log(`${problem}, ${n} points: start ${(start / 1000).toFixed(2)} s; steps ${steps.map((v) => (v / 1000).toFixed(3)).join(', ')} s`);
}
console.log(`load average ${load()} at the end`);
