// The tfjs-pinn side of the recipe bench: one timed run of a shipped problem's default plan, end to end, as
// `npm start` trains it (Trainer.run: Adam with redraws and RAR, then L-BFGS), with the seconds of each phase.
// Run by scripts/bench.ts in a fresh process: node --import tsx bench/recipe.ts RECIPE BACKEND [PLAN.json]
// (the plan scripts/bench.ts wrote, with its --points, --workers and step changes; without it, the shipped plan).
// Prints 'RECIPE ' + JSON (a RecipeResult) on stdout.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs';

import { MLP, PROBLEMS, TrainOptions, Trainer, initBackend, parseMat, partials } from '../lib/index.js';
import { parallelTrainer } from '../lib/node/index.js';
import { RECIPE_LINE, RecipePhases, RecipePlan, RecipeResult, recipePlan, relativeL2 } from './recipe_plan.js';
import { openBlasFromEnv } from './openblas.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const NU = 0.01 / Math.PI;

/**
 * Kernels in one whole Trainer step of the default Burgers plan (loss with the output transform, gradient,
 * checks and update), Adam and L-BFGS: what a training step pays beyond the bare loss and gradient.
 *
 * @example
 * await kernelsPerTrainerStep(); // { adam: 49, lbfgs: 49 } on wasm
 */
export async function kernelsPerTrainerStep(): Promise<{ adam: number; lbfgs: number }> {
  const module = PROBLEMS.burgers;
  const count = async (adamSteps: number, warm: number) => {
    const trainer = new Trainer(module.problem(), { ...module.defaults, adam: { ...module.defaults.adam, steps: adamSteps } });
    try {
      for (let i = 0; i < warm; i++) trainer.step();
      return (await tf.profile(() => void trainer.step())).kernels.length;
    } finally {
      trainer.dispose();
    }
  };
  // The L-BFGS count is of an iteration whose first trial step is accepted (one evaluation), as most are.
  return { adam: await count(10, 3), lbfgs: await count(2, 4) };
}

/**
 * Kernels one bare loss-and-gradient evaluation of the Burgers residual runs (tf.profile), without the output
 * transform: the fixed per-kernel cost of a backend is paid this many times per evaluation.
 *
 * @example
 * await kernelsPerLossAndGradient(2000); // 38 on wasm with the fused jet kernel
 */
export async function kernelsPerLossAndGradient(n: number): Promise<number> {
  const net = new MLP({ sizes: [2, 20, 20, 20, 20, 1], activation: 'tanh', seed: 1 });
  const x = tf.randomUniform([n, 1], -1, 1, 'float32', 1) as tf.Tensor2D;
  const t = tf.randomUniform([n, 1], 0, 1, 'float32', 2) as tf.Tensor2D;
  const loss = () =>
    tf.tidy(() => {
      const d = partials(net, { x, t }, ['u', 'u_t', 'u_x', 'u_xx']);
      return tf.mean(tf.square(d.u_t.add(d.u.mul(d.u_x)).sub(d.u_xx.mul(NU)))) as tf.Scalar;
    });
  const run = () => {
    const { value, grads } = tf.variableGrads(loss, net.variables);
    value.dispose();
    Object.values(grads).forEach((g) => g.dispose());
  };
  try {
    run();
    return (await tf.profile(run)).kernels.length;
  } finally {
    net.dispose();
    x.dispose();
    t.dispose();
  }
}

/** A wall and a CPU clock in milliseconds (CPU: this process, all its threads). */
function now(): { wall: number; cpu: number } {
  const c = process.cpuUsage();
  return { wall: performance.now(), cpu: (c.user + c.system) / 1000 };
}

/** Milliseconds spent, wall and CPU. */
interface Spent {
  wall: number;
  cpu: number;
}

/**
 * Times every call of the Trainer's private redraw (new points, and RAR's residual at the candidates), adding
 * to `into`; the Trainer does it inside a step, and a step's time alone cannot tell it apart.
 * Throws when the Trainer no longer has it, so that a renamed method cannot silently count as Adam time.
 */
function timeRedraws(into: Spent): void {
  type Redraw = (this: Trainer) => Generator<unknown, void, unknown>;
  const proto = Trainer.prototype as unknown as { resample?: Redraw };
  const original = proto.resample;
  if (typeof original !== 'function') throw new Error("Trainer.prototype.resample is gone: bench/recipe.ts cannot time sampling and RAR apart from Adam; update it.");
  proto.resample = function* (this: Trainer) {
    const t0 = now();
    try {
      return yield* original.call(this);
    } finally {
      const t1 = now();
      into.wall += t1.wall - t0.wall;
      into.cpu += t1.cpu - t0.cpu;
    }
  };
}

