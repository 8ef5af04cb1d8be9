import { MLP, TorchLayer } from '../../models/index.js';
import { checkTorchLayers } from '../../models/torch_layers.js';
import { NORMAL_PREFIX } from '../batch.js';
import { AdamState } from '../optim/adam.js';
import { LBFGSState } from '../optim/lbfgs.js';
import { LBFGS_DEFAULTS } from '../optim/lbfgs_options.js';
import { CheckedTrainOptions } from '../options.js';
import { RngState } from '../../sampling/rng.js';
import { SobolCursor } from '../../sampling/points.js';
import { problemConstants } from '../problem/constants.js';
import { Problem } from '../types.js';
import { StepRecord } from './records.js';

/** A trainer's whole state, JSON-safe: enough to continue on the same loss curve. */
export interface TrainerState {
  format: 'tfjs-pinn-checkpoint';
  version: 1;
  problem: string;
  /** The problem's constants (problem.constants; the field keeps its first name in the file format), part of its identity. */
  params: Record<string, number>;
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
 * Throws, saying what differs or what is wrong, when `state` is not a whole checkpoint of this problem
 * (name and parameters), network, options and plan. It reads everything and changes nothing, so a
 * caller can check first and then load (all-or-nothing); the optimisers check their own parts.
 *
 * @example
 * checkState(await other.state(), { problem, net, options, totalSteps }); // throws: other problem
 * checkState(await trainer.state(), { problem, net, options, totalSteps }); // fine
 */
export function checkState(state: TrainerState, run: StateTarget): void {
  if (state?.format !== 'tfjs-pinn-checkpoint' || state.version !== 1) {
    throw new Error(`Not a tfjs-pinn checkpoint (format ${JSON.stringify(state?.format)}, version ${JSON.stringify(state?.version)}); expected format 'tfjs-pinn-checkpoint', version 1.`);
  }
  const name = run.problem.name;
  if (state.problem !== name) throw new Error(`The checkpoint is for problem '${state.problem}', but this run trains '${name}'.`);
  const params = problemConstants(run.problem);
  if (state.params === undefined || state.params === null || typeof state.params !== 'object') {
    throw new Error(`The checkpoint does not state the parameters of problem '${name}'; this run's are ${showParams(params)}. Start afresh.`);
  }
  if (!sameParams(state.params, params)) {
    throw new Error(`The checkpoint is for problem '${name}' with parameters ${showParams(state.params)}, but this run trains '${name}' with parameters ${showParams(params)}.`);
  }
  if (!Array.isArray(state.sizes) || state.sizes.join(',') !== run.net.sizes.join(',') || state.activation !== run.net.activation) {
    throw new Error(`The checkpoint's network is [${state.sizes}] ${state.activation}, but this run's is [${run.net.sizes}] ${run.net.activation}; use the same network options or start afresh.`);
  }
  // Checkpoints written before an L-BFGS option existed (gradientSearch, plateau, lr, tolerances) ran with its default.
  const saved = state.options?.lbfgs ? { ...state.options, lbfgs: { ...LBFGS_DEFAULTS, ...(state.options.lbfgs as Partial<CheckedTrainOptions['lbfgs']>) } } : state.options;
  const differ = optionDifferences(saved, run.options);
  if (differ.length > 0) {
    throw new Error(`The checkpoint was made with other training options (${differ.join('; ')}); load it into a Trainer made with the same options, or start afresh.`);
  }
  if ((state.data ?? null) !== (dataFingerprint(run.problem) ?? null)) {
    throw new Error(`The checkpoint was trained on other observed data (another draw, noise or number of points); resume with the same data options or start afresh.`);
  }
  const want = Object.keys(run.problem.parameters ?? {});
  const have = Object.keys(state.parameters ?? {});
  if (want.slice().sort().join(',') !== have.slice().sort().join(',')) {
    throw new Error(`The checkpoint trains parameters [${have.join(', ')}], but this problem trains [${want.join(', ')}]; start afresh.`);
  }
  for (const [k, v] of Object.entries(state.parameters ?? {})) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`The checkpoint has parameter '${k}' = ${JSON.stringify(v)}; expected a finite number, so it is damaged.`);
  }
  if (!Number.isInteger(state.step) || state.step < 0 || state.step > run.totalSteps) {
    throw new Error(`The checkpoint is at step ${state.step}, outside this run's plan of ${run.totalSteps} steps.`);
  }
  const sizes = checkTorchLayers(state.layers, 'Trainer.setState');
  if (sizes.join(',') !== run.net.sizes.join(',')) throw new Error(`The checkpoint's layers have sizes [${sizes}], but this run's network has [${run.net.sizes}].`);
  const rng = state.rng;
  if (!Array.isArray(rng) || rng.length !== 4 || rng.some((v) => !Number.isInteger(v) || v < 0 || v > 0xffffffff)) {
    throw new Error(`The checkpoint's sampler state (rng) must be four unsigned 32-bit integers, but got ${JSON.stringify(rng)}.`);
  }
  const cursors = state.cursors;
  if (cursors === null || typeof cursors !== 'object' || Object.values(cursors).some((c) => !Number.isInteger(c?.index) || c.index < 0 || !Array.isArray(c.shift) || c.shift.some((v) => !Number.isInteger(v)))) {
    throw new Error(`The checkpoint's sampler cursors must map stream names to {index, shift}, but got ${JSON.stringify(cursors)?.slice(0, 80)}.`);
  }
  const inputs = run.problem.inputs;
  checkPoints(state.batch?.interior, inputs, 'batch.interior');
  const conditions = state.batch?.conditions;
  if (!Array.isArray(conditions) || conditions.length !== run.problem.conditions.length) {
    throw new Error(`The checkpoint's points (batch.conditions) must have one entry per condition (${run.problem.conditions.length}), but have ${Array.isArray(conditions) ? conditions.length : JSON.stringify(conditions)}.`);
  }
  conditions.forEach((sets, i) => {
    if (!Array.isArray(sets)) throw new Error(`The checkpoint's points (batch.conditions[${i}]) must be an array of point sets, but got ${JSON.stringify(sets)?.slice(0, 80)}.`);
    sets.forEach((p, j) => checkPoints(p, inputs, `batch.conditions[${i}][${j}]`));
  });
  if (state.rar !== null) checkPoints(state.rar, inputs, 'rar');
  const history = state.history;
  if (!Array.isArray(history) || history.some((r) => typeof r?.step !== 'number' || (r.phase !== 'adam' && r.phase !== 'lbfgs') || typeof r.loss !== 'number' || r.parts === null || typeof r.parts !== 'object')) {
    throw new Error(`The checkpoint's history must be an array of step records, but got ${JSON.stringify(history)?.slice(0, 80)}.`);
  }
  if (history.length !== state.step) throw new Error(`The checkpoint's history has ${history.length} records, but it is at step ${state.step}.`);
  const stalls = state.stallResamples ?? 0;
  if (!Number.isInteger(stalls) || stalls < 0) throw new Error(`The checkpoint's stallResamples must be an integer >= 0, but got ${JSON.stringify(stalls)}.`);
}

