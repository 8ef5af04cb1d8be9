import * as tf from '@tensorflow/tfjs';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { Solution, TrainOptions, Trainer, burgersInverseProblem, gridPoints, heat, parseMat } from '../../lib/index.js';
import { burgersInverse, loadSolution, readCheckpoint, runCli, runJob, saveSolution } from '../../lib/node/index.js';
import { initBackend } from '../../lib/index.js';

let dir: string;
beforeAll(async () => {
  await initBackend('wasm', { log: false });
  dir = await mkdtemp(join(tmpdir(), 'pinn-inverse-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const tiny: TrainOptions = {
  network: { hidden: [8, 8], seed: 2 },
  sampling: { domain: 64, boundary: 1, seed: 3 },
  adam: { steps: 4, lr: 1e-2 },
  lbfgs: { steps: 4, historySize: 5 },
};

describe('burgers-inverse', () => {
  it('states Raissi\'s identification problem on burgers_shock.mat: 2000 seeded points, truth l1 = 1, l2 = 0.01/pi, error on the data grid', () => {
    const mat = parseMat(readFileSync('data/raissi/burgers_shock.mat'));
    const p = burgersInverseProblem(mat);
    const data = p.conditions[0];
    expect(data.kind).toBe('data');
    if (data.kind !== 'data') return;
    expect(data.values.length).toBe(2000);
    expect(p.exactParameters).toEqual({ lambda1: 1, lambda2: 0.01 / Math.PI });
    expect(p.domain).toEqual({ x: [-1, 1], t: [0, 0.99] });
    // exact() is the data itself: at (x_i, t_j) it returns usol[i][j].
    const g = gridPoints(p.domain!, p.grid);
    const u = p.exact!(g)[0];
    const i = 37;
    const j = 80;
    expect(u[j * 256 + i]).toBe(mat.usol.data[i * 100 + j]);
    expect(burgersInverseProblem(mat, { noise: 0.01 }).conditions[0]).not.toEqual(data);
    expect(() => p.exact!({ x: Float64Array.of(0.001), t: Float64Array.of(0) })).toThrow('burgers-inverse knows u only on its data grid, but was asked at x = 0.001.');
  });

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
    const other = new Trainer(burgersInverse.problem({ points: 300 }), tiny);
    await expect(other.setState(state)).rejects.toThrow('The checkpoint was trained on other observed data (another draw, noise or number of points); resume with the same data options or start afresh.');
    other.dispose();
    // A new process rebuilds u from model.json and the problem module alone.
    const script = join(dir, 'load.mts');
    await writeFile(
      script,
      `import { initBackend } from '${process.cwd()}/lib/index.js';
import { burgersInverse, loadSolution } from '${process.cwd()}/lib/node/index.js';
await initBackend('cpu', { log: false });
const s = await loadSolution('${join(folder, 'model.json')}', burgersInverse.problem({ points: 300, noise: 0.01 }));
console.log(JSON.stringify({ u: Array.from(s.predict({ x: Float64Array.of(-0.5, 0.25), t: Float64Array.of(0.1, 0.9) })[0]), parameters: s.parameters }));
`,
    );
    const { stdout } = await promisify(execFile)(join(process.cwd(), 'node_modules/.bin/tsx'), [script], { cwd: process.cwd() });
    const loaded = JSON.parse(stdout.trim().split('\n').at(-1)!);
    const here = await loadSolution(join(folder, 'model.json'), burgersInverse.problem({ points: 300, noise: 0.01 }));
    const u = here.predict({ x: Float64Array.of(-0.5, 0.25), t: Float64Array.of(0.1, 0.9) })[0];
    loaded.u.forEach((v: number, i: number) => expect(Math.abs(v - u[i])).toBeLessThan(1e-5));
    expect(loaded.parameters).toEqual(summary.parameters);
    here.dispose();
  });

  it('the command line checks --noise and --points before training', async () => {
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    try {
      expect(await runCli(['train', '--problem', 'burgers-inverse', '--noise=-1'])).toBe(2);
      expect(await runCli(['train', '--problem', 'burgers-inverse', '--points', '2.5'])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(errors).toEqual([
      "--noise must be a number >= 0 (a fraction of the data's standard deviation), but got '-1'.",
      "--points must be a positive integer, but got '2.5'.",
    ]);
  });

  it('refuses study options for problems without observed data', async () => {
    await expect(runJob({ problem: 'heat', out: dir, options: tiny, progress: false, noise: 0.01 })).rejects.toThrow("Option 'noise' applies to problems that learn from observed data (burgers-inverse), not 'heat'.");
  });
});

it('saveSolution and loadSolution round-trip a solution with its transform supplied by the problem', async () => {
  const before = tf.memory().numTensors;
  const trainer = new Trainer(heat.problem(), tiny);
  trainer.step();
  const path = join(dir, 'sol', 'heat.json');
  const s = trainer.solution();
  await saveSolution(path, s);
  const back = await loadSolution(path, heat.problem());
  const p = { x: Float64Array.of(0.3), t: Float64Array.of(0.6) };
  expect(back.predict(p)[0][0]).toBe(s.predict(p)[0][0]);
  expect(back).toBeInstanceOf(Solution);
  [s, back].forEach((x) => x.dispose());
  trainer.dispose();
  expect(tf.memory().numTensors).toBe(before);
  await expect(loadSolution(join(dir, 'none.json'), heat.problem())).rejects.toThrow(/Cannot read a solution from .*none\.json/);
});