/** u on the reference grid of burgers_shock.mat and its relative L2 error (x-major: usol[i][j] = u(x_i, t_j)). */
function scoreOnReference(trainer: Trainer, file: string): number {
  const mat = parseMat(readFileSync(join(ROOT, file)), file);
  const xs = mat.x.data;
  const ts = mat.t.data;
  const x = new Float64Array(xs.length * ts.length);
  const t = new Float64Array(xs.length * ts.length);
  for (let i = 0; i < xs.length; i++) {
    for (let j = 0; j < ts.length; j++) {
      x[i * ts.length + j] = xs[i];
      t[i * ts.length + j] = ts[j];
    }
  }
  const [u] = trainer.predict({ x, t });
  return relativeL2(u, mat.usol.data);
}

/** The Trainer options of a plan: the shipped defaults with the plan's points, RAR and steps. */
function planOptions(plan: RecipePlan): TrainOptions {
  const d = PROBLEMS.burgers.defaults;
  return {
    ...d,
    sampling: { ...d.sampling, domain: plan.points, rar: { ...plan.rar } },
    adam: { ...d.adam, steps: plan.adam.steps },
    lbfgs: { ...d.lbfgs, steps: plan.lbfgs.steps },
  };
}

async function main(recipe: string, backend: string, planFile?: string): Promise<void> {
  tf.env().set('IS_TEST', true);
  await initBackend(backend as 'wasm', { log: false });
  openBlasFromEnv();
  const plan: RecipePlan = planFile === undefined ? recipePlan(recipe) : JSON.parse(readFileSync(planFile, 'utf8'));
  // Kernel counts are of the main thread's own steps: with workers the evaluation happens elsewhere.
  const kernels = plan.threads === 1 ? { lossAndGradient: await kernelsPerLossAndGradient(plan.points), ...(await kernelsPerTrainerStep()) } : undefined;
  const redraws: Spent = { wall: 0, cpu: 0 };
  timeRedraws(redraws);
  const module = PROBLEMS.burgers;
  const options = planOptions(plan);
  const t0 = now();
  // With threads > 1 the setup includes starting the workers (each builds its backend and the problem).
  const trainer = plan.threads === 1 ? new Trainer(module.problem(), options) : await parallelTrainer('burgers', options, { workers: plan.threads, backend: backend as 'wasm' });
  const t1 = now();
  const spent: Record<'adam' | 'lbfgs', Spent> = { adam: { wall: 0, cpu: 0 }, lbfgs: { wall: 0, cpu: 0 } };
  let last = t1;
  let before: Spent = { ...redraws };
  const result = await trainer.run({
    onStep: (record) => {
      const at = now();
      // A step's time, less the redraw inside it; the event-loop yield every 10 steps counts with the next step, as in npm start.
      const phase = spent[record.phase === 'adam' ? 'adam' : 'lbfgs'];
      phase.wall += at.wall - last.wall - (redraws.wall - before.wall);
      phase.cpu += at.cpu - last.cpu - (redraws.cpu - before.cpu);
      before = { ...redraws };
      last = at;
    },
  });
  const e0 = now();
  const relL2 = scoreOnReference(trainer, plan.reference);
  const e1 = now();
  const state = await trainer.state();
  const adamSteps = trainer.history.filter((r) => r.phase === 'adam').length;
  const seconds = (wall: boolean) => {
    const pick = (s: Spent) => (wall ? s.wall : s.cpu) / 1000;
    return { setup: pick({ wall: t1.wall - t0.wall, cpu: t1.cpu - t0.cpu }), adam: pick(spent.adam), sampling: pick(redraws), lbfgs: pick(spent.lbfgs), evaluation: pick({ wall: e1.wall - e0.wall, cpu: e1.cpu - e0.cpu }) };
  };
  const phases = seconds(true);
  const cpuPhases = seconds(false);
  const total = (p: RecipePhases) => Object.values(p).reduce((a, b) => a + b, 0);
  const out: RecipeResult = {
    side: 'tfjs-pinn',
    backend: plan.threads === 1 ? backend : `${backend}, ${plan.threads} workers`,
    phases,
    cpuPhases,
    seconds: total(phases),
    cpuSeconds: total(cpuPhases),
    adamSteps,
    lbfgsIterations: trainer.history.length - adamSteps,
    lbfgsEvaluations: state.lbfgs?.evaluations ?? 0,
    ...(result.reason !== 'steps' ? { lbfgsStop: result.reason } : {}),
    relL2,
    ...(kernels !== undefined ? { kernels: { lossAndGradient: kernels.lossAndGradient, adamStep: kernels.adam, lbfgsStep: kernels.lbfgs } } : {}),
  };
  trainer.dispose();
  console.log(`${RECIPE_LINE}${JSON.stringify(out)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [recipe, backend, planFile] = process.argv.slice(2);
  if (recipe === undefined || backend === undefined) {
    console.error('Usage: node --import tsx bench/recipe.ts RECIPE BACKEND [PLAN.json]   (e.g. burgers wasm)');
    process.exit(2);
  }
  await main(recipe, backend, planFile);
}
