// Page-side half of spec/browser/browser.spec.ts: runs inside Chromium against the standalone
// bundle and returns plain JSON. Kept as a plain module so no transpiler touches it.
import * as lib from '../../../dist/browser/tfjs-pinn.bundle.js';

const { tf } = lib;

/** The partials term for a golden key: 'u' stays, 'xt' becomes 'u_xt'. */
const termOf = (key) => (key === 'u' ? 'u' : `u_${key}`);

/** Starts `backend` ('auto' = let initBackend choose) and reports the choice. */
export async function start(backend) {
  // Only partials and asynchronous reads run here: webgpu without synchronous reads (SwiftShader) will do.
  const syncReads = backend !== 'webgpu';
  const choice = await lib.initBackend(backend === 'auto' ? undefined : backend, { log: false, syncReads });
  return { ...choice, active: tf.getBackend(), available: await lib.availableBackends({ syncReads }) };
}

/**
 * The WebGPU adapter this page gets ({vendor, architecture, description, isFallbackAdapter}),
 * or {missing: why} when there is none.
 */
export async function webgpuAdapter() {
  if (navigator.gpu === undefined) return { missing: 'navigator.gpu is missing (no WebGPU in this browser; Chromium needs --enable-unsafe-webgpu on Linux)' };
  const adapter = await navigator.gpu.requestAdapter().catch(() => null);
  if (adapter == null) return { missing: 'navigator.gpu.requestAdapter() gave no adapter' };
  const info = adapter.info ?? {};
  return { vendor: info.vendor, architecture: info.architecture, description: info.description, isFallbackAdapter: adapter.isFallbackAdapter ?? info.isFallbackAdapter };
}

/**
 * The golden case's partials on `backend`, with every tensor freed: values per
 * golden key, and how many tensors partials left behind (should be 0).
 */
export async function goldenPartials(golden, backend, options = {}) {
  await start(backend);
  return goldenOnCurrentBackend(golden, options);
}

/** {@link goldenPartials} on whatever backend is active. */
async function goldenOnCurrentBackend(golden, options = {}) {
  const n = golden.x.length;
  const net = lib.MLP.fromLayers(golden.layers, golden.activation);
  const before = tf.memory().numTensors;
  const x = tf.tensor2d(golden.x, [n, 1]);
  const t = tf.tensor2d(golden.t, [n, 1]);
  const keys = Object.keys(golden.partials);
  const d = lib.partials(net, { x, t }, keys.map(termOf), options);
  const values = {};
  for (const key of keys) values[key] = Array.from(await d[termOf(key)].data());
  tf.dispose([...Object.values(d), x, t]);
  const leaked = tf.memory().numTensors - before;
  net.dispose();
  return { backend: tf.getBackend(), values, leaked };
}

