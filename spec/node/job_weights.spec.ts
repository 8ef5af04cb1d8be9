// runJob's loss.csv (lib/node/job.ts) with a plan (ProblemModule defaults) that balances and trains causally:
// a weight:<part> column per part and causalMinWeight, the records' values; --resume follows the same curve.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ProblemModule, TrainOptions, Trainer, heatProblem, initBackend } from '../../lib/index.js';
import { readCheckpoint, runJob, writeCheckpoint } from '../../lib/node/index.js';

let dir: string;
beforeAll(async () => {
  await initBackend('wasm', { log: false });
  dir = await mkdtemp(join(tmpdir(), 'pinn-job-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const plan: TrainOptions = {
  network: { hidden: [8, 8], seed: 2 },
  sampling: { domain: 64, boundary: 16, resampleEvery: 1, seed: 3 },
  adam: { steps: 8, lr: 1e-2, warmup: { steps: 2 } },
  lbfgs: { steps: 2 },
  balance: { every: 3 },
  causal: { chunks: 8 },
};
const module: ProblemModule = { problem: () => heatProblem(), defaults: plan };

/** loss.csv's rows as cells (its part names hold commas inside parentheses: split outside them). */
async function csv(path: string): Promise<string[][]> {
  const lines = (await readFile(path, 'utf8')).trim().split('\n');
  return lines.map((l) => l.split(/,(?![^(]*\))/));
}

describe('runJob with options balance and causal', () => {
  it('writes the weights in effect (weight:<part>) and the smallest causal weight of every step to loss.csv', async () => {
    const out = join(dir, 'whole');
    await runJob({ problem: module, out, progress: false, plot: false, log: () => {} });
    const [head, ...rows] = await csv(join(out, 'heat', 'loss.csv'));
    expect(head).toEqual(['step', 'phase', 'loss', 'residual', 'initial', 'dirichlet(x-min,x-max)', 'weight:residual', 'weight:initial', 'weight:dirichlet(x-min,x-max)', 'causalMinWeight']);
    expect(rows.length).toBe(10);
    const { history } = await readCheckpoint(join(out, 'heat', 'checkpoint.json'));
    rows.forEach((row, i) => {
      const r = history[i];
      expect(row.slice(6).map(Number)).toEqual([r.weights!.residual, r.weights!.initial, r.weights!['dirichlet(x-min,x-max)'], r.causalMinWeight]);
    });
    // Updated at steps 1, 4 and 7 only.
    const w = rows.map((r) => r[6]);
    expect(new Set(w).size).toBe(3);
  });

  it('resumes from a checkpoint in the middle of the run on the same loss curve and weights (--resume)', async () => {
    const out = join(dir, 'cut');
    const trainer = new Trainer(heatProblem(), plan);
    for (let i = 0; i < 5; i++) trainer.step();
    await writeCheckpoint(join(out, 'heat', 'checkpoint.json'), await trainer.state());
    trainer.dispose();
    const lines: string[] = [];
    await runJob({ problem: module, out, progress: false, plot: false, resume: true, log: (line) => lines.push(line) });
    expect(lines.some((l) => l.startsWith('Resuming heat from') && l.endsWith('at step 5 of 10.'))).toBe(true);
    expect(await csv(join(out, 'heat', 'loss.csv'))).toEqual(await csv(join(dir, 'whole', 'heat', 'loss.csv')));
  });
});
