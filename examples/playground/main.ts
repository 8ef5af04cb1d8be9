// The tfjs-pinn playground: write a PDE problem as expressions (or open a shipped one), pick a network,
// sampling and plan, train it in a Web Worker on the chosen backend and watch the loss parts, u,
// u - exact and line cuts live; stop, resume, download the model and the loss history. The problem
// and plan live in the URL's hash, so a link reproduces a run. The library comes from the standalone
// bundle beside this file (the build maps this import to ./tfjs-pinn.bundle.js).
import * as lib from '../../lib/browser_bundle.js';
import type { Points, Problem, ProblemDefinition, StepRecord, TrainOptions, TrainerState, WorkerTraining } from '../../lib/browser_bundle.js';
import { renderPlan } from './plan_form.js';
import { LINE_COLOURS, RDBU, Series, VIRIDIS, drawField, drawLines, extent } from './plots.js';
import { bindProblemForm } from './problem_form.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** What a link holds: a problem (a definition, or a shipped module by name), the plan and the backend. */
interface Link {
  preset?: string;
  definition?: ProblemDefinition;
  shipped?: string;
  plan?: TrainOptions;
  backend?: string;
}

/** What the page exposes for its specs and for curious users (window.playground). */
interface PageState {
  state: 'idle' | 'training' | 'done' | 'stopped' | 'error' | 'invalid';
  backend?: { name: string; reason: string };
  records: StepRecord[];
  relL2?: Record<string, number>;
  maxError?: number;
  error?: { field?: string; start?: number; end?: number; message: string };
  reason?: string;
  /** What the problem form holds now: a definition, or the shipped module's name. */
  formDefinition?: () => ProblemDefinition | { shipped: string };
}

const page: PageState = { state: 'idle', records: [] };
(window as unknown as { playground: PageState }).playground = page;

/** A template for a problem of one's own. */
const NEW_PROBLEM: ProblemDefinition = {
  name: 'custom',
  inputs: ['x'],
  domain: { x: [0, 1] },
  residual: 'u_xx + 1',
  conditions: [{ kind: 'dirichlet', on: 'x-min, x-max', value: 0 }],
  exact: 'x*(1 - x)/2',
};

const form = bindProblemForm($('problem'), (t) => lib.parseExpression(t));
const defaults = lib.checkTrainOptions({}) as unknown as Record<string, unknown>;
const plan = renderPlan($('plan'), defaults, { 'network.activation': lib.ACTIVATIONS });
let shipped: string | undefined;

function say(text: string, error = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', error);
}

function setState(state: PageState['state']) {
  page.state = state;
  document.body.dataset.state = state;
}

/** The presets: every shipped problem (as expressions, or as its module), and a blank template. */
function listPresets() {
  const select = $<HTMLSelectElement>('preset');
  // A module that cannot be built without its data files (burgers-inverse's observations) is left out.
  const buildable = Object.keys(lib.PROBLEMS).filter((name) => !(lib.PROBLEMS[name].data ?? []).some((file) => file.required));
  for (const name of buildable) select.append(new Option(name in lib.EXPRESSION_PRESETS ? name : `${name} (shipped module)`, name));
  select.append(new Option('new problem', 'new'));
}

/** Opens a preset: its definition (or module) and its shipped plan. */
function openPreset(name: string, over: Link = {}) {
  $<HTMLSelectElement>('preset').value = name;
  const moduleOnly = name in lib.PRESETS_AS_MODULES;
  shipped = over.shipped ?? (moduleOnly ? name : undefined);
  const definition = over.definition ?? (name === 'new' ? NEW_PROBLEM : lib.EXPRESSION_PRESETS[name]);
  if (definition) form.set(definition);
  form.setDisabled(shipped !== undefined);
  $('preset-note').textContent = shipped !== undefined
    ? `${lib.PROBLEMS[shipped].problem().title}. Loaded as the shipped module: ${lib.PRESETS_AS_MODULES[shipped]}.`
    : name in lib.PROBLEMS ? `The shipped problem '${name}' written as expressions (the same problem: spec/expression/presets.spec.ts).` : '';
  plan.set(over.plan ?? lib.PROBLEMS[name]?.defaults ?? { network: { hidden: [20, 20] }, sampling: { domain: 200, boundary: 2 }, adam: { steps: 500, lr: 5e-3 }, lbfgs: { steps: 200 } });
}

