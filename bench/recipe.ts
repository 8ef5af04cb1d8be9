// One timed run of a shipped problem's default plan, end to end (Adam, resampling with RAR, L-BFGS), in this process.
// Run by scripts/bench.ts: node --import tsx bench/recipe.ts BACKEND GRID_FILE [fused|tf-ops]; prints 'RECIPE ' + JSON on stdout
// and writes the evaluation grid with its exact values to GRID_FILE for the PyTorch side (bench/torch_recipe.py).
import { writeFileSync } from 'node:fs';

import * as tf from '@tensorflow/tfjs';

import { MLP, PROBLEMS, Trainer, initBackend, partials } from '../lib/index.js';
import { flatAdamSwitch } from '../lib/pinn/optim/flat_adam.js';
import { fusedJetSwitch } from '../lib/taylor/fused/switches.js';
import { BURGERS_NU } from './workloads.js';

/** What one recipe run reports. */
export interface RecipeResult {
  backend: string;
  seconds: number;
  /** CPU seconds of this process over the training (all its threads): fairer than wall time on a shared machine. */
  cpuSeconds: number;
  relL2: number;
  steps: number;
  /** tfjs kernels in one loss-and-gradient evaluation of the Burgers residual at N = 2,000 (tf.profile). */
  kernels: number;
  /** tfjs kernels in one whole Trainer step of the default plan: Adam, and an L-BFGS iteration of one evaluation. */
  stepKernels: { adam: number; lbfgs: number };
}

/**
 * Kernels in one whole Trainer step of the default Burgers plan (loss with the output transform, gradient,
 * checks and update), Adam and L-BFGS: what a training step pays beyond the bare loss and gradient.
 *
 * @example
 * await kernelsPerTrainerStep(); // { adam: 82, lbfgs: ... } on wasm
 */
export async function kernelsPerTrainerStep(): Promise<{ adam: number; lbfgs: number }> {
  const module = PROBLEMS.burgers;
  const count = async (adamSteps: number, warm: number) => {
    const trainer = new Trainer(module.problem(), { ...module.defaults, adam: { ...module.defaults.adam, steps: adamSteps } });
    for (let i = 0; i < warm; i++) trainer.step();
    const n = (await tf.profile(() => void trainer.step())).kernels.length;
    trainer.dispose();
    return n;
  };
  // The L-BFGS count is of an iteration whose first trial step is accepted (one evaluation), as most are.
  return { adam: await count(10, 3), lbfgs: await count(2, 4) };
}

/**
 * Kernels one loss-and-gradient evaluation of the Burgers residual runs, by tf.profile: the fixed per-kernel cost
 * of a backend is paid this many times per training step.
 *
 * @example
 * await kernelsPerLossAndGradient(2000); // 58 on wasm with the fused jet kernel
 */
export async function kernelsPerLossAndGradient(n: number): Promise<number> {
  const net = new MLP({ sizes: [2, 20, 20, 20, 20, 1], activation: 'tanh', seed: 1 });
  const x = tf.randomUniform([n, 1], -1, 1, 'float32', 1) as tf.Tensor2D;
  const t = tf.randomUniform([n, 1], 0, 1, 'float32', 2) as tf.Tensor2D;
  const loss = () =>
    tf.tidy(() => {
      const d = partials(net, { x, t }, ['u', 'u_t', 'u_x', 'u_xx']);
      return tf.mean(tf.square(d.u_t.add(d.u.mul(d.u_x)).sub(d.u_xx.mul(BURGERS_NU)))) as tf.Scalar;
    });
  const run = () => {
    const { value, grads } = tf.variableGrads(loss, net.variables);
    value.dispose();
    Object.values(grads).forEach((g) => g.dispose());
  };
  run();
  const info = await tf.profile(run);
  net.dispose();
  x.dispose();
  t.dispose();
  return info.kernels.length;
}

const [backend, gridFile, path] = process.argv.slice(2);
if (backend !== undefined) {
  // 'tf-ops': the Taylor pass as separate tf ops and tf.train.adam, as before the fused kernel and FlatAdam.
  fusedJetSwitch.enabled = flatAdamSwitch.enabled = path !== 'tf-ops';
  tf.env().set('IS_TEST', true);
  await initBackend(backend as 'wasm', { log: false });
  const kernels = await kernelsPerLossAndGradient(2000);
  const stepKernels = await kernelsPerTrainerStep();
  const module = PROBLEMS.burgers;
  const trainer = new Trainer(module.problem(), module.defaults);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await trainer.run();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const { relL2, points, exact } = trainer.evaluate();
  // The plan goes with the grid, so that the PyTorch side runs the same schedule whatever the default plan says.
  const d = module.defaults;
  const plan = {
    points: d.sampling!.domain,
    resampleEvery: d.sampling!.resampleEvery,
    rar: d.sampling!.rar,
    adam: d.adam,
    lbfgs: { steps: d.lbfgs!.steps, historySize: d.lbfgs!.historySize },
  };
  if (gridFile) writeFileSync(gridFile, JSON.stringify({ x: Array.from(points.x), t: Array.from(points.t), u: Array.from(exact[0]), plan }));
  const result: RecipeResult = { backend: path === 'tf-ops' ? `${backend} (tf ops)` : backend, seconds, cpuSeconds, relL2, steps: trainer.history.length, kernels, stepKernels };
  console.log(`RECIPE ${JSON.stringify(result)}`);
}
