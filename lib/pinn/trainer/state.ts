import { TorchLayer } from '../../models/index.js';
import { checkTorchLayers } from '../../models/torch_layers.js';
import { Network, PinnNet, StateDict, networkSizes } from '../../models/index.js';
import { NORMAL_PREFIX } from '../batch.js';
import { AdamState, checkAdamState } from '../optim/adam.js';
import { LBFGSState, checkLBFGSState } from '../optim/lbfgs.js';
import { LBFGS_DEFAULTS } from '../optim/lbfgs_options.js';
import { CheckedTrainOptions, checkTrainOptions } from '../options.js';
import { BalanceState, checkBalanceState } from '../weighting/index.js';
import { RngState } from '../../sampling/rng.js';
import { SobolCursor } from '../../sampling/points.js';
import { problemConstants } from '../problem/constants.js';
import { Problem } from '../types.js';
import { StepRecord } from './records.js';

/** A trainer's whole state, JSON-safe: enough to continue on the same loss curve. */
export interface TrainerState {
  /** Names the file format. */
  format: 'tfjs-pinn-checkpoint';
  /** The format's version. */
  version: 1;
  /** The problem's name, part of its identity. */
  problem: string;
  /** The problem's constants (problem.constants; the field keeps its first name in the file format), part of its identity. */
  params: Record<string, number>;
  /** Layer sizes of the network, inputs first. */
  sizes: number[];
  /** The network's activation. */
  activation: string;
  /** Steps taken (Adam steps plus L-BFGS iterations). */
  step: number;
  /** The checked options of the run, which a resumed run must share. */
  options: CheckedTrainOptions;
  /** The raw network N's weights (before the output transform). */
  layers: TorchLayer[];
  /**
   * A {@link Network}'s weights by name (PyTorch's state_dict layout); absent for the plain MLP, whose
   * weights are `layers` (then empty here: a Network has no layer list).
   */
  weights?: StateDict;
  /** Adam's moments and step count, or null where Adam keeps none (no Adam step yet). */
  adam: AdamState | null;
  /** The L-BFGS state, or null before L-BFGS begins. */
  lbfgs: LBFGSState | null;
  /** The sampler's random-number generator. */
  rng: RngState;
  /** Where each point stream's Sobol sequence goes on ('interior', 'rar', one per condition). */
  cursors: Record<string, SobolCursor>;
  /** The current point sets, so a resumed run trains on the same points. */
  batch: {
    /** The interior collocation points, coordinates by input name. */
    interior: Record<string, number[]>;
    /** conditions[i][j]: the points of condition i on its j-th face. */
    conditions: Record<string, number[]>[][];
  };
  /** The points residual-based refinement has added so far, or null. */
  rar: Record<string, number[]> | null;
  /** Resamplings spent on L-BFGS stalls. */
  stallResamples?: number;
  /** The problem's trainable parameters: raw values θ by name (absent when it has none). */
  parameters?: Record<string, number>;
  /** A hash of the observed data (data conditions' points and values), absent without data. */
  data?: string;
  /** With options.balance: the adaptive loss weights (their update schedule follows from `step`). */
  balance?: BalanceState;
  /** One record per step taken. */
  history: StepRecord[];
}

/** What a state is checked against: the run that would load it. */
export interface StateTarget {
  problem: Problem;
  net: PinnNet;
  options: CheckedTrainOptions;
  totalSteps: number;
}

