import { CheckedTrainOptions } from '../options.js';
import { problemConstants } from '../problem/constants.js';
import { SolutionJSON } from '../solution.js';
import { StepRecord } from '../trainer/records.js';
import { TrainerState, optionDifferences, showParams, withDefaults } from '../trainer/state.js';
import { Problem } from '../types.js';

/** A step record of a time-marching run: `step` counts over all windows; `window` says which trained it (0 first). */
export interface MarchingStepRecord extends StepRecord {
  /** The window this step trained (0 first). */
  window: number;
}

/**
 * A MarchingTrainer's whole state, JSON-safe: the finished windows' solutions and loss histories, and the
 * current window's whole Trainer state; enough to continue on the same loss curve.
 */
export interface MarchingState {
  /** Names the file format. */
  format: 'tfjs-pinn-marching-checkpoint';
  /** The format's version. */
  version: 1;
  /** The problem's name, part of its identity. */
  problem: string;
  /** The problem's constants, part of its identity (as in a Trainer's state). */
  params: Record<string, number>;
  /** The checked options of the run (with `marching`), which a resumed run must share. */
  options: CheckedTrainOptions;
  /** The window edges. */
  edges: number[];
  /** The window being trained (0 first); as many windows are finished. */
  window: number;
  /** Per finished window: its solution (the raw network N) and its loss history (steps counted within the window). */
  finished: {
    /** The window's saved solution (the raw network N, as `Solution.toJSON` writes it). */
    solution: SolutionJSON;
    /** The window's records, one per step it took, `step` counted within the window. */
    history: StepRecord[];
  }[];
  /** The current window's Trainer state (its options are the run's without `marching`). */
  current: TrainerState;
}

/** What a marching state is checked against: the run that would load it. */
export interface MarchingTarget {
  problem: Problem;
  options: CheckedTrainOptions;
  edges: readonly number[];
}

/**
 * Throws, saying what differs or what is wrong, unless `state` is a whole marching state of this problem
 * (name and constants), options and windows: the window index, one finished entry per earlier window, each
 * with a solution and one finite record per step. The current window's Trainer state and the finished
 * solutions' weights are checked by Trainer.setState and Solution.fromJSON as they load. Changes nothing.
 *
 * @example
 * checkMarchingState(await marching.state(), { problem, options: marching.options, edges: marching.edges }); // fine
 * checkMarchingState(await trainer.state(), target); // throws: a checkpoint of a run without time marching
 */
export function checkMarchingState(state: MarchingState, run: MarchingTarget): void {
  const name = run.problem.name;
  const format = (state as { format?: unknown } | null)?.format;
  if (format === 'tfjs-pinn-checkpoint') {
    throw new Error(`The checkpoint is of a run without time marching (a Trainer's state), but this run marches in ${run.edges.length - 1} windows; load it with the options it was made with (options.marching null), or start afresh.`);
  }
  if (format !== 'tfjs-pinn-marching-checkpoint' || state.version !== 1) {
    throw new Error(`Not a tfjs-pinn time-marching checkpoint (format ${JSON.stringify(format)}, version ${JSON.stringify(state?.version)}); expected format 'tfjs-pinn-marching-checkpoint', version 1.`);
  }
  if (state.problem !== name) throw new Error(`The checkpoint is for problem '${state.problem}', but this run trains '${name}'.`);
  const params = problemConstants(run.problem);
  if (state.params === null || typeof state.params !== 'object' || showParams(state.params) !== showParams(params)) {
    throw new Error(`The checkpoint is for problem '${name}' with parameters ${state.params !== null && typeof state.params === 'object' ? showParams(state.params) : JSON.stringify(state.params)}, but this run trains '${name}' with parameters ${showParams(params)}.`);
  }
  // A checkpoint written before an option existed (marching.handoff, ...) ran with its default.
  const differ = optionDifferences(withDefaults(state.options), run.options);
  if (differ.length > 0) throw new Error(`The checkpoint was made with other training options (${differ.join('; ')}); load it into a run made with the same options, or start afresh.`);
  if (!Array.isArray(state.edges) || state.edges.length !== run.edges.length || state.edges.some((e, i) => e !== run.edges[i])) {
    throw new Error(`The checkpoint's window edges are ${JSON.stringify(state.edges)}, but this run's are ${JSON.stringify(run.edges)}; the problem's time interval differs, so start afresh.`);
  }
  const windows = run.edges.length - 1;
  if (!Number.isInteger(state.window) || state.window < 0 || state.window >= windows) {
    throw new Error(`The checkpoint's window is ${JSON.stringify(state.window)}; expected an integer in [0, ${windows - 1}] (this run has ${windows} windows).`);
  }
  if (!Array.isArray(state.finished) || state.finished.length !== state.window) {
    throw new Error(`The checkpoint is at window ${state.window}, so it must hold ${state.window} finished windows, but holds ${Array.isArray(state.finished) ? state.finished.length : JSON.stringify(state.finished)}.`);
  }
  const plan = run.options.adam.steps + run.options.lbfgs.steps;
  state.finished.forEach((f, k) => {
    const where = `The checkpoint's finished[${k}]`;
    if (f === null || typeof f !== 'object' || f.solution === null || typeof f.solution !== 'object') throw new Error(`${where} must be { solution, history }, but got ${JSON.stringify(f)?.slice(0, 80)}.`);
    if (!Array.isArray(f.history) || f.history.length > plan) {
      throw new Error(`${where}.history must hold at most one record per planned step (${plan}), but got ${Array.isArray(f.history) ? `${f.history.length} records` : JSON.stringify(f.history)?.slice(0, 80)}.`);
    }
    f.history.forEach((r, i) => checkRecord(r, i, `${where}.history[${i}]`, run.options.adam.steps));
  });
  if (state.current === null || typeof state.current !== 'object') throw new Error(`The checkpoint's current window state must be a Trainer state, but got ${JSON.stringify(state.current)?.slice(0, 80)}.`);
}

/** Throws unless `r` is the record of step i + 1 of a window: its phase, a finite loss and finite parts. */
function checkRecord(r: StepRecord, i: number, where: string, adamSteps: number): void {
  if (r === null || typeof r !== 'object' || r.step !== i + 1) throw new Error(`${where} must be the record of step ${i + 1} (one record per step, in order), but got ${JSON.stringify(r)?.slice(0, 80)}.`);
  const phase = i < adamSteps ? 'adam' : 'lbfgs';
  if (r.phase !== phase) throw new Error(`${where} has phase '${r.phase}', but step ${i + 1} of a window is ${phase === 'adam' ? 'an Adam' : 'an L-BFGS'} step.`);
  if (typeof r.loss !== 'number' || !Number.isFinite(r.loss)) throw new Error(`${where}.loss is ${JSON.stringify(r.loss)}; a recorded step's loss is a finite number.`);
  if (r.parts === null || typeof r.parts !== 'object' || Array.isArray(r.parts) || Object.values(r.parts).some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new Error(`${where}.parts must map names to finite numbers, but got ${JSON.stringify(r.parts)}.`);
  }
}
