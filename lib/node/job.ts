import * as tf from '@tensorflow/tfjs';
import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// lib/pinn installs the gradient repair and Taylor mode itself (a side effect by design).
import { AnyTrainer, AnyTrainerState, NonFiniteLossError, ProblemModule, StepRecord, TrainOptions, createTrainer } from '../pinn/index.js';
import { mergeOptions } from '../pinn/options.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import type { JobOptions, JobSummary } from './job_types.js';
import { loadPng } from './optional.js';
import { parameterPanels, parameterSummary, studyOptions } from './job_parameters.js';
import { renderPlot } from './plot.js';
import { networkSizes } from '../models/index.js';
import { buildProblem } from './problem_files.js';
import { PROBLEMS } from '../pinn/index.js';
import { trainingProgress } from './progress.js';
import { MAX_WORKERS, parallelTrainer } from './parallel/index.js';

/**
 * The plan for a problem: defaults or full, then `steps` applied, then extra options. With time marching
 * (`marching` in the plan) `steps` are shared out over the windows, at least one per window.
 *
 * @example
 * jobPlan(burgers, { steps: 100 }).adam?.steps; // 45 (the plan's Adam share)
 * jobPlan(burgers, { full: true }).network?.hidden?.length; // 8
 */
export function jobPlan(module: ProblemModule, job: Pick<JobOptions, 'steps' | 'full' | 'options'>): TrainOptions {
  let plan = job.full ? (module.full ?? module.defaults) : module.defaults;
  if (job.steps !== undefined) {
    if (!Number.isInteger(job.steps) || job.steps < 1) throw new Error(`Option 'steps' must be a positive integer, but got ${job.steps}.`);
    const a = plan.adam?.steps ?? 1000;
    const l = plan.lbfgs?.steps ?? 500;
    // The plan's steps are per window: the total is shared out over the windows.
    const marching = job.options?.marching !== undefined ? job.options.marching : plan.marching;
    const steps = Math.max(1, Math.round(job.steps / (marching?.windows ?? 1)));
    const adam = Math.round((steps * a) / Math.max(1, a + l));
    plan = mergeOptions(plan, { adam: { steps: adam }, lbfgs: { steps: steps - adam } });
  }
  return job.options ? mergeOptions(plan, job.options) : plan;
}

