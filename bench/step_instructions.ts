// A fixed amount of training work for instruction counts, which a shared machine's load does not change:
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null node --import tsx bench/step_instructions.ts adam 2000 50
// runs the default Burgers plan's Trainer (wasm) for 150 untimed steps (WARM=...; V8 optimises after about 100), then STEPS steps of the phase (adam or lbfgs)
// at N points. Run it with two step counts: the difference of the two totals over the difference of the steps is
// the instructions per step, start-up left out. Prints the CPU ms per step too (not load-proof).
import * as tf from '@tensorflow/tfjs';

import { PROBLEMS, Trainer, initBackend } from '../lib/index.js';

const [phase, n, steps] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
if (!(phase === 'adam' || phase === 'lbfgs') || !(n > 0) || !(steps >= 0)) {
  console.error('Usage: node --import tsx bench/step_instructions.ts adam|lbfgs N STEPS');
  process.exit(2);
}
tf.env().set('IS_TEST', true);
await initBackend('wasm', { log: false });
const module = PROBLEMS.burgers;
const warm = Number(process.env.WARM ?? 150);
const trainer = new Trainer(module.problem(), {
  ...module.defaults,
  sampling: { ...module.defaults.sampling, domain: n, resampleEvery: 0, rar: undefined },
  adam: { ...module.defaults.adam, steps: phase === 'adam' ? warm + steps : 0 },
  lbfgs: { ...module.defaults.lbfgs, steps: phase === 'lbfgs' ? warm + steps : 0 },
});
for (let i = 0; i < warm; i++) trainer.step();
const c0 = process.cpuUsage();
for (let i = 0; i < steps; i++) trainer.step();
const c = process.cpuUsage(c0);
console.log(`${phase} N=${n}: ${steps} steps, ${((c.user + c.system) / 1000 / Math.max(steps, 1)).toFixed(3)} CPU ms per step, loss ${trainer.history.at(-1)?.loss}`);
trainer.dispose();
