import { MLP, TorchLayer } from '../../models/index.js';
import { AdamState } from '../optim/adam.js';
import { LBFGSState } from '../optim/lbfgs.js';
import { CheckedTrainOptions } from '../options.js';
import { RngState } from '../rng.js';
import { SobolCursor } from '../sampling.js';
import { Problem } from '../types.js';
import { StepRecord } from './records.js';

/** A trainer's whole state, JSON-safe: enough to continue on the same loss curve. */
export interface TrainerState {
  format: 'tfjs-pinn-checkpoint';
  version: 1;
  problem: string;
  sizes: number[];
  activation: string;
  step: number;
  /** The checked options of the run, which a resumed run must share. */
  options: CheckedTrainOptions;
  /** The raw network N's weights (before the output transform). */
  layers: TorchLayer[];
  adam: AdamState | null;
  lbfgs: LBFGSState | null;
  rng: RngState;
  cursors: Record<string, SobolCursor>;
  batch: { interior: Record<string, number[]>; conditions: Record<string, number[]>[][] };
  rar: Record<string, number[]> | null;
  /** Resamplings spent on L-BFGS stalls. */
  stallResamples?: number;
  /** The problem's trainable parameters: raw values θ by name (absent when it has none). */
  parameters?: Record<string, number>;
  /** A hash of the observed data (data conditions' points and values), absent without data. */
  data?: string;
  history: StepRecord[];
}

/** What a state is checked against: the run that would load it. */
export interface StateTarget {
  problem: Problem;
  net: MLP;
  options: CheckedTrainOptions;
  totalSteps: number;
}

/**
 * Throws, saying what differs, when `state` is not a checkpoint of this problem, network, options and plan.
 *
 * @example
 * checkState(await other.state(), { problem, net, options, totalSteps }); // throws: other problem
 * checkState(await trainer.state(), { problem, net, options, totalSteps }); // fine
 */
export function checkState(state: TrainerState, run: StateTarget): void {
  if (state?.format !== 'tfjs-pinn-checkpoint' || state.version !== 1) {
    throw new Error(`Not a tfjs-pinn checkpoint (format ${JSON.stringify(state?.format)}, version ${JSON.stringify(state?.version)}); expected format 'tfjs-pinn-checkpoint', version 1.`);
  }
  if (state.problem !== run.problem.name) throw new Error(`The checkpoint is for problem '${state.problem}', but this run trains '${run.problem.name}'.`);
  if (state.sizes.join(',') !== run.net.sizes.join(',') || state.activation !== run.net.activation) {
    throw new Error(`The checkpoint's network is [${state.sizes}] ${state.activation}, but this run's is [${run.net.sizes}] ${run.net.activation}; use the same network options or start afresh.`);
  }
  const differ = optionDifferences(state.options, run.options);
  if (differ.length > 0) {
    throw new Error(`The checkpoint was made with other training options (${differ.join('; ')}); resume with the same problem, --steps and --full, or start afresh.`);
  }
  if ((state.data ?? null) !== (dataFingerprint(run.problem) ?? null)) {
    throw new Error(`The checkpoint was trained on other observed data (another draw, noise or number of points); resume with the same data options or start afresh.`);
  }
  const want = Object.keys(run.problem.parameters ?? {});
  const have = Object.keys(state.parameters ?? {});
  if (want.slice().sort().join(',') !== have.slice().sort().join(',')) {
    throw new Error(`The checkpoint trains parameters [${have.join(', ')}], but this problem trains [${want.join(', ')}]; start afresh.`);
  }
  if (!Number.isInteger(state.step) || state.step < 0 || state.step > run.totalSteps) {
    throw new Error(`The checkpoint is at step ${state.step}, outside this run's plan of ${run.totalSteps} steps.`);
  }
}

/**
 * 'path: saved vs now' for every option that differs between two option sets.
 *
 * @example
 * optionDifferences({ adam: { steps: 5 } }, { adam: { steps: 6 } }); // ['adam.steps: checkpoint 5, now 6']
 * optionDifferences(a, a); // []
 */
export function optionDifferences(saved: unknown, now: unknown, path = ''): string[] {
  if (JSON.stringify(saved) === JSON.stringify(now)) return [];
  if (saved !== null && now !== null && typeof saved === 'object' && typeof now === 'object' && !Array.isArray(saved) && !Array.isArray(now)) {
    const keys = [...new Set([...Object.keys(saved), ...Object.keys(now)])];
    return keys.flatMap((k) => optionDifferences((saved as Record<string, unknown>)[k], (now as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  return [`${path || 'options'}: checkpoint ${JSON.stringify(saved)}, now ${JSON.stringify(now)}`];
}

/**
 * A hash (FNV-1a over the float64 bytes) of a problem's observed data, so a
 * resumed run cannot silently continue on other data; undefined without data.
 *
 * @example
 * dataFingerprint(burgersInverseProblem(mat, { noise: 0.01 })); // differs from noise 0
 * dataFingerprint(heatProblem()); // undefined
 */
export function dataFingerprint(problem: Problem): string | undefined {
  const data = problem.conditions.filter((c) => c.kind === 'data');
  if (data.length === 0) return undefined;
  let h = 0x811c9dc5;
  for (const c of data) {
    const columns = [...problem.inputs.map((v) => c.points[v]), c.values];
    for (const col of columns) {
      const bytes = new Uint8Array(Float64Array.from(col).buffer);
      for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    }
  }
  return h.toString(16).padStart(8, '0');
}