/** The link of what the page holds now. */
function currentLink(): Link {
  const preset = $<HTMLSelectElement>('preset').value;
  const link: Link = { preset, plan: plan.read(), backend: $<HTMLSelectElement>('backend').value };
  if (shipped !== undefined) link.shipped = shipped;
  else link.definition = form.read();
  return link;
}

function readLink(): Link {
  const params = new URLSearchParams(location.search);
  if (location.hash.length > 1) {
    try {
      return JSON.parse(decodeURIComponent(location.hash.slice(1))) as Link;
    } catch (error) {
      say(`The link's problem could not be read (${(error as Error).message}); opened the default preset.`, true);
    }
  }
  return { preset: params.get('preset') ?? 'heat', backend: params.get('backend') ?? undefined };
}

/** Clears an expression error's marks. */
function clearError() {
  document.querySelectorAll('.invalid').forEach((el) => el.classList.remove('invalid'));
  $('expression-error').hidden = true;
  $('plan-error').hidden = true;
  page.error = undefined;
}

/** Shows an error: an ExpressionError under its field, at its character; others in the status line. */
function showError(error: unknown, where: 'problem' | 'plan' | 'run') {
  const e = error as Error & { field?: string; start?: number; end?: number; text?: string };
  page.error = { field: e.field, start: e.start, end: e.end, message: e.message };
  if (e.name === 'ExpressionError' && e.field !== undefined) {
    const box = $('expression-error');
    box.hidden = false;
    box.textContent = e.message;
    Object.assign(box.dataset, { field: e.field, start: String(e.start), end: String(e.end) });
    const found = form.locate(e.field);
    if (found) {
      found.element.classList.add('invalid');
      // A textarea holds one expression per (non-empty) line: find where the line starts.
      let offset = 0;
      if (found.element instanceof HTMLTextAreaElement) {
        let seen = -1;
        for (const line of found.element.value.split('\n')) {
          if (line.trim() !== '' && ++seen === found.line) {
            offset += line.length - line.trimStart().length;
            break;
          }
          offset += line.length + 1;
        }
      }
      found.element.focus();
      found.element.setSelectionRange(offset + e.start!, offset + e.end!);
    }
    setState('invalid');
    say(`The problem has an error in '${e.field}' (shown under the problem).`, true);
    return;
  }
  if (where === 'plan') {
    $('plan-error').hidden = false;
    $('plan-error').textContent = e.message;
    setState('invalid');
  } else setState(where === 'problem' ? 'invalid' : 'error');
  say(e.message, true);
}

/** The display grid: 201 points for one input; 81 x 81 over the first two inputs (others at their middle). */
interface Display {
  problem: Problem;
  points: Points;
  nx: number;
  ny: number;
  axes: string[];
  ranges: [number, number][];
  inside: Uint8Array | null;
  exact?: Float64Array[];
}

function displayGrid(problem: Problem): Display {
  const bbox = problem.geometry?.bbox ?? problem.domain!;
  const axes = problem.inputs.slice(0, 2);
  const [nx, ny] = axes.length === 1 ? [201, 1] : [81, 81];
  const ranges = axes.map((a) => [bbox[a][0], bbox[a][1]] as [number, number]);
  const n = nx * ny;
  const points: Points = {};
  for (const input of problem.inputs) {
    const col = new Float64Array(n);
    const [lo, hi] = bbox[input];
    for (let k = 0; k < n; k++) {
      const [i, j] = [k % nx, Math.floor(k / nx)];
      col[k] = input === axes[0] ? lo + ((hi - lo) * i) / (nx - 1) : input === axes[1] ? lo + ((hi - lo) * j) / (ny - 1) : (lo + hi) / 2;
    }
    points[input] = col;
  }
  const inside = problem.geometry ? problem.geometry.contains(points) : null;
  const exact = problem.exact?.(points);
  return { problem, points, nx, ny, axes, ranges, inside, exact };
}

/** Relative L2 error per output (over the points inside; up to a constant where the problem says so) and the largest |u - exact|. */
function errors(d: Display, prediction: Float64Array[]): { relL2: Record<string, number>; maxError: number } | undefined {
  if (!d.exact) return undefined;
  const relL2: Record<string, number> = {};
  let maxError = 0;
  d.problem.outputs.forEach((o, k) => {
    const ok = (i: number) => d.inside === null || d.inside[i] === 1;
    let shift = 0;
    if (d.problem.upToConstant?.includes(o)) {
      let [s, m] = [0, 0];
      prediction[k].forEach((u, i) => ok(i) && ((s += u - d.exact![k][i]), m++));
      shift = s / Math.max(m, 1);
    }
    let [num, den] = [0, 0];
    prediction[k].forEach((u, i) => {
      if (!ok(i)) return;
      const e = u - shift - d.exact![k][i];
      num += e * e;
      den += d.exact![k][i] ** 2;
      maxError = Math.max(maxError, Math.abs(e));
    });
    relL2[o] = Math.sqrt(num / Math.max(den, 1e-300));
  });
  return { relL2, maxError };
}

