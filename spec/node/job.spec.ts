// runJob (lib/node/job.ts): the files a job writes, checkpoints and --resume, and the jobs of problems with
// observed data (burgers-inverse) and with a reference file (schrodinger, NLS.mat).
import * as tf from '@tensorflow/tfjs';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ProblemModule, TrainOptions, Trainer, heatProblem, initBackend } from '../../lib/index.js';
import { buildProblem, burgersInverse, readCheckpoint, readSolution, runJob } from '../../lib/node/index.js';

let dir: string;
beforeAll(async () => {
  await initBackend('wasm', { log: false });
  dir = await mkdtemp(join(tmpdir(), 'pinn-job-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** burgers-inverse: a few steps on its observed data. */
const tiny: TrainOptions = {
  network: { hidden: [8, 8], seed: 2 },
  sampling: { domain: 64, boundary: 1, seed: 3 },
  adam: { steps: 4, lr: 1e-2 },
  lbfgs: { steps: 4, historySize: 5 },
};

/** heat: ten Adam steps with resampling. */
const heatPlan: TrainOptions = {
  network: { hidden: [8, 8], seed: 2 },
  sampling: { method: 'lhs', domain: 64, boundary: 16, resampleEvery: 3, seed: 3 },
  adam: { steps: 10, lr: 1e-2 },
  lbfgs: { steps: 0 },
};

/** Heat whose residual turns NaN from its `after`-th evaluation on (a crash in the middle of a run). */
function crashing(after: number): ProblemModule {
  let calls = 0;
  const problem = () => {
    const base = heatProblem();
    return { ...base, residual: (d: Record<string, tf.Tensor2D>, p: Record<string, tf.Tensor2D>) => (++calls >= after ? tf.mul(base.residual(d, p) as tf.Tensor2D, NaN) : base.residual(d, p)) as tf.Tensor2D };
  };
  return { problem, defaults: heatPlan };
}

describe('runJob', () => {
  it('writes summary.json, model.json (PyTorch layout), loss.csv and an SVG with axes and colour bars', async () => {
    const s = await runJob({ problem: 'heat', out: dir, options: heatPlan, progress: false, checkpointEvery: 4 });
    const folder = join(dir, 'heat');
    expect((await readdir(folder)).sort()).toEqual(['checkpoint.json', 'heat.svg', 'loss.csv', 'model.json', 'summary.json']);
    const summary = JSON.parse(await readFile(join(folder, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ problem: 'heat', backend: 'wasm', steps: 10 });
    expect(summary.rel_l2).toBe(s.rel_l2);
    expect(typeof summary.seconds).toBe('number');
    expect(typeof summary.loss).toBe('number');
    const model = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8'));
    expect(model.step).toBe(10);
    expect(model.layers.map((l: { weight: number[][] }) => [l.weight.length, l.weight[0].length])).toEqual([[8, 2], [8, 8], [1, 8]]);
    const csv = (await readFile(join(folder, 'loss.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('step,phase,loss,residual,initial,dirichlet(x-min,x-max)');
    expect(csv.length).toBe(11);
    const svg = await readFile(join(folder, 'heat.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['prediction', 'exact', 'absolute error', '>t<', '>x<']) expect(svg).toContain(text);
  });

  it('keeps the last good checkpoint on a NaN loss, and --resume then follows the uninterrupted loss curve', async () => {
    const whole = await runJob({ problem: crashing(1e9), out: join(dir, 'whole'), progress: false, plot: false });
    const reference = (await readFile(join(dir, 'whole', 'heat', 'loss.csv'), 'utf8')).trim().split('\n').slice(1).map((r) => Number(r.split(',')[2]));
    expect(whole.steps).toBe(10);
    const out = join(dir, 'crash');
    await expect(runJob({ problem: crashing(8), out, progress: false, plot: false, checkpointEvery: 3 })).rejects.toThrow(
      `Training stopped at step 8 (adam): the loss is NaN`,
    );
    const kept = await readCheckpoint(join(out, 'heat', 'checkpoint.json'));
    expect(kept.step).toBe(6);
    const said: string[] = [];
    const resumed = await runJob({ problem: crashing(1e9), out, progress: false, plot: false, resume: true, log: (line) => void said.push(line) });
    expect(said).toEqual([`Resuming heat from ${join(out, 'heat', 'checkpoint.json')} at step 6 of 10.`]);
    expect(resumed.steps).toBe(10);
    const curve = (await readFile(join(out, 'heat', 'loss.csv'), 'utf8')).trim().split('\n').slice(1).map((r) => Number(r.split(',')[2]));
    expect(curve.length).toBe(10);
    curve.forEach((l, i) => expect(Math.abs(l - reference[i]) / reference[i], `step ${i + 1}`).toBeLessThan(1e-5));
  });

  it('refuses to resume with a checkpoint of other options, saying which', async () => {
    await expect(runJob({ problem: 'heat', out: dir, options: { ...heatPlan, adam: { steps: 12, lr: 1e-2 } }, progress: false, resume: true })).rejects.toThrow(
      'The checkpoint was made with other training options (adam.steps: checkpoint 10, now 12)',
    );
  });
});

describe('burgers-inverse', () => {
  it('a job writes the parameters and their errors, parameter columns in loss.csv, and a model.json another process loads', async () => {
    const s = await runJob({ problem: 'burgers-inverse', out: dir, options: tiny, progress: false, checkpointEvery: 3, points: 300, noise: 0.01 });
    const folder = join(dir, 'burgers-inverse');
    const summary = JSON.parse(await readFile(join(folder, 'summary.json'), 'utf8'));
    expect(Object.keys(summary.parameters)).toEqual(['lambda1', 'lambda2']);
    expect(summary.parameter_errors.lambda1).toBeCloseTo(Math.abs(summary.parameters.lambda1 - 1), 12);
    expect(summary.parameter_errors.lambda2).toBeCloseTo(Math.abs(summary.parameters.lambda2 - 0.01 / Math.PI) / (0.01 / Math.PI), 10);
    expect(Number.isFinite(summary.rel_l2)).toBe(true);
    expect(s.parameters).toEqual(summary.parameters);
    const csv = (await readFile(join(folder, 'loss.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('step,phase,loss,residual,data0,lambda1,lambda2');
    expect(csv).toHaveLength(9);
    expect(Number(csv[8].split(',')[5])).toBeCloseTo(summary.parameters.lambda1, 10);
    const model = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8'));
    expect(model.weights).toBe('the raw network N (before the output transform)');
    expect(model.u).toMatch(/^u = N\(inputs\)/);
    expect(model.parameters).toEqual(summary.parameters);
    const svg = await readFile(join(folder, 'burgers-inverse.svg'), 'utf8');
    expect(svg).toContain('parameters / true value');
    expect(svg).toContain('prediction and 300 data points');
    // Resume continues the parameters; other data (another --noise) is refused.
    const state = await readCheckpoint(join(folder, 'checkpoint.json'));
    expect(Object.keys(state.parameters!)).toEqual(['lambda1', 'lambda2']);
    const other = new Trainer(buildProblem(burgersInverse, { points: 300 }), tiny);
    await expect(other.setState(state)).rejects.toThrow('The checkpoint was trained on other observed data (another draw, noise or number of points); resume with the same data options or start afresh.');
    other.dispose();
    // A new process rebuilds u from model.json and the problem module alone.
    const script = join(dir, 'load.mts');
    await writeFile(
      script,
      `import { initBackend } from '${process.cwd()}/lib/index.js';
import { buildProblem, burgersInverse, readSolution } from '${process.cwd()}/lib/node/index.js';
await initBackend('cpu', { log: false });
const s = await readSolution('${join(folder, 'model.json')}', buildProblem(burgersInverse, { points: 300, noise: 0.01 }));
console.log(JSON.stringify({ u: Array.from(s.predict({ x: Float64Array.of(-0.5, 0.25), t: Float64Array.of(0.1, 0.9) })[0]), parameters: s.parameters }));
`,
    );
    const { stdout } = await promisify(execFile)(join(process.cwd(), 'node_modules/.bin/tsx'), [script], { cwd: process.cwd() });
    const loaded = JSON.parse(stdout.trim().split('\n').at(-1)!);
    const here = await readSolution(join(folder, 'model.json'), buildProblem(burgersInverse, { points: 300, noise: 0.01 }));
    const u = here.predict({ x: Float64Array.of(-0.5, 0.25), t: Float64Array.of(0.1, 0.9) })[0];
    loaded.u.forEach((v: number, i: number) => expect(Math.abs(v - u[i])).toBeLessThan(1e-5));
    expect(loaded.parameters).toEqual(summary.parameters);
    here.dispose();
  });

  it('refuses study options for problems without observed data', async () => {
    await expect(runJob({ problem: 'heat', out: dir, options: tiny, progress: false, noise: 0.01 })).rejects.toThrow("Option 'noise' applies to problems that learn from observed data (burgers-inverse), not 'heat'.");
  });
});

describe('schrodinger: the job', () => {
  beforeAll(async () => {
    await initBackend('wasm', { log: false });
  });

  it('reads NLS.mat and writes rel_l2_abs_h and the errors of u and v to summary.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pinn-nls-'));
    try {
      const before = tf.memory().numTensors;
      const options = { network: { hidden: [8, 8] }, sampling: { domain: 64, boundary: 8 }, adam: { steps: 3 }, lbfgs: { steps: 0 } };
      const s = await runJob({ problem: 'schrodinger', out: dir, options, progress: false, plot: false });
      const summary = JSON.parse(await readFile(join(dir, 'schrodinger', 'summary.json'), 'utf8'));
      expect(summary.steps).toBe(3);
      expect(summary.rel_l2_abs_h).toBe(s.report.rel_l2_abs_h);
      expect(summary.rel_l2_abs_h).toBeGreaterThan(0);
      expect(Object.keys(summary.rel_l2_by_output)).toEqual(['u', 'v']);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