/** Writes a text file atomically (temporary file, then rename). */
async function writeAtomic(path: string, text: string): Promise<void> {
  // Unique per write: two writes to one path at once must not share a temporary file.
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

/**
 * One row per step: step, (with time marching) the window, phase, loss, the weighted parts, the trainable
 * parameters, then (with balancing) the weights in effect as `weight:<part>` and (with causal training)
 * `causalMinWeight`.
 */
function lossCsv(history: readonly (StepRecord & { window?: number })[]): string {
  const names = [...new Set(history.flatMap((r) => Object.keys(r.parts)))];
  const params = [...new Set(history.flatMap((r) => Object.keys(r.parameters ?? {})))];
  const weights = [...new Set(history.flatMap((r) => Object.keys(r.weights ?? {})))];
  const causal = history.some((r) => r.causalMinWeight !== undefined) ? ['causalMinWeight'] : [];
  // Time marching says which window trained each step.
  const windows = history.some((r) => r.window !== undefined) ? ['window'] : [];
  const head = ['step', ...windows, 'phase', 'loss', ...names, ...params, ...weights.map((n) => `weight:${n}`), ...causal].join(',');
  const rows = history.map((r) =>
    [r.step, ...windows.map(() => r.window), r.phase, r.loss, ...names.map((n) => r.parts[n] ?? ''), ...params.map((n) => r.parameters?.[n] ?? ''), ...weights.map((n) => r.weights?.[n] ?? ''), ...causal.map(() => r.causalMinWeight ?? '')].join(','),
  );
  return `${head}\n${rows.join('\n')}\n`;
}

/**
 * The main job: trains a problem with progress, checkpoints atomically every
 * K steps and at the end, stops on a non-finite loss keeping the last good
 * checkpoint, then measures the relative L2 error and writes
 * results/NAME/{summary.json, model.json, loss.csv, NAME.svg, checkpoint.json}.
 *
 * @example
 * await initBackend();
 * const summary = await runJob({ problem: 'burgers' }); // summary.rel_l2
 */
export async function runJob(job: JobOptions = {}): Promise<JobSummary> {
  const log = job.log ?? ((line: string) => console.log(line));
  const name = typeof job.problem === 'string' || job.problem === undefined ? (job.problem ?? 'burgers') : buildProblem(job.problem).name;
  const module = typeof job.problem === 'object' ? job.problem : PROBLEMS[name];
  if (module === undefined) throw new Error(`Unknown problem '${name}'; the shipped problems are ${Object.keys(PROBLEMS).join(', ')}.`);
  const study = studyOptions(module, name, job);
  const every = job.checkpointEvery ?? 250;
  if (!Number.isInteger(every) || every < 1) throw new Error(`Option 'checkpointEvery' must be a positive integer, but got ${every}.`);
  const dir = join(job.out ?? 'results', name);
  const checkpoint = join(dir, 'checkpoint.json');
  await mkdir(dir, { recursive: true });

  let trainer: AnyTrainer;
  if (job.workers === undefined) trainer = createTrainer(buildProblem(module, study), jobPlan(module, job));
  else {
    if (!Number.isInteger(job.workers) || job.workers < 1 || job.workers > MAX_WORKERS) throw new Error(`Option 'workers' must be an integer in [1, ${MAX_WORKERS}], but got ${job.workers}.`);
    // Worker threads rebuild the problem from its name; a module object cannot be sent to them.
    if (typeof job.problem === 'object') throw new Error(`Option 'workers' needs the problem by name; for a problem module of your own use parallelTrainer({ module, export }) from 'tfjs-pinn/node'.`);
    trainer = await parallelTrainer({ name, study }, jobPlan(module, job), { workers: job.workers });
  }
  try {
    // Said before training, not after it: heat maps need the optional pngjs (line plots do not).
    let plot = job.plot ?? true;
    if (plot && trainer.problem.inputs.length > 1) {
      try {
        await loadPng();
      } catch (error) {
        log(`${(error as Error).message} This run writes no picture (summary.json says picture: null).`);
        plot = false;
      }
    }
    if (job.resume) {
      await trainer.setState(await readCheckpoint<AnyTrainerState>(checkpoint));
      log(`Resuming ${name} from ${checkpoint} at step ${trainer.stepCount} of ${trainer.totalSteps}.`);
    }
    const bar = job.progress === false ? undefined : await trainingProgress(name, trainer.totalSteps, trainer.stepCount);
    const t0 = performance.now();
    let result;
    try {
      result = await trainer.run({
        onStep: async (r) => {
          bar?.update(r);
          if (r.step % every === 0) await writeCheckpoint(checkpoint, await trainer.state());
        },
      });
    } catch (error) {
      bar?.stop();
      if (error instanceof NonFiniteLossError) {
        throw new Error(`${error.message} (${checkpoint} holds the last good state)`);
      }
      throw error;
    }
    bar?.stop();
    await writeCheckpoint(checkpoint, await trainer.state());
    const seconds = (performance.now() - t0) / 1000;
    const e0 = performance.now();
    const ev = trainer.problem.exact === undefined ? null : trainer.evaluate();
    const evalSeconds = (performance.now() - e0) / 1000;
    let picture: string | null = null;
    const p = trainer.problem;
    const pictures: string[] = [];
    const windows = trainer.options.marching ? ` in ${trainer.options.marching.windows} time windows` : '';
    if (plot && ev === null) log(`${name}: no exact solution to compare with, so no picture; see the problem's own files.`);
    if (plot && ev !== null) {
      // One picture per output: NAME.svg for the first, NAME_<output>.svg for the others.
      for (let j = 0; j < p.outputs.length; j++) {
        const file = join(dir, j === 0 ? `${name}.svg` : `${name}_${p.outputs[j]}.svg`);
        const err = p.outputs.length === 1 ? ev.relL2 : ev.relL2ByOutput[p.outputs[j]];
        const label = p.outputs.length === 1 ? '' : ` ${p.outputs[j]}`;
        const svg = await renderPlot(
          { title: `${p.name}${label}${windows}: prediction, exact and |error| (rel L2 ${err.toExponential(2)})`, inputs: p.inputs, grid: p.grid, points: ev.points, predicted: ev.predicted[j], exact: ev.exact[j], inside: ev.inside, ...(j === 0 ? parameterPanels(trainer) : {}) },
          p.time,
        );
        await writeAtomic(file, svg);
        pictures.push(file);
      }
      picture = pictures[0];
    }
    const report = module.report?.(trainer, ev) ?? {};
    const files: string[] = [...pictures.slice(1)];
    for (const [file, text] of Object.entries(module.files?.(trainer, ev) ?? {})) {
      await writeAtomic(join(dir, file), text);
      files.push(join(dir, file));
    }
    const summary: JobSummary = {
      problem: name,
      backend: tf.getBackend(),
      steps: trainer.stepCount,
      seconds: +seconds.toFixed(2),
      rel_l2: ev?.relL2 ?? null,
      loss: result.loss,
      reason: result.reason,
      eval_seconds: +evalSeconds.toFixed(2),
      picture,
      rel_l2_by_output: ev?.relL2ByOutput ?? {},
      report,
      files,
      ...parameterSummary(trainer),
    };
    const { report: _, ...written } = summary;
    await writeAtomic(join(dir, 'summary.json'), `${JSON.stringify({ ...written, ...report }, null, 2)}\n`);
    // The solution's JSON (raw network N, parameters, how u is formed; with time marching, one per window and
    // the edges) plus the run's config: Solution.fromJSON (PiecewiseSolution.fromJSON) and readSolution read it.
    const solution = trainer.solution();
    const model = {
      ...solution.toJSON(),
      step: trainer.stepCount,
      config: { sizes: networkSizes(trainer.net), activation: trainer.options.network.activation, inputs: trainer.problem.inputs, outputs: trainer.problem.outputs, transform: trainer.problem.transform !== undefined, options: trainer.options },
    };
    solution.dispose();
    await writeAtomic(join(dir, 'model.json'), JSON.stringify(model));
    await writeAtomic(join(dir, 'loss.csv'), lossCsv(trainer.history));
    return summary;
  } finally {
    trainer.dispose();
  }
}