let display: Display | undefined;
let latest: Float64Array[] | undefined;

/** Draws u, exact, u - exact and the line cut of the selected output. */
function drawFields() {
  if (!display || !latest) return;
  const d = display;
  const k = Math.max(0, d.problem.outputs.indexOf($<HTMLSelectElement>('output').value));
  const o = d.problem.outputs[k];
  const masked = (v: ArrayLike<number>) => Float64Array.from(v as ArrayLike<number>, (x, i) => (d.inside === null || d.inside[i] === 1 ? x : NaN));
  const u = masked(latest[k]);
  const exact = d.exact ? masked(d.exact[k]) : undefined;
  const diff = exact ? Float64Array.from(u, (x, i) => x - exact[i]) : undefined;
  const twoD = d.axes.length === 2;
  for (const id of ['field-u', 'field-exact']) $(id).parentElement!.hidden = !twoD || (id === 'field-exact' && !exact);
  $('field-error').parentElement!.hidden = !diff;
  $('cut-label').hidden = !twoD;
  if (twoD) {
    const [lo, hi] = exact ? extent([...extent(u), ...extent(exact)]) : extent(u);
    const base = { nx: d.nx, ny: d.ny, x: d.ranges[0], y: d.ranges[1], xLabel: d.axes[0], yLabel: d.axes[1] };
    drawField($<HTMLCanvasElement>('field-u'), { ...base, values: u, title: `${o} (network)`, colours: RDBU, range: [lo, hi] });
    if (exact) drawField($<HTMLCanvasElement>('field-exact'), { ...base, values: exact, title: `${o} exact`, colours: RDBU, range: [lo, hi] });
    if (diff) {
      // Its own scale (viridis, as the Node pictures' error panel): the error is orders below u.
      drawField($<HTMLCanvasElement>('field-error'), { ...base, values: diff, title: `${o} − exact`, colours: VIRIDIS });
    }
  } else if (diff) {
    drawLines($<HTMLCanvasElement>('field-error'), [{ name: `${o} − exact`, x: d.points[d.axes[0]], y: diff, colour: LINE_COLOURS[1] }], { title: `${o} − exact`, xLabel: d.axes[0], yLabel: `${o} − exact` });
  }
  // The line cut: along the first input, at the slider's value of the second.
  const slider = Number($<HTMLInputElement>('cut').value);
  const j = twoD ? Math.round(slider * (d.ny - 1)) : 0;
  const row = (v: ArrayLike<number>) => Array.from({ length: d.nx }, (_, i) => v[j * d.nx + i]);
  const xs = row(d.points[d.axes[0]]);
  const at = twoD ? d.ranges[1][0] + ((d.ranges[1][1] - d.ranges[1][0]) * j) / (d.ny - 1) : undefined;
  $('cut-value').textContent = at === undefined ? '' : `${d.axes[1]} = ${at.toPrecision(3)}`;
  const series: Series[] = [{ name: `${o} (network)`, x: xs, y: row(u), colour: LINE_COLOURS[0] }];
  if (exact) series.push({ name: `${o} exact`, x: xs, y: row(exact), colour: LINE_COLOURS[1], dash: [5, 3] });
  drawLines($<HTMLCanvasElement>('cut-chart'), series, { title: twoD ? `${o} along ${d.axes[0]} at ${d.axes[1]} = ${at!.toPrecision(3)}` : `${o}`, xLabel: d.axes[0], yLabel: o });
}

/** Draws the loss and its parts, log scale, per step. */
function drawLoss() {
  const steps = page.records.map((r) => r.step);
  const names = Object.keys(page.records.at(-1)?.parts ?? {});
  const series: Series[] = [{ name: 'loss', x: steps, y: page.records.map((r) => r.loss), colour: '#222' }];
  names.forEach((name, k) => series.push({ name, x: steps, y: page.records.map((r) => r.parts[name]), colour: LINE_COLOURS[k % LINE_COLOURS.length], dash: [4, 2] }));
  drawLines($<HTMLCanvasElement>('loss-chart'), series, { title: 'loss and its parts', xLabel: 'step', yLabel: 'loss', logY: true });
}