/** Throws unless `p` holds one finite coordinate array per input, all of one length. */
function checkPoints(p: unknown, inputs: readonly string[], where: string): void {
  const cols = p as Record<string, unknown> | null;
  const keys = cols !== null && typeof cols === 'object' ? Object.keys(cols) : [];
  // Boundary points also carry their outward normals, one column 'n:x' per input.
  const names = keys.length === 2 * inputs.length ? [...inputs, ...inputs.map((v) => `${NORMAL_PREFIX}${v}`)] : inputs;
  const ok =
    keys.length === names.length &&
    names.every((v) => Array.isArray(cols![v]) && (cols![v] as unknown[]).length === (cols![inputs[0]] as unknown[]).length && (cols![v] as unknown[]).every((x) => Number.isFinite(x)));
  if (!ok) throw new Error(`The checkpoint's points (${where}) must have coordinates ${inputs.join(', ')} of equal length${where.startsWith('batch.conditions') ? ` (boundary points also their normals ${inputs.map((v) => `${NORMAL_PREFIX}${v}`).join(', ')})` : ''}, but have ${keys.join(', ') || JSON.stringify(p)}.`);
}

/**
 * Parameters as a reader writes them: '{alpha: 0.1}', '{}' for none.
 *
 * @example
 * showParams({ alpha: 0.1, beta: 2 }); // '{alpha: 0.1, beta: 2}'
 * showParams({}); // '{}'
 */
export function showParams(params: Record<string, unknown>): string {
  return `{${Object.entries(params).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')}}`;
}

function sameParams(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.join('\u0000') === kb.join('\u0000') && ka.every((k) => a[k] === b[k]);
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
