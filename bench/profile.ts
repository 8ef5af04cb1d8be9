// The tfjs-pinn side of `npm run bench -- --profile burgers`: where a training step of the default Burgers network
// spends its time, in CPU milliseconds (robust on a shared machine), against the bench's bare step.
// Run by scripts/bench.ts in a fresh process: node --import tsx bench/profile.ts BACKEND N [N ...]
// Prints 'PROFILE ' + JSON lines (a ProfileResult each).
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs';

import { LBFGS, MLP, PROBLEMS, Trainer, burgersProblem, initBackend, partials } from '../lib/index.js';
import { createAdam } from '../lib/pinn/optim/flat_adam.js';
import { setFlatValues } from '../lib/pinn/trainer/objective.js';
import { backendArrays } from '../lib/internals/backend_arrays.js';
import { closure } from '../lib/taylor/multi_index.js';
import { recordActivation } from '../lib/taylor/fused/program.js';
import { layerLoops } from '../lib/taylor/fused/wasm/index.js';
import { openBlasFromEnv } from './openblas.js';

/** The prefix of the result lines. */
export const PROFILE_LINE = 'PROFILE ';

/** One measured case: CPU ms per call (median and best of the blocks), reads and kernels per call. */
export interface ProfileCase {
  /** The same work on both sides has the same key (bench/torch_profile.py): bare, trainer-plain, trainer, lbfgs, matmul, optimiser, flat-write. */
  key: string;
  name: string;
  ms: number;
  best: number;
  reads: number;
  kernels: number;
  /** Kernel names and how often each ran in one call, most frequent first. */
  byKernel: [string, number][];
}

/** What one profile run reports at one N (or, with n = 0, the optimiser alone). */
export interface ProfileResult {
  n: number;
  cases: ProfileCase[];
  /** L-BFGS loss-and-gradient evaluations per iteration of the measured iterations (n > 0). */
  evaluationsPerIteration?: number;
}

const NU = 0.01 / Math.PI;
const BLOCKS = 7;
const PER_BLOCK = 100;

const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** Counts the backend's reads (dataSync and data), the host-device reads of a GPU backend. */
function countReads(): { count: number } {
  const counter = { count: 0 };
  const backend = tf.backend() as unknown as { readSync: (id: unknown) => unknown; read: (id: unknown) => Promise<unknown> };
  const [readSync, read] = [backend.readSync.bind(backend), backend.read.bind(backend)];
  backend.readSync = (id) => (counter.count++, readSync(id));
  backend.read = (id) => (counter.count++, read(id));
  return counter;
}

/**
 * CPU milliseconds per call of each case, in blocks interleaved so that a load that comes and goes falls on all,
 * after 150 untimed calls each (V8 optimises the library's JavaScript after about 100 small steps).
 */
async function measureCases(cases: Record<string, [string, () => void]>, reads: { count: number }): Promise<ProfileCase[]> {
  for (const [, f] of Object.values(cases)) for (let i = 0; i < 150; i++) f();
  const times: Record<string, number[]> = {};
  const readsPer: Record<string, number> = {};
  for (let b = 0; b < BLOCKS; b++) {
    for (const [name, [, f]] of Object.entries(cases)) {
      const [r0, c0] = [reads.count, cpuMs()];
      for (let i = 0; i < PER_BLOCK; i++) f();
      (times[name] ??= []).push((cpuMs() - c0) / PER_BLOCK);
      readsPer[name] = (reads.count - r0) / PER_BLOCK;
    }
  }
  const out: ProfileCase[] = [];
  for (const [name, [key, f]] of Object.entries(cases)) {
    const info = await tf.profile(() => f());
    const hist = new Map<string, number>();
    for (const k of info.kernels) hist.set(k.name, (hist.get(k.name) ?? 0) + 1);
    const sorted = [...times[name]].sort((a, b) => a - b);
    out.push({ key, name, ms: sorted[sorted.length >> 1], best: sorted[0], reads: readsPer[name], kernels: info.kernels.length, byKernel: [...hist].sort((a, b) => b[1] - a[1]) });
  }
  return out;
}