/**
 * Throws, saying what differs or what is wrong, when `state` is not a whole checkpoint of this problem
 * (name and parameters), network, options and plan. Every field's type and range is checked, and what
 * the plan implies (Adam steps taken, whether L-BFGS has begun, one history record per step); a
 * hand-edited file whose checksum was recomputed is refused as a damaged one is, naming the field. It
 * reads everything and changes nothing, so a caller can check first and then load (all-or-nothing).
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
  const runSizes = networkSizes(run.net);
  const runActivation = run.net instanceof Network ? run.net.options.activation : run.net.activation;
  if (!Array.isArray(state.sizes) || state.sizes.join(',') !== runSizes.join(',') || state.activation !== runActivation) {
    throw new Error(`The checkpoint's network is [${state.sizes}] ${state.activation}, but this run's is [${runSizes}] ${runActivation}; use the same network options or start afresh.`);
  }
  // Checkpoints written before an option existed (L-BFGS's gradientSearch, plateau, ...; balance, causal,
  // adam.warmup, adam.decay.staircase) ran with its default: checking their options again applies it.
  const saved = withDefaults(state.options);
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
  if (run.net instanceof Network) {
    if (state.weights === undefined) throw new Error(`The checkpoint holds no 'weights' for this run's network (${run.net.options.architecture}, with embedding or factorisation); it was made with other network options.`);
    run.net.checkStateDict(state.weights, 'Trainer.setState');
  } else {
    if (state.weights !== undefined) throw new Error(`The checkpoint holds a Network's 'weights', but this run's network is a plain MLP; use the same network options or start afresh.`);
    const sizes = checkTorchLayers(state.layers, 'Trainer.setState');
    if (sizes.join(',') !== runSizes.join(',')) throw new Error(`The checkpoint's layers have sizes [${sizes}], but this run's network has [${runSizes}].`);
  }
  checkOptimisers(state, run);
  const rng = state.rng;
  if (!Array.isArray(rng) || rng.length !== 4 || rng.some((v) => !Number.isInteger(v) || v < 0 || v > 0xffffffff)) {
    throw new Error(`The checkpoint's sampler state (rng) must be four unsigned 32-bit integers, but got ${JSON.stringify(rng)}.`);
  }
  const cursors = state.cursors;
  const uint32 = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffffffff;
  if (cursors === null || typeof cursors !== 'object' || Object.values(cursors).some((c) => !Number.isSafeInteger(c?.index) || c.index < 0 || !Array.isArray(c.shift) || !c.shift.every(uint32))) {
    throw new Error(`The checkpoint's sampler cursors must map stream names to {index, shift}, but got ${JSON.stringify(cursors)?.slice(0, 80)}.`);
  }
  const inputs = run.problem.inputs;
  checkPoints(state.batch?.interior, inputs, 'batch.interior');
  if (state.rar !== null && run.options.sampling.rar === null) throw new Error(`The checkpoint keeps refinement points (rar), but this run's options.sampling.rar is null, so it never makes them.`);
  if (state.rar !== null) checkPoints(state.rar, inputs, 'rar');
  // The plan's interior: the drawn points, the data points where the residual is also taken there, the refinement pool.
  const { domain, residualAtData } = run.options.sampling;
  const data = residualAtData ? run.problem.conditions.filter((c) => c.kind === 'data').reduce((n, c) => n + c.points[inputs[0]].length, 0) : 0;
  const pool = state.rar === null ? 0 : state.rar[inputs[0]].length;
  const interior = (state.batch.interior[inputs[0]] as unknown[]).length;
  if (interior !== domain + data + pool) {
    throw new Error(`The checkpoint's points (batch.interior) number ${interior}, but this run's plan has ${domain + data + pool} (options.sampling.domain ${domain}${residualAtData ? `, ${data} data points` : ''}${pool > 0 ? `, ${pool} refinement points` : ''}).`);
  }
  const conditions = state.batch?.conditions;
  if (!Array.isArray(conditions) || conditions.length !== run.problem.conditions.length) {
    throw new Error(`The checkpoint's points (batch.conditions) must have one entry per condition (${run.problem.conditions.length}), but have ${Array.isArray(conditions) ? conditions.length : JSON.stringify(conditions)}.`);
  }
  conditions.forEach((sets, i) => {
    if (!Array.isArray(sets)) throw new Error(`The checkpoint's points (batch.conditions[${i}]) must be an array of point sets, but got ${JSON.stringify(sets)?.slice(0, 80)}.`);
    sets.forEach((p, j) => checkPoints(p, inputs, `batch.conditions[${i}][${j}]`));
  });
  const history = state.history;
  if (!Array.isArray(history) || history.some((r) => typeof r?.step !== 'number' || (r.phase !== 'adam' && r.phase !== 'lbfgs') || typeof r.loss !== 'number' || r.parts === null || typeof r.parts !== 'object')) {
    throw new Error(`The checkpoint's history must be an array of step records, but got ${JSON.stringify(history)?.slice(0, 80)}.`);
  }
  if (history.length !== state.step) throw new Error(`The checkpoint's history has ${history.length} records, but it is at step ${state.step}.`);
  history.forEach((r, i) => checkRecord(r, i, run));
  checkBalanceState(state.balance, run.options.balance, history);
  const stalls = state.stallResamples ?? 0;
  if (!Number.isInteger(stalls) || stalls < 0) throw new Error(`The checkpoint's stallResamples must be an integer >= 0, but got ${JSON.stringify(stalls)}.`);
  const most = run.options.lbfgs.resampleOnStall;
  if (stalls > most) throw new Error(`The checkpoint's stallResamples is ${stalls}, more than this run's options.lbfgs.resampleOnStall (${most}) allows.`);
}

/**
 * Throws unless the optimisers' states are whole (types, lengths, ranges: {@link checkAdamState},
 * {@link checkLBFGSState}) and fit the step: Adam has taken min(step, adam.steps) steps (none: no state),
 * and L-BFGS has a state once past the Adam steps (and none before them).
 */