let frame = 0;
/** Redraws at the next animation frame, at most once per frame. */
function redraw() {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    drawLoss();
    drawFields();
  });
}

/** The run in progress and what it was started with (for stop, resume and downloads). */
let run: WorkerTraining | undefined;
let started: { link: Link; problem: Problem } | undefined;
let lastState: TrainerState | undefined;

function buttons(training: boolean) {
  $<HTMLButtonElement>('train').disabled = training;
  $<HTMLSelectElement>('preset').disabled = training;
  $<HTMLSelectElement>('backend').disabled = training;
  $<HTMLButtonElement>('stop').disabled = !training;
  $<HTMLButtonElement>('resume').disabled = training || lastState === undefined || page.state !== 'stopped';
  $<HTMLButtonElement>('download-model').disabled = training || lastState === undefined;
  $<HTMLButtonElement>('download-loss').disabled = page.records.length === 0;
}

/** Compiles what the form holds (errors shown at their place); undefined when it does not compile. */
function prepare(): { link: Link; problem: Problem } | undefined {
  clearError();
  let link: Link;
  try {
    link = currentLink();
  } catch (error) {
    showError(error, 'plan');
    return undefined;
  }
  try {
    lib.checkTrainOptions(link.plan);
  } catch (error) {
    showError(error, 'plan');
    return undefined;
  }
  try {
    const problem = link.shipped !== undefined ? lib.PROBLEMS[link.shipped].problem() : lib.compileProblem(link.definition!);
    return { link, problem };
  } catch (error) {
    showError(error, 'problem');
    return undefined;
  }
}

/** Trains (afresh, or on from `state`) in a worker. */
async function train(state?: TrainerState) {
  const ready = state !== undefined && started ? started : prepare();
  if (!ready) return;
  started = ready;
  const { link, problem } = ready;
  history.replaceState(null, '', `#${encodeURIComponent(JSON.stringify(link))}`);
  if (state === undefined) {
    page.records = [];
    lastState = undefined;
    display = displayGrid(problem);
    latest = undefined;
    $<HTMLSelectElement>('output').replaceChildren(...problem.outputs.map((o) => new Option(o, o)));
    $<HTMLInputElement>('cut').value = problem.time !== undefined && problem.inputs[1] === problem.time ? '1' : '0.5';
  }
  const total = (link.plan?.adam?.steps ?? 1000) + (link.plan?.lbfgs?.steps ?? 500);
  setState('training');
  buttons(true);
  form.setDisabled(true);
  const backend = link.backend === 'auto' || link.backend === undefined ? undefined : (link.backend as 'webgpu' | 'webgl' | 'wasm' | 'cpu');
  try {
    run = lib.trainInWorker({
      problem: link.shipped !== undefined ? link.shipped : { definition: link.definition! },
      options: link.plan,
      backend,
      predict: display!.points,
      snapshotEvery: Math.max(5, Math.round(total / 60)),
      ...(state ? { state } : {}),
    });
    let where = 'a worker';
    run.backend.then((b) => {
      page.backend = b;
      where = `a worker on '${b.name}'`;
    }, () => undefined);
    run.onProgress((record) => {
      page.records.push(record);
      say(`step ${record.step}/${total} (${record.phase}) in ${where}: loss ${record.loss.toExponential(3)}`);
      redraw();
    });
    run.onSnapshot((_step, prediction) => {
      latest = prediction;
      redraw();
    });
    const { result, state: finalState, prediction } = await run.result;
    // The playground's plans never march in time windows: the state is a Trainer's.
    lastState = finalState as TrainerState;
    latest = prediction;
    page.reason = result.reason;
    const err = errors(display!, prediction!);
    page.relL2 = err?.relL2;
    page.maxError = err?.maxError;
    setState(result.reason === 'stopped' ? 'stopped' : 'done');
    const errText = err ? `; rel. L2 error ${Object.entries(err.relL2).map(([o, e]) => `${o} ${e.toExponential(2)}`).join(', ')}, max |u − exact| ${err.maxError.toExponential(2)} on the ${display!.nx}${display!.ny > 1 ? ` x ${display!.ny}` : ''} grid` : ' (no exact solution to compare with)';
    say(`${result.steps} steps (${result.reason}) in a worker on '${page.backend?.name}' (${page.backend?.reason}): loss ${result.loss.toExponential(3)}${errText}`);
    $('summary').textContent = `problem '${problem.name}': ${problem.title}`;
    redraw();
  } catch (error) {
    showError(error, 'run');
  } finally {
    run = undefined;
    form.setDisabled(shipped !== undefined);
    buttons(false);
  }
}