/**
 * The cases at N points: the bench's bare Adam step (bench/run_row.ts: the residual by `partials`, its gradient,
 * the trainer's Adam, one read of the loss), of the default network and of the 2-[20]x8-1 one; a Trainer step on the same residual without output transform or
 * conditions (what the Trainer adds); a Trainer step of the shipped problem (adds the output transform); one
 * L-BFGS iteration of the shipped problem with its line search; one [4N,20] x [20,20] product, the shape of
 * the fused kernel's hidden layers, by the backend's BatchMatMul; and (wasm) the same layer by the fused layer loops,
 * product, bias and activation jet in one sweep.
 */
async function profileAt(n: number, reads: { count: number }): Promise<ProfileResult> {
  const net = new MLP({ sizes: [2, 20, 20, 20, 20, 1], activation: 'tanh', seed: 2 });
  // The deeper network of the 2-[20]x8-1 rows.
  const deep = new MLP({ sizes: [2, ...Array<number>(8).fill(20), 1], activation: 'tanh', seed: 2 });
  const x = tf.randomUniform([n, 1], -1, 1, 'float32', 1) as tf.Tensor2D;
  const t = tf.randomUniform([n, 1], 0, 1, 'float32', 2) as tf.Tensor2D;
  const adams = [createAdam(1e-3), createAdam(1e-3)];
  const bareStep = (m: MLP, adam: (typeof adams)[number]) => () => {
    const { value, grads } = tf.variableGrads(() => tf.tidy(() => {
      const d = partials(m, { x, t }, ['u', 'u_t', 'u_x', 'u_xx']);
      return tf.mean(tf.square(d.u_t.add(d.u.mul(d.u_x)).sub(d.u_xx.mul(NU)))) as tf.Scalar;
    }), m.variables);
    adam.apply(m.variables, m.variables.map((v) => grads[v.name]));
    tf.dispose(Object.values(grads));
    value.dataSync();
    value.dispose();
  };
  const bare = bareStep(net, adams[0]);
  const many = 1_000_000;
  const options = (adamSteps: number) => ({
    ...PROBLEMS.burgers.defaults,
    sampling: { method: 'sobol' as const, domain: n, boundary: 1, seed: 1 },
    adam: { steps: adamSteps, lr: 2e-3 },
    lbfgs: { steps: many, historySize: 50 },
  });
  // The product the fused kernel runs per hidden layer and direction of the pass: the jet's 4N rows of 20 times a 20 x 20 weight.
  const rows = tf.randomUniform([4 * n, 20]);
  const weight = tf.randomUniform([20, 20]);
  // wasm kernels run synchronously: no read needed to time the product alone.
  const product = () => tf.matMul(rows, weight).dispose();
  // The fused layer loops on the same shape: the product, the bias and the tanh jet rule of Burgers' 4 coefficients
  // (u, u_x, u_t, u_xx), z and h written out, as a hidden layer of a training step's pass (wasm only).
  const arrays = backendArrays(tf.getBackend(), tf.backend());
  const layer = arrays.memory === undefined ? null : layerLoops(recordActivation('tanh', closure(2, [[0, 0], [1, 0], [0, 1], [2, 0]])), 'profile tanh', 20, 20, arrays.memory);
  const bias = tf.randomUniform([20]);
  const [z, h] = [arrays.alloc([4 * n, 20]), arrays.alloc([4 * n, 20])];
  const fusedLayer = () => layer!.forward(arrays.view(rows as never), arrays.view(weight as never), arrays.view(bias as never), arrays.view(z), arrays.view(h), n);
  const plain = new Trainer({ ...burgersProblem(), name: 'burgers-plain', conditions: [], transform: undefined }, options(many));
  const shipped = new Trainer(burgersProblem(), options(many));
  const lbfgs = new Trainer(burgersProblem(), options(200));
  try {
    for (let i = 0; i < 200; i++) lbfgs.step();
    const before = (await lbfgs.state()).lbfgs;
    const cases = await measureCases(
      {
        'bare Adam step (bench row)': ['bare', bare],
        'bare Adam step, 2-[20]x8-1 (bench row)': ['bare8', bareStep(deep, adams[1])],
        'Trainer Adam step, no transform': ['trainer-plain', () => void plain.step()],
        'Trainer Adam step, Burgers': ['trainer', () => void shipped.step()],
        'Trainer L-BFGS iteration, Burgers': ['lbfgs', () => void lbfgs.step()],
        'matMul [4N,20] x [20,20] (tf.matMul)': ['matmul', product],
        ...(layer !== null ? { 'fused layer [4N,20] x [20,20] + bias + tanh jet (layer loops)': ['layer', fusedLayer] as [string, () => void] } : {}),
      },
      reads,
    );
    const after = (await lbfgs.state()).lbfgs!;
    const evaluations = after.evaluations - (before?.evaluations ?? 0);
    const iterations = after.iterations - (before?.iterations ?? 0);
    return { n, cases, evaluationsPerIteration: evaluations / iterations };
  } finally {
    [plain, shipped, lbfgs].forEach((tr) => tr.dispose());
    adams.forEach((a) => a.dispose());
    net.dispose();
    deep.dispose();
    tf.dispose([x, t, rows, weight, bias]);
    arrays.free(z);
    arrays.free(h);
  }
}