function checkOptimisers(state: TrainerState, run: StateTarget): void {
  // The trainables: the network's tensors, then one scalar per trainable parameter (Trainer.trainables()).
  const sizes = [...run.net.variables.map((v) => v.size), ...Object.keys(run.problem.parameters ?? {}).map(() => 1)];
  const adamSteps = Math.min(state.step, run.options.adam.steps);
  if (state.adam === null || state.adam === undefined) {
    if (adamSteps > 0) throw new Error(`The checkpoint has no Adam state (adam is ${JSON.stringify(state.adam ?? null)}), but it has taken ${adamSteps} Adam steps.`);
  } else {
    checkAdamState(state.adam, sizes);
    if (state.adam.iterations !== adamSteps) throw new Error(`The checkpoint's Adam step count (adam.iterations) is ${state.adam.iterations}, but it has taken ${adamSteps} Adam steps.`);
  }
  if (state.lbfgs === null || state.lbfgs === undefined) {
    if (state.step > run.options.adam.steps) throw new Error(`The checkpoint has no L-BFGS state (lbfgs is ${JSON.stringify(state.lbfgs ?? null)}), but it has taken ${state.step - run.options.adam.steps} L-BFGS steps.`);
    return;
  }
  if (state.step < run.options.adam.steps) throw new Error(`The checkpoint has an L-BFGS state (lbfgs), but it is at step ${state.step}, before the end of its ${run.options.adam.steps} Adam steps.`);
  checkLBFGSState(state.lbfgs, sizes.reduce((a, b) => a + b, 0), run.options.lbfgs.historySize);
}

/** Throws unless history[i] is the record of step i + 1: its phase, a finite loss, finite parts and parameters. */
function checkRecord(r: StepRecord, i: number, run: StateTarget): void {
  const where = `The checkpoint's history[${i}]`;
  if (r.step !== i + 1) throw new Error(`${where} is the record of step ${r.step}, but must be that of step ${i + 1} (one record per step, in order).`);
  const phase = i < run.options.adam.steps ? 'adam' : 'lbfgs';
  if (r.phase !== phase) throw new Error(`${where} has phase '${r.phase}', but step ${i + 1} of this plan is ${phase === 'adam' ? 'an Adam' : 'an L-BFGS'} step.`);
  if (!Number.isFinite(r.loss)) throw new Error(`${where}.loss is ${JSON.stringify(r.loss)}; a recorded step's loss is a finite number.`);
  const min = r.causalMinWeight;
  if (min !== undefined && !(typeof min === 'number' && min >= 0 && min <= 1)) throw new Error(`${where}.causalMinWeight is ${JSON.stringify(min)}; expected a number in [0, 1].`);
  for (const [key, values] of [['parts', r.parts], ['parameters', r.parameters ?? {}], ['weights', r.weights ?? {}]] as const) {
    if (values === null || typeof values !== 'object' || Array.isArray(values)) throw new Error(`${where}.${key} must map names to finite numbers, but got ${JSON.stringify(values)}.`);
    for (const [name, v] of Object.entries(values)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where}.${key}.${name} is ${JSON.stringify(v)}; expected a finite number.`);
    }
  }
}

/**
 * A saved options object with the defaults of options added since it was written: checked again
 * (a checked object is valid input); as it was when that fails, so that the differences are reported.
 *
 * @example
 * withDefaults(oldCheckpoint.options); // e.g. marching.handoff: 'loss' added to a checkpoint older than it
 */
export function withDefaults(saved: unknown): unknown {
  if (saved === null || typeof saved !== 'object') return saved;
  const lbfgs = (saved as Partial<CheckedTrainOptions>).lbfgs;
  const filled = lbfgs ? { ...saved, lbfgs: { ...LBFGS_DEFAULTS, ...lbfgs } } : saved;
  try {
    return checkTrainOptions(filled as CheckedTrainOptions);
  } catch {
    return filled;
  }
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