/** Largest |got - ref| / largest |ref|. */
function relativeError(got, ref) {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    if (!Number.isFinite(got[i])) return Infinity;
    diff = Math.max(diff, Math.abs(got[i] - ref[i]));
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

/**
 * For every activation the library offers: a seeded 2-16-16-1 MLP's u and
 * partials to fourth order at 64 points on `backend`, relative to the cpu backend.
 */
export async function activationAgreement(backend) {
  const n = 64;
  const xs = Array.from({ length: n }, (_, i) => -1 + (2 * ((i * 7) % n)) / (n - 1));
  const ts = Array.from({ length: n }, (_, i) => i / (n - 1));
  const terms = ['u', 'u_x', 'u_t', 'u_xx', 'u_xt', 'u_xxx', 'u_xxxx'];
  const run = async (name, activation) => {
    await start(name);
    const net = new lib.MLP({ sizes: [2, 16, 16, 1], activation, seed: 3, inputs: ['x', 't'] });
    const x = tf.tensor2d(xs, [n, 1]);
    const t = tf.tensor2d(ts, [n, 1]);
    const d = lib.partials(net, { x, t }, terms);
    const out = {};
    for (const term of terms) out[term] = await d[term].data();
    tf.dispose([...Object.values(d), x, t]);
    net.dispose();
    return out;
  };
  const result = {};
  for (const activation of lib.ACTIVATIONS) {
    const ref = await run('cpu', activation);
    const got = await run(backend, activation);
    result[activation] = Object.fromEntries(terms.map((term) => [term, relativeError(got[term], ref[term])]));
  }
  return result;
}

/**
 * Largest |tf.sin(x) - Math.sin(x)| and the same for cos on `backend`, over
 * 20001 float32 points in [-range, range], plus sin and cos of NaN, +-Infinity, 0.
 */
export async function trigError(backend, range) {
  await start(backend);
  const n = 20001;
  const xs = new Float32Array(n);
  for (let i = 0; i < n; i++) xs[i] = -range + (2 * range * i) / (n - 1);
  const x = tf.tensor1d(xs);
  const s = tf.sin(x);
  const c = tf.cos(x);
  const [sv, cv] = [await s.data(), await c.data()];
  let sinError = 0;
  let cosError = 0;
  for (let i = 0; i < n; i++) {
    sinError = Math.max(sinError, Math.abs(sv[i] - Math.sin(xs[i])));
    cosError = Math.max(cosError, Math.abs(cv[i] - Math.cos(xs[i])));
  }
  const special = tf.tensor1d([NaN, Infinity, -Infinity, 0]);
  const ss = tf.sin(special);
  const cs = tf.cos(special);
  const specials = { sin: Array.from(await ss.data()), cos: Array.from(await cs.data()) };
  tf.dispose([x, s, c, special, ss, cs]);
  // JSON has no NaN: report non-finite values as strings.
  const plain = (v) => (Number.isFinite(v) ? v : String(v));
  return { sinError, cosError, specials: { sin: specials.sin.map(plain), cos: specials.cos.map(plain) } };
}

/** Sets a tfjs environment flag (as a browser without that feature would), then lets initBackend choose. */
export async function startWithFlag(flag, value) {
  tf.env().set(flag, value);
  return start('auto');
}

/**
 * Runs `body` with webgl Sin/Cos kernels computing the given GLSL expressions of x
 * (e.g. tfjs's stock 'sin(x)'), then restores the library's accurate kernels.
 */
async function withWebGLTrig(sinExpr, cosExpr, body) {
  const kernel = (expr) => ({ inputs, backend }) => backend.runWebGLProgram(
    { variableNames: ['A'], outputShape: inputs.x.shape.slice(), userCode: `void main() { float x = getAAtOutCoords(); setOutput(${expr}); }` },
    [inputs.x],
    'float32',
  );
  for (const [name, expr] of [['Sin', sinExpr], ['Cos', cosExpr]]) {
    tf.unregisterKernel(name, 'webgl');
    tf.registerKernel({ kernelName: name, backendName: 'webgl', kernelFunc: kernel(expr) });
  }
  try {
    return await body();
  } finally {
    lib.registerAccurateWebGLTrig();
  }
}

/** The golden case on webgl with tfjs's stock Sin/Cos kernels (plain GLSL sin/cos), for comparison. */
export async function goldenPartialsWithStockTrig(golden) {
  await start('webgl');
  // initBackend's smoke test would refuse webgl with these kernels: stay on the started backend.
  return withWebGLTrig('sin(x)', 'cos(x)', () => goldenOnCurrentBackend(golden));
}

/** initBackend('webgl') while webgl's sin is off by 1e-4: the smoke test must refuse it. */
export async function startWithSkewedSin() {
  await start('cpu');
  return withWebGLTrig('sin(x) + 1e-4', 'cos(x)', () => lib.initBackend('webgl', { log: false }).then(
    (choice) => `accepted: ${choice.name}`,
    (error) => String(error.message),
  ));
}

/** A small heat PINN plan, the demo's size: quick on SwiftShader, still ~0.1 s per step. */
function smallHeatOptions(steps) {
  const { defaults } = lib.PROBLEMS.heat;
  return {
    ...defaults,
    network: { ...defaults.network, hidden: [16, 16] },
    sampling: { ...defaults.sampling, domain: 256, boundary: 64, resampleEvery: 0, rar: null },
    adam: { steps, lr: 1e-2 },
    lbfgs: { steps: 0 },
  };
}

/**
 * Trains the small heat PINN for `steps` Adam steps on `backend`, in a worker
 * ('worker') or on this page's main thread ('main'), while a requestAnimationFrame
 * loop notes when it runs: frames during training, the largest gap between two
 * frames (ms), the training's wall time and steps reported, and the last loss.
 */
export async function rafDuringTraining(mode, backend, steps) {
  const stamps = [];
  let running = true;
  const tick = () => {
    stamps.push(performance.now());
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const options = smallHeatOptions(steps);
  let reported = 0;
  const t0 = performance.now();
  let loss;
  let backendName;
  if (mode === 'worker') {
    const run = lib.trainInWorker({ problem: 'heat', options, backend });
    run.onProgress(() => reported++);
    backendName = (await run.backend).name;
    loss = (await run.result).result.loss;
  } else {
    await start(backend);
    backendName = tf.getBackend();
    const trainer = new lib.Trainer(lib.PROBLEMS.heat.problem(), options);
    try {
      loss = (await trainer.run({ yieldEvery: 1, onStep: () => reported++ })).loss;
    } finally {
      trainer.dispose();
    }
  }
  const t1 = performance.now();
  running = false;
  const during = [t0, ...stamps.filter((s) => s > t0 && s < t1), t1];
  let maxGap = 0;
  for (let i = 1; i < during.length; i++) maxGap = Math.max(maxGap, during[i] - during[i - 1]);
  return { backend: backendName, ms: t1 - t0, frames: during.length - 2, maxGap, steps: reported, loss };
}

/**
 * trainInWorker on the small heat plan (`problem`: a name or { url, export }), run to its end
 * or stopped after `stopAfter` steps: the records seen, the backend, what it returned; or the error.
 */
export async function trainInWorker(problem, backend, steps, stopAfter) {
  const records = [];
  try {
    const run = lib.trainInWorker({ problem, options: smallHeatOptions(steps), backend, predict: { x: new Float64Array([0, 0.5]), t: new Float64Array([0.5, 0.5]) } });
    run.onProgress((record) => {
      records.push(record);
      if (records.length === stopAfter) run.stop();
    });
    const [choice, { result, state, prediction }] = await Promise.all([run.backend, run.result]);
    return { backend: choice.name, records, result, state: { step: state.step, problem: state.problem, history: state.history.length, layers: state.layers.length }, prediction: prediction.map((p) => Array.from(p)) };
  } catch (error) {
    return { error: `${error.name}: ${error.message}`, records };
  }
}

/**
 * The small heat plan with time marching (two windows of `steps` Adam steps each) in a worker on `backend`,
 * then the same plan on the page's main thread (createTrainer): the worker's records, result and state, u at
 * one point per window from both; or the error.
 */
export async function marchingInWorker(backend, steps) {
  const options = { ...smallHeatOptions(steps), marching: { windows: 2 } };
  const predict = { x: new Float64Array([0.3, 0.3]), t: new Float64Array([0.25, 0.75]) };
  const records = [];
  try {
    const run = lib.trainInWorker({ problem: 'heat', options, backend, predict });
    run.onProgress((record) => records.push(record));
    const { result, state, prediction } = await run.result;
    await start(backend);
    const trainer = lib.createTrainer(lib.PROBLEMS.heat.problem(), options);
    try {
      await trainer.run();
      const main = { losses: trainer.history.map((r) => r.loss), prediction: (await trainer.predictAsync(predict)).map((p) => Array.from(p)) };
      return { records, result, state: { format: state.format, window: state.window, finished: state.finished.length }, prediction: prediction.map((p) => Array.from(p)), main };
    } finally {
      trainer.dispose();
    }
  } catch (error) {
    return { error: `${error.name}: ${error.message}`, records };
  }
}

/**
 * The small heat plan with the hard-problem toolbox (a modified MLP with Fourier features, factorised weights and
 * normalised inputs, causal weights, gradient-norm balancing) in a worker on `backend`, then on the page's main
 * thread: both losses per step, or the error.
 */
export async function toolboxInWorker(backend, steps) {
  const base = smallHeatOptions(steps);
  const options = {
    ...base,
    network: { hidden: [8, 8], architecture: 'modified', embedding: { fourier: { features: 8 } }, factorization: {}, normalize: true },
    causal: { chunks: 4 },
    balance: { every: 2 },
  };
  const records = [];
  try {
    const run = lib.trainInWorker({ problem: 'heat', options, backend });
    run.onProgress((record) => records.push(record));
    const { result } = await run.result;
    await start(backend);
    const trainer = lib.createTrainer(lib.PROBLEMS.heat.problem(), options);
    try {
      await trainer.run();
      return { records, result, main: trainer.history.map((r) => r.loss), weights: records.map((r) => r.weights ?? null), causal: records.map((r) => r.causalMinWeight ?? null) };
    } finally {
      trainer.dispose();
    }
  } catch (error) {
    return { error: `${error.name}: ${error.message}`, records };
  }
}

/** The message trainInWorker throws at once for these options. */
export function trainInWorkerThrows(options) {
  try {
    lib.trainInWorker(options).terminate();
    return 'did not throw';
  } catch (error) {
    return error.message;
  }
}

/** The small heat plan trained on this page's main thread: every step's loss. */
export async function trainOnMainThread(backend, steps) {
  await start(backend);
  const trainer = new lib.Trainer(lib.PROBLEMS.heat.problem(), smallHeatOptions(steps));
  try {
    await trainer.run();
    return trainer.history.map((r) => r.loss);
  } finally {
    trainer.dispose();
  }
}

/**
 * Largest error of the activations' element-wise ops on `backend` against Math over 20001
 * float32 points in [-10, 10]: exp relative, tanh / sigmoid / softplus absolute (their values are O(1)).
 */
export async function activationOpErrors(backend) {
  await start(backend);
  const n = 20001;
  const xs = new Float32Array(n);
  for (let i = 0; i < n; i++) xs[i] = -10 + (20 * i) / (n - 1);
  const ops = {
    exp: [tf.exp, Math.exp, true],
    tanh: [tf.tanh, Math.tanh, false],
    sigmoid: [tf.sigmoid, (v) => 1 / (1 + Math.exp(-v)), false],
    softplus: [tf.softplus, (v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))), false],
  };
  const x = tf.tensor1d(xs);
  const out = {};
  for (const [name, [op, exact, relative]] of Object.entries(ops)) {
    const y = op(x);
    const v = await y.data();
    y.dispose();
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const want = exact(xs[i]);
      worst = Math.max(worst, Math.abs(v[i] - want) / (relative ? Math.abs(want) : 1));
    }
    out[name] = worst;
  }
  x.dispose();
  return out;
}

