// The demo page: pick a backend, see the reference study live, train a small PINN.
// Loads the standalone bundle (tfjs included) as a plain ES module: no bundler, no CDN.
// ?backend=webgl picks the backend, ?problem=heat the PINN, ?train=N (&lbfgs=M) starts N Adam (and M L-BFGS) steps at load;
// window.tfjsPinnDemo holds the results for the browser spec. Training runs in a Web Worker (trainInWorker).
import * as lib from '../../dist/browser/tfjs-pinn.bundle.js';
import { runStudy } from './study.js';
import { drawTraining, trainProblem, trainableProblems } from './training.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

/** @param {HTMLElement} el @param {string} text @param {boolean} [error] */
function say(el, text, error = false) {
  el.textContent = text;
  el.classList.toggle('error', error);
}

/** Loads the golden case whose weights and grid the study uses. */
async function loadGolden() {
  const response = await fetch('../../spec/fixtures/torch-partials.json');
  if (!response.ok) throw new Error(`could not load the golden fixture (${response.status})`);
  const { cases } = await response.json();
  return cases.find((c) => c.name === 'testnet-seed-grid');
}

/** Starts the chosen backend ('auto' = fastest working) and shows what was chosen and why. */
async function startBackend(choice) {
  // The study reads its results asynchronously: webgpu without synchronous reads (SwiftShader) will do.
  const { name, reason } = await lib.initBackend(choice === 'auto' ? undefined : choice, { syncReads: false });
  say($('backend-status'), `running on '${name}': ${reason}`);
  document.body.dataset.backend = name;
}

async function study(golden) {
  document.body.dataset.study = 'running';
  say($('study-status'), 'computing...');
  const { seedDiff, vsTorch, ms } = await runStudy(lib, golden, { maps: $('maps'), table: $('numbers'), status: $('study-status') });
  const worst = (r) => Math.max(...Object.values(r)).toExponential(1);
  window.tfjsPinnDemo = { ...window.tfjsPinnDemo, study: { backend: lib.tf.getBackend(), seedDiff, vsTorch } };
  say($('study-status'), `done in ${ms.toFixed(0)} ms on '${lib.tf.getBackend()}': seeds 'sum' vs 'ones' differ by at most ${worst(seedDiff)}; `
    + `largest relative difference from PyTorch float64 ${worst(vsTorch)}.`);
  document.body.dataset.study = 'done';
}

/** The run in progress (trainInWorker's handle), for the stop button. */
let current;

/** Trains in a worker on the page's backend (webgpu included: the worker reads back asynchronously); where the worker cannot start it, on its own choice. */
async function trainSomewhere(run) {
  const backend = $('backend').value === 'auto' ? undefined : $('backend').value;
  try {
    return await trainProblem(lib, { ...run, backend });
  } catch (error) {
    if (backend === undefined || !/could not start backend/.test(String(error?.message))) throw error;
    // The worker's own choice says why it skipped the backend asked for.
    return trainProblem(lib, run);
  }
}

async function train() {
  const steps = Math.max(0, Math.min(5000, Math.round(Number($('steps').value)) || 0));
  const lbfgs = Math.max(0, Math.min(1000, Math.round(Number($('lbfgs').value)) || 0));
  const canvases = { loss: $('loss-curve'), solution: $('solution'), error: $('solution-error') };
  const losses = [];
  $('train-start').disabled = true;
  $('problem').disabled = true;
  $('train-stop').disabled = false;
  $('backend').disabled = true;
  document.body.dataset.training = 'running';
  try {
    let where = 'a worker';
    const result = await trainSomewhere({
      problem: $('problem').value,
      steps,
      lbfgs,
      onStart: (run) => {
        current = run;
        run.backend.then(({ name }) => (where = `a worker on '${name}'`), () => undefined);
      },
      onStep: (step, loss, phase) => {
        losses.length = step;
        losses[step - 1] = loss;
        // The page is free while the worker trains: draw every step.
        drawTraining(canvases, losses);
        say($('train-status'), `step ${step}/${steps + lbfgs} (${phase}) in ${where}: loss ${loss.toExponential(3)}`);
      },
    });
    const ranges = drawTraining(canvases, result.losses, result);
    const span = ({ min, max }) => `from ${min.toPrecision(3)} to ${max.toPrecision(3)}`;
    $('solution-caption').textContent = `u ${span(ranges.solution)}: ${result.axes[0]} across, ${result.axes[1]} down`;
    $('error-caption').textContent = `u - exact ${span(ranges.error)}`;
    window.tfjsPinnDemo = { ...window.tfjsPinnDemo, training: { losses: result.losses, maxError: result.maxError, backend: result.backend } };
    say($('train-status'), `${result.losses.length} steps (${result.reason}) in a worker on '${result.backend.name}' (${result.backend.reason}): loss ${result.losses.at(-1).toExponential(3)}, max |u - exact| on the grid ${result.maxError.toExponential(2)}`);
    document.body.dataset.training = 'done';
  } finally {
    current = undefined;
    $('train-start').disabled = false;
    $('problem').disabled = false;
    $('train-stop').disabled = true;
    $('backend').disabled = false;
  }
}

/** Shows an error where the user looks and marks the page for the specs. */
function fail(where, error) {
  console.error(error);
  say($(where), String(error?.message ?? error), true);
  document.body.dataset[where === 'train-status' ? 'training' : 'study'] = 'error';
}

/** Fills the problem list from what the loaded build offers. */
function listProblems() {
  const problems = trainableProblems(lib);
  const select = $('problem');
  select.replaceChildren(...problems.map(({ name }) => new Option(name, name)));
  select.value = params.get('problem') ?? (problems.some((p) => p.name === 'heat') ? 'heat' : problems[0].name);
  const title = () => (problems.find((p) => p.name === select.value)?.title ?? '');
  $('problem-title').textContent = title();
  select.addEventListener('change', () => ($('problem-title').textContent = title()));
}

async function main() {
  listProblems();
  const golden = await loadGolden();
  const select = $('backend');
  select.value = params.get('backend') ?? 'auto';
  await startBackend(select.value);
  await study(golden);
  select.addEventListener('change', () => {
    startBackend(select.value).then(() => study(golden)).catch((e) => fail('study-status', e));
  });
  $('train-start').addEventListener('click', () => train().catch((e) => fail('train-status', e)));
  $('train-stop').addEventListener('click', () => current?.stop());
  if (params.has('train')) {
    $('steps').value = params.get('train');
    if (params.has('lbfgs')) $('lbfgs').value = params.get('lbfgs');
    await train().catch((e) => fail('train-status', e));
  }
}

main().catch((e) => fail('study-status', e));
