import { AnyTrainer, PROBLEMS, ProblemModule, StudyOptions } from '../pinn/index.js';
import type { JobOptions, JobSummary } from './job_types.js';
import type { PlotInput } from './plot.js';

// What a job adds for problems that learn from data: study options, learned parameters, extra picture panels.

/** The study options (noise, points) a job passes to its problem; refused for problems that take none. */
export function studyOptions(module: ProblemModule, name: string, job: JobOptions): StudyOptions {
  const study: StudyOptions = {};
  for (const key of ['noise', 'points'] as const) {
    if (job[key] === undefined) continue;
    if (!module.study?.includes(key)) throw new Error(`Option '${key}' applies to problems that learn from observed data (${Object.keys(PROBLEMS).filter((k) => PROBLEMS[k].study?.includes(key)).join(', ')}), not '${name}'.`);
    study[key] = job[key];
  }
  return study;
}

/** summary.json's parameters and their relative errors (inverse problems only). */
export function parameterSummary(trainer: AnyTrainer): Pick<JobSummary, 'parameters' | 'parameter_errors'> {
  if (Object.keys(trainer.problem.parameters ?? {}).length === 0) return {};
  const parameters = trainer.parameterValues();
  const truth = trainer.problem.exactParameters ?? {};
  const errors = Object.fromEntries(Object.keys(truth).map((k) => [k, Math.abs(parameters[k] - truth[k]) / Math.abs(truth[k])]));
  return Object.keys(errors).length > 0 ? { parameters, parameter_errors: errors } : { parameters };
}

/** The picture's extra panels for an inverse problem: observed points and parameter trajectories. */
export function parameterPanels(trainer: AnyTrainer): Pick<PlotInput, 'observed' | 'trajectories'> {
  const p = trainer.problem;
  const data = p.conditions.find((c) => c.kind === 'data');
  const observed = data && p.inputs.length === 2 ? Object.fromEntries(p.inputs.map((v) => [v, Float64Array.from(data.points[v])])) : undefined;
  const names = Object.keys(p.parameters ?? {});
  if (names.length === 0) return observed ? { observed } : {};
  const steps = Float64Array.from(trainer.history, (r) => r.step);
  const series = names.map((n) => ({ name: n, values: Float64Array.from(trainer.history, (r) => r.parameters?.[n] ?? NaN), truth: p.exactParameters?.[n] }));
  return { ...(observed ? { observed } : {}), trajectories: { steps, series } };
}