/**
 * Trains a small PINN for `problem` (2-16-16-1, 256 points) `adam` Adam steps then `lbfgs` L-BFGS iterations on this page's main
 * thread on `backend` with run() (asynchronous reads only), from the same seeds every time: every
 * step's loss, the first layer's biases from state(), tensors left behind, and (where synchronous
 * reads give wrong values) the message step() throws.
 */
export async function lossCurve(backend, adam, lbfgs, problem = 'heat') {
  await lib.initBackend(backend, { log: false, syncReads: backend !== 'webgpu' });
  const { defaults } = lib.PROBLEMS[problem];
  const options = {
    ...defaults,
    network: { ...defaults.network, hidden: [16, 16] },
    sampling: { ...defaults.sampling, domain: 256, boundary: 64, resampleEvery: 0, rar: null },
    adam: { steps: adam, lr: 1e-2 },
    lbfgs: { steps: lbfgs, historySize: 10 },
  };
  const before = tf.memory().numTensors;
  const syncReadsWork = lib.syncReadsWork();
  let stepError;
  if (!syncReadsWork) {
    const probe = new lib.Trainer(lib.PROBLEMS[problem].problem(), options);
    try {
      probe.step();
      stepError = 'did not throw';
    } catch (error) {
      stepError = error.message;
    } finally {
      probe.dispose();
    }
  }
  const trainer = new lib.Trainer(lib.PROBLEMS[problem].problem(), options);
  try {
    const t0 = performance.now();
    const result = await trainer.run();
    const ms = performance.now() - t0;
    const state = await trainer.state();
    const [u] = await trainer.predictAsync({ x: new Float64Array([0.25, 0.5]), t: new Float64Array([0.5, 0.5]) });
    return { backend: tf.getBackend(), syncReadsWork, stepError, result, ms, losses: trainer.history.map((r) => r.loss), phases: trainer.history.map((r) => r.phase), bias: state.layers[0].bias, u: Array.from(u) };
  } finally {
    trainer.dispose();
    // Reported after dispose: the run must leave nothing behind.
    lossCurve.leaked = tf.memory().numTensors - before;
  }
}

/** Tensors the last {@link lossCurve} left behind. */
export function lossCurveLeaked() {
  return lossCurve.leaked;
}