/** Saves `text` as a file named `name`. */
function download(name: string, text: string, type: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** The loss history as CSV: step, phase, loss and each part. */
function lossCsv(records: StepRecord[]): string {
  const parts = [...new Set(records.flatMap((r) => Object.keys(r.parts)))];
  const rows = records.map((r) => [r.step, r.phase, r.loss, ...parts.map((p) => r.parts[p] ?? '')].join(','));
  return `${['step', 'phase', 'loss', ...parts].join(',')}\n${rows.join('\n')}\n`;
}

/** The trained model as a solution file (lib's SolutionJSON fields) with the definition and plan that made it. */
function modelJson(): string {
  const { link, problem } = started!;
  const s = lastState!;
  const d = link.definition;
  const u = d?.transform
    ? problem.outputs.map((o) => `${o} = (${d.transform![o]?.value ?? 0}) + (${d.transform![o]?.scale ?? 1}) * N_${o}`).join('; ')
    : d
      ? 'u = N(inputs): the problem has no output transform'
      : `the shipped problem '${s.problem}' forms u from N (lib/pinn/problems)`;
  return JSON.stringify({
    format: 'tfjs-pinn-solution',
    version: 1,
    problem: s.problem,
    inputs: problem.inputs,
    outputs: problem.outputs,
    sizes: s.sizes,
    activation: s.activation,
    weights: 'the raw network N (before the output transform)',
    u,
    layout: 'pytorch: weight [out][in], bias [out] per nn.Linear',
    layers: s.layers,
    parameters: {},
    step: s.step,
    ...(d ? { definition: d } : { shipped: link.shipped }),
    options: s.options,
  }, null, 1);
}

/** Lists what expressions may hold, from the library's own tables. */
function vocabulary() {
  const fns = Object.entries(lib.EXPRESSION_FUNCTIONS).map(([name, f]) => `${name}: ${f.doc}`);
  const geo = Object.values(lib.GEOMETRY_FUNCTIONS);
  $('vocabulary').innerHTML = '';
  const add = (title: string, items: string[]) => {
    const p = document.createElement('p');
    p.textContent = `${title}: ${items.join('; ')}.`;
    $('vocabulary').append(p);
  };
  add('Operators', ['+ - * /', '^ or ** (power, right associative, above unary minus: -x^2 = -(x^2))', 'parentheses']);
  add('Constants', Object.keys(lib.EXPRESSION_CONSTANTS).concat('your own from definitions'));
  add('Names', ['inputs (x, t)', 'terms in residuals and operator conditions (u, u_x, u_xt, v_yy: output, underscore, one letter per derivative)', 'n_x, n_y (outward normal) in conditions', 'dist (the region\'s distance function) everywhere but exact solutions']);
  add('Functions', fns);
  add('Regions', geo);
}

async function main() {
  page.formDefinition = () => (shipped !== undefined ? { shipped } : form.read());
  listPresets();
  vocabulary();
  const link = readLink();
  if (link.backend) $<HTMLSelectElement>('backend').value = link.backend;
  openPreset(link.preset && (link.preset in lib.PROBLEMS || link.preset === 'new') ? link.preset : 'heat', link);
  $<HTMLSelectElement>('preset').addEventListener('change', (e) => {
    clearError();
    openPreset((e.target as HTMLSelectElement).value);
  });
  $('train').addEventListener('click', () => void train());
  $('stop').addEventListener('click', () => run?.stop());
  $('resume').addEventListener('click', () => void train(lastState));
  $('download-loss').addEventListener('click', () => download(`${started?.problem.name ?? 'run'}-loss.csv`, lossCsv(page.records), 'text/csv'));
  $('download-model').addEventListener('click', () => download(`${started?.problem.name ?? 'run'}-model.json`, modelJson(), 'application/json'));
  $('link').addEventListener('click', () => {
    const l = currentLink();
    const url = `${location.origin}${location.pathname}#${encodeURIComponent(JSON.stringify(l))}`;
    history.replaceState(null, '', url);
    navigator.clipboard?.writeText(url).then(() => say('Link copied: it opens this problem and plan.'), () => say(url));
  });
  $('output').addEventListener('change', () => drawFields());
  $('cut').addEventListener('input', () => drawFields());
  setState('idle');
  say('Write a problem or pick a preset, then Train.');
  if (new URLSearchParams(location.search).has('train')) await train();
}

main().catch((error) => showError(error, 'run'));
