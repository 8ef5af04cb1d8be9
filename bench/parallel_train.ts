// Does parallelTrainer (point-sharded loss over worker threads) make a whole Trainer step faster?
// Burgers (2-[20]x4-1 tanh, Taylor mode through the output transform) on N collocation points, wasm:
// one Trainer in this thread, and parallelTrainer with 1 and 2 workers, stepped in turn from the same
// start (so all three take the same Adam and L-BFGS path). Wall time per step, median over the measured
// steps (Adam after 2 warm-up steps; L-BFGS after its first iteration); an L-BFGS step is one iteration
// with its line search (often 1-2 loss evaluations). Also the process's CPU time per step (all threads:
// on a shared machine wall time shows the speedup only when the other cores are free; CPU time shows the
// overhead of the shards), and the largest relative loss difference.
// Usage: npx tsx bench/parallel_train.ts [N ...]   (default 2000 20000 50000; STEPS=7 measured per phase)
import { cpus, loadavg } from 'node:os';

import { PROBLEMS, Trainer, TrainOptions, initBackend } from '../lib/index.js';
import { parallelTrainer } from '../lib/node/index.js';

const STEPS = Number(process.env.STEPS ?? 7);
const WARM = 2;
const med = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
const ms = (v: number) => `${v.toFixed(0)} ms`;

await initBackend('wasm', { log: false });
console.log(`cores ${cpus().length}, load average ${loadavg().map((v) => v.toFixed(2)).join(' ')} at start; ${STEPS} measured steps per phase`);
const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length > 0 ? sizes : [2000, 20_000, 50_000]) {
  const options: TrainOptions = {
    ...PROBLEMS.burgers.defaults,
    sampling: { method: 'sobol', domain: n, boundary: 1, seed: 1 },
    adam: { steps: WARM + STEPS, lr: 2e-3 },
    lbfgs: { steps: 1 + STEPS, historySize: 50 },
  };
  const runs: { name: string; trainer: Trainer; adam: number[]; lbfgs: number[]; cpu: number[] }[] = [
    { name: 'one thread', trainer: new Trainer(PROBLEMS.burgers.problem(), options), adam: [], lbfgs: [], cpu: [] },
    { name: '1 worker', trainer: await parallelTrainer('burgers', options, { workers: 1 }), adam: [], lbfgs: [], cpu: [] },
    { name: '2 workers', trainer: await parallelTrainer('burgers', options, { workers: 2 }), adam: [], lbfgs: [], cpu: [] },
  ];
  try {
    for (let s = 0; s < WARM + 2 * STEPS + 1; s++) {
      for (const r of runs) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const record = r.trainer.step();
        const dt = performance.now() - t0;
        const c = process.cpuUsage(c0);
        if (record.phase === 'adam' && s >= WARM) {
          r.adam.push(dt);
          r.cpu.push((c.user + c.system) / 1000);
        }
        if (record.phase === 'lbfgs' && s > WARM + STEPS) r.lbfgs.push(dt);
      }
    }
    const base = runs[0];
    const diff = Math.max(...runs.slice(1).flatMap((r) => r.trainer.history.map((h, i) => Math.abs(h.loss - base.trainer.history[i].loss) / base.trainer.history[i].loss)));
    const line = runs.map((r) => `${r.name} adam ${ms(med(r.adam))} (${(med(base.adam) / med(r.adam)).toFixed(2)}x, CPU ${ms(med(r.cpu))}), lbfgs ${ms(med(r.lbfgs))} (${(med(base.lbfgs) / med(r.lbfgs)).toFixed(2)}x)`);
    console.log(`N=${n}: ${line.join('; ')}; largest relative loss difference ${diff.toExponential(1)}`);
  } finally {
    runs.forEach((r) => r.trainer.dispose());
  }
}
console.log(`load average ${loadavg().map((v) => v.toFixed(2)).join(' ')} at the end`);