/**
 * The optimiser's own work, with a free objective: one L-BFGS iteration (history 50, the default network's 1,341
 * weights; an ill-conditioned quadratic keeps it iterating as the recipe's does), the objective's time left out;
 * and writing a flat vector back into the network's 10 weight tensors (setFlatValues, once per evaluation).
 */
async function profileOptimiser(): Promise<ProfileResult> {
  const size = 1341;
  let inObjective = 0;
  const f = (x: Float64Array) => {
    const c0 = cpuMs();
    let fx = 0;
    const g = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      const l = 10 ** ((-8 * i) / size);
      fx += 0.5 * l * x[i] * x[i];
      g[i] = l * x[i];
    }
    inObjective += cpuMs() - c0;
    return { f: fx, g };
  };
  const runs: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    const opt = new LBFGS(new Float64Array(size).fill(1), { historySize: 50, restarts: 20 });
    inObjective = 0;
    const c0 = cpuMs();
    let it = 0;
    for (; it < 2000 && !opt.converged; it++) opt.step(f);
    runs.push((cpuMs() - c0 - inObjective) / it);
  }
  const net = new MLP({ sizes: [2, 20, 20, 20, 20, 1], activation: 'tanh', seed: 1 });
  const flat = new Float64Array(size).fill(0.01);
  const writes: number[] = [];
  for (let i = 0; i < 200; i++) setFlatValues(net.variables, flat);
  for (let b = 0; b < BLOCKS; b++) {
    const c0 = cpuMs();
    for (let i = 0; i < 500; i++) setFlatValues(net.variables, flat);
    writes.push((cpuMs() - c0) / 500);
  }
  net.dispose();
  const med = (a: number[]) => [...a].sort((p, q) => p - q)[a.length >> 1];
  return {
    n: 0,
    cases: [
      { key: 'optimiser', name: 'L-BFGS iteration, JavaScript only (history 50, 1,341 weights)', ms: med(runs), best: Math.min(...runs), reads: 0, kernels: 0, byKernel: [] },
      { key: 'flat-write', name: 'setFlatValues (10 weight tensors)', ms: med(writes), best: Math.min(...writes), reads: 0, kernels: 0, byKernel: [] },
    ],
  };
}

async function main(backend: string, sizes: number[]): Promise<void> {
  tf.env().set('IS_TEST', true);
  await initBackend(backend as 'wasm', { log: false });
  openBlasFromEnv();
  const reads = countReads();
  for (const n of sizes) console.log(`${PROFILE_LINE}${JSON.stringify(await profileAt(n, reads))}`);
  console.log(`${PROFILE_LINE}${JSON.stringify(await profileOptimiser())}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [backend, ...sizes] = process.argv.slice(2);
  if (backend === undefined || sizes.length === 0 || sizes.some((s) => !(Number(s) > 0))) {
    console.error('Usage: node --import tsx bench/profile.ts BACKEND N [N ...]   (e.g. wasm 500 2000)');
    process.exit(2);
  }
  await main(backend, sizes.map(Number));
}
