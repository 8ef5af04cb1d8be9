// Diagnostic runs of the lid-driven cavity: node --import tsx bench/cavity_probe.ts '<json>'
// json: {variant, options, every}; prints Ghia errors and loss parts every `every` steps.
import * as tf from '@tensorflow/tfjs';

import { Trainer, initBackend } from '../lib/index.js';
import { cavityProblem, ghiaErrors } from '../lib/pinn/problems/cavity.js';
import { variants } from './cavity_variants.js';

const cfg = JSON.parse(process.argv[2] ?? '{}');
tf.env().set('IS_TEST', true);
await initBackend('wasm', { log: false });
const make = cfg.variant ? variants[cfg.variant] : null;
const { problem, errors } = make ? make(cfg.params ?? {}) : { problem: cavityProblem(), errors: ghiaErrors };
const trainer = new Trainer(problem, cfg.options ?? {});
const every = cfg.every ?? 100;
const t0 = Date.now();
const c0 = process.cpuUsage();
let last = t0;
await trainer.run({
  onStep: (r, t) => {
    if ((r.step + 1) % every === 0 || t.phase === 'done') {
      const e = errors(t);
      const now = Date.now();
      const parts = Object.entries(r.parts).map(([k, v]) => `${k.replace('residual:', '')}=${v.toExponential(2)}`).join(' ');
      console.log(`${r.step + 1} ${r.phase} ${((now - t0) / 1000).toFixed(0)}s ${(every / ((now - last) / 1000)).toFixed(1)}st/s loss=${r.loss.toExponential(3)} ${parts} | u ${e.ghia_max_abs_error_u.toFixed(3)} v ${e.ghia_max_abs_error_v.toFixed(3)}`);
      last = now;
    }
  },
});
const cpu = process.cpuUsage(c0);
const e = errors(trainer);
console.log(`DONE ${JSON.stringify({ cfg, steps: trainer.stepCount, seconds: (Date.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6, ...e })}`);
if (cfg.map) {
  const { residuals } = await import('../lib/pinn/loss/parts.js');
  const { toColumns } = await import('../lib/pinn/batch.js');
  const n = 40;
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { xs.push((i + 0.5) / n); ys.push((j + 0.5) / n); }
  const r = tf.tidy(() => residuals(problem, trainer.net, toColumns({ x: Float64Array.from(xs), y: Float64Array.from(ys) })).map((t) => t.dataSync()));
  r.forEach((rk, k) => {
    console.log(problem.residualNames?.[k], 'mean square', (rk.reduce((s, v) => s + v * v, 0) / rk.length).toExponential(2), 'by 0.2-blocks, top row y in [0.8, 1]');
    for (let bj = 4; bj >= 0; bj--) {
      const row = [];
      for (let bi = 0; bi < 5; bi++) {
        let s = 0;
        for (let i = bi * 8; i < bi * 8 + 8; i++) for (let j = bj * 8; j < bj * 8 + 8; j++) s += rk[i * n + j] ** 2;
        row.push((s / rk.length).toExponential(1));
      }
      console.log('  ', row.join(' '));
    }
  });
}
