import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ProblemModule, TrainOptions, Trainer, heat, heatProblem, initBackend } from '../../lib/index.js';
import { readCheckpoint, runJob, writeCheckpoint } from '../../lib/node/index.js';

let dir: string;
beforeAll(async () => {
  await initBackend('wasm', { log: false });
  dir = await mkdtemp(join(tmpdir(), 'pinn-node-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const tiny: TrainOptions = {
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
  return { problem, defaults: tiny };
}

describe('checkpoint files', () => {
  it('round-trip a trainer state, written atomically (no temporary file left)', async () => {
    const trainer = new Trainer(heat.problem(), tiny);
    trainer.step();
    const state = await trainer.state();
    trainer.dispose();
    const path = join(dir, 'a', 'checkpoint.json');
    await writeCheckpoint(path, state);
    expect(await readdir(join(dir, 'a'))).toEqual(['checkpoint.json']);
    expect(await readCheckpoint(path)).toEqual(JSON.parse(JSON.stringify(state)));
  });

  it('refuse a cut-off file, an altered one, and a missing one, saying what is wrong', async () => {
    const trainer = new Trainer(heat.problem(), tiny);
    const state = await trainer.state();
    trainer.dispose();
    const path = join(dir, 'b.json');
    await writeCheckpoint(path, state);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.slice(0, text.length / 2));
    await expect(readCheckpoint(path)).rejects.toThrow(`Checkpoint ${path} is refused: it is not valid JSON`);
    await writeFile(path, text.replace('"step\\":0', '"step\\":1'));
    await expect(readCheckpoint(path)).rejects.toThrow(`Checkpoint ${path} is refused: its checksum does not match its contents`);
    await writeFile(path, JSON.stringify({ hello: 1 }));
    await expect(readCheckpoint(path)).rejects.toThrow(`Checkpoint ${path} is refused: it is not a tfjs-pinn checkpoint file`);
    await expect(readCheckpoint(join(dir, 'none.json'))).rejects.toThrow(`No checkpoint to resume from at ${join(dir, 'none.json')} (ENOENT); start a fresh run first (runJob with resume: false; on the command line, without --resume).`);
  });
});

describe('runJob', () => {
  it('writes summary.json, model.json (PyTorch layout), loss.csv and an SVG with axes and colour bars', async () => {
    const s = await runJob({ problem: 'heat', out: dir, options: tiny, progress: false, checkpointEvery: 4 });
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
    const resumed = await runJob({ problem: crashing(1e9), out, progress: false, plot: false, resume: true });
    expect(resumed.steps).toBe(10);
    const curve = (await readFile(join(out, 'heat', 'loss.csv'), 'utf8')).trim().split('\n').slice(1).map((r) => Number(r.split(',')[2]));
    expect(curve.length).toBe(10);
    curve.forEach((l, i) => expect(Math.abs(l - reference[i]) / reference[i], `step ${i + 1}`).toBeLessThan(1e-5));
  });

  it('refuses to resume with a checkpoint of other options, saying which', async () => {
    await expect(runJob({ problem: 'heat', out: dir, options: { ...tiny, adam: { steps: 12, lr: 1e-2 } }, progress: false, resume: true })).rejects.toThrow(
      'The checkpoint was made with other training options (adam.steps: checkpoint 10, now 12)',
    );
  });
});
