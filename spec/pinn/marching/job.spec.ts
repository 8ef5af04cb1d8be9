// Time marching through the Node job (lib/node/job.ts): runJob builds the trainer with createTrainer, writes a
// model.json that readSolution loads back as a PiecewiseSolution, a loss.csv naming each step's window and a
// picture over all windows; its checkpoint.json holds the marching state and --resume follows the same curve.
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AnyTrainerState, PiecewiseSolution, ProblemModule, TrainOptions, heatProblem, initBackend } from '../../../lib/index.js';
import { jobPlan, readCheckpoint, readSolution, runJob } from '../../../lib/node/index.js';

let dir: string;
beforeAll(async () => {
  await initBackend('cpu', { log: false });
  dir = await mkdtemp(join(tmpdir(), 'pinn-marching-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const plan: TrainOptions = {
  network: { hidden: [8, 8], seed: 2 },
  sampling: { method: 'lhs', domain: 64, boundary: 16, resampleEvery: 3, seed: 3 },
  adam: { steps: 5, lr: 1e-2 },
  lbfgs: { steps: 0 },
  marching: { windows: 2 },
};

/** Heat marching in two windows; its residual turns NaN from its `after`-th evaluation on (a crash mid-run). */
function heatMarching(after = Infinity): ProblemModule {
  let calls = 0;
  const problem = () => {
    const base = heatProblem();
    return { ...base, residual: (d: Record<string, tf.Tensor2D>, p: Record<string, tf.Tensor2D>) => (++calls >= after ? tf.mul(base.residual(d, p) as tf.Tensor2D, NaN) : base.residual(d, p)) as tf.Tensor2D };
  };
  return { problem, defaults: plan };
}

/** loss.csv's rows as [step, window, phase, loss]. */
async function lossRows(folder: string): Promise<string[][]> {
  return (await readFile(join(folder, 'loss.csv'), 'utf8')).trim().split('\n').map((r) => r.split(',').slice(0, 4));
}

describe('runJob with time marching', () => {
  it('shares --steps out over the windows', () => {
    expect(jobPlan(heatMarching(), { steps: 40 })).toMatchObject({ adam: { steps: 20 }, lbfgs: { steps: 0 } });
    expect(jobPlan(heatMarching(), { steps: 40, options: { marching: { windows: 4 } } }).adam?.steps).toBe(10);
    expect(jobPlan(heatMarching(), { steps: 40, options: { marching: null } }).adam?.steps).toBe(40);
  });

  it('writes a model.json that loads as a PiecewiseSolution, a loss.csv with the window of each step, and one picture', async () => {
    const s = await runJob({ problem: heatMarching(), out: dir, progress: false });
    const folder = join(dir, 'heat');
    expect((await readdir(folder)).sort()).toEqual(['checkpoint.json', 'heat.svg', 'loss.csv', 'model.json', 'summary.json']);
    expect(s.steps).toBe(10);
    const rows = await lossRows(folder);
    expect(rows[0]).toEqual(['step', 'window', 'phase', 'loss']);
    expect(rows.slice(1).map((r) => [r[0], r[1]])).toEqual(Array.from({ length: 10 }, (_, i) => [String(i + 1), String(i < 5 ? 0 : 1)]));
    const solution = await readSolution(join(folder, 'model.json'), heatProblem());
    expect(solution).toBeInstanceOf(PiecewiseSolution);
    const piecewise = solution as PiecewiseSolution;
    expect(piecewise.edges).toEqual([0, 0.5, 1]);
    // The error of the saved solution is the job's (the same grid, the same windows).
    expect(piecewise.evaluate().relL2).toBe(s.rel_l2);
    piecewise.dispose();
    const svg = await readFile(join(folder, 'heat.svg'), 'utf8');
    expect(svg).toContain(`rel L2 ${s.rel_l2!.toExponential(2)}`);
    const state = await readCheckpoint<AnyTrainerState>(join(folder, 'checkpoint.json'));
    expect(state.format).toBe('tfjs-pinn-marching-checkpoint');
  });

  it('keeps the last good checkpoint on a NaN loss in the second window, and --resume follows the uninterrupted loss curve', async () => {
    await runJob({ problem: heatMarching(), out: join(dir, 'whole'), progress: false, plot: false });
    const reference = await lossRows(join(dir, 'whole', 'heat'));
    const out = join(dir, 'crash');
    await expect(runJob({ problem: heatMarching(8), out, progress: false, plot: false, checkpointEvery: 3 })).rejects.toThrow('Training stopped at step 8 (adam): the loss is NaN');
    const kept = await readCheckpoint<AnyTrainerState>(join(out, 'heat', 'checkpoint.json'));
    expect(kept).toMatchObject({ format: 'tfjs-pinn-marching-checkpoint', window: 1, current: { step: 1 } });
    const resumed = await runJob({ problem: heatMarching(), out, progress: false, plot: false, resume: true, log: () => undefined });
    expect(resumed.steps).toBe(10);
    expect(await lossRows(join(out, 'heat'))).toEqual(reference);
  });
});
