// Point-sharded data parallelism (lib/node/parallel): the loss, its parts and gradient summed over
// worker threads equal the single-thread ones up to float32 rounding; training histories agree;
// workers end on dispose; no tensor is left in the main thread; bad options are named.
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';

import { PROBLEMS, Trainer, TrainOptions } from '../../../lib/index.js';
import { Reads, readSync } from '../../../lib/internals/reads.js';
import { runCli, runJob } from '../../../lib/node/index.js';
import { parallelTrainer, ShardedLoss } from '../../../lib/node/parallel/index.js';
import { shardBatch } from '../../../lib/node/parallel/shard.js';
import { toTensorBatch, disposeTensorBatch } from '../../../lib/pinn/batch.js';
import { Rng } from '../../../lib/sampling/rng.js';
import { drawBatch } from '../../../lib/pinn/trainer/points.js';
import { LossAndGradsRead, lossAndGradsReads } from '../../../lib/pinn/trainer/objective.js';
import { describeOnBackends } from '../../helpers/backends.js';
import { burgersOnWorkers } from '../../helpers/parallel_burgers.js';
import { shardedHeat } from '../../fixtures/parallel_problem.js';

const FIXTURE = { module: new URL('../../fixtures/parallel_problem.ts', import.meta.url), export: 'shardedHeat' };
// float32 sums in another order: relative differences of a few 1e-7 are expected; 1e-5 is the bar.
const TOL = 1e-5;

function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-30);
}

/** The largest entry difference as a fraction of the largest entry of `a` (gradient entries near 0 carry no relative meaning). */
function ofScale(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(a[i]));
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
  }
  return diff / scale;
}

function settle(reads: Reads<LossAndGradsRead>): LossAndGradsRead {
  const out = readSync(reads);
  out.grads.forEach((g) => g.dispose());
  return out;
}

/** Waits (at most ~2 min: a loaded machine) until every shard worker thread has exited; returns how many are left. */
async function workersEnded(): Promise<number> {
  for (let i = 0; i < 2400 && ShardedLoss.liveWorkers() > 0; i++) await new Promise((r) => setTimeout(r, 50));
  return ShardedLoss.liveWorkers();
}

afterAll(async () => {
  expect(await workersEnded()).toBe(0);
});

describeOnBackends('sharded loss over worker threads', () => {
  it('equals the single-thread loss, parts and gradient (data condition, trainable parameter, uneven shards)', async () => {
    const trainer = new Trainer(shardedHeat.problem(), shardedHeat.defaults);
    const batch = drawBatch(trainer.problem, trainer.options.sampling, new Rng(7), {}, null);
    const tensors = toTensorBatch(batch);
    const k = () => trainer.parameters.tensors();
    for (const workers of [2, 3]) {
      const sharded = await ShardedLoss.start({ url: FIXTURE.module.href, export: FIXTURE.export }, trainer, { workers });
      try {
        const before = tf.memory().numTensors;
        const one = settle(lossAndGradsReads(trainer.problem, trainer.net, tensors, trainer.options.weights, trainer.trainables(), k, 'flat'));
        const many = settle(sharded.lossReads(batch, trainer.trainables(), 'flat'));
        expect(tf.memory().numTensors).toBe(before);
        expect(Object.keys(many.parts)).toEqual(Object.keys(one.parts));
        expect(Object.keys(one.parts)).toEqual(['residual', 'initial', 'dirichlet(x-min)', 'neumann(x-max)', 'data3']);
        expect(relative(many.loss, one.loss)).toBeLessThan(TOL);
        for (const name of Object.keys(one.parts)) expect(relative(many.parts[name], one.parts[name]), name).toBeLessThan(TOL);
        expect(ofScale(one.flat!, many.flat!)).toBeLessThan(TOL);
        // The trainable parameter's gradient (the last entry) on its own, too.
        expect(relative(many.flat!.at(-1)!, one.flat!.at(-1)!)).toBeLessThan(TOL);
        expect(Math.abs(one.flat!.at(-1)!)).toBeGreaterThan(0);
      } finally {
        sharded.dispose();
      }
    }
    disposeTensorBatch(tensors);
    trainer.dispose();
  });

  it('gives the same Adam and L-BFGS history as one thread, leaves no tensor and ends its workers on dispose', async () => {
    const before = tf.memory().numTensors;
    const one = new Trainer(shardedHeat.problem(), shardedHeat.defaults);
    await one.run();
    const many = await parallelTrainer(FIXTURE, shardedHeat.defaults, { workers: 2 });
    many.step(); // synchronous steps work too
    const during = tf.memory().numTensors;
    await many.run();
    expect(tf.memory().numTensors).toBe(during);
    expect(many.history.map((r) => r.phase)).toEqual(one.history.map((r) => r.phase));
    many.history.forEach((r, i) => {
      const o = one.history[i];
      expect(relative(r.loss, o.loss), `step ${r.step} loss`).toBeLessThan(1e-4);
      for (const name of Object.keys(o.parts)) expect(relative(r.parts[name], o.parts[name]), `step ${r.step} ${name}`).toBeLessThan(1e-4);
      expect(relative(r.parameters!.k, o.parameters!.k), `step ${r.step} k`).toBeLessThan(1e-5);
    });
    one.dispose();
    many.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(await workersEnded()).toBe(0);
  });

  it('trains a shipped problem named by its name (Burgers, output transform) as one thread does', async () => {
    const { one, many } = await burgersOnWorkers();
    expect(many.length).toBe(5);
    many.forEach((r, i) => expect(relative(r.loss, one[i].loss), `step ${r.step}`).toBeLessThan(1e-4));
  });
});

it('shards every point set into parts whose shares sum to 1, pairs kept', () => {
  const trainer = new Trainer(shardedHeat.problem(), shardedHeat.defaults);
  const batch = drawBatch(trainer.problem, trainer.options.sampling, new Rng(1), {}, null);
  trainer.dispose();
  const shards = shardBatch(batch, 3);
  expect(shards.reduce((s, x) => s + x.residual, 0)).toBeCloseTo(1, 12);
  batch.conditions.forEach((sets, c) => {
    expect(shards.reduce((s, x) => s + x.conditions[c], 0)).toBeCloseTo(1, 12);
    sets.forEach((p, j) => {
      const joined = shards.flatMap((x) => Array.from(x.batch.conditions[c][j].x));
      expect(joined).toEqual(Array.from(p.x));
      expect(shards.map((x) => x.offsets[c][j])).toEqual([0, Math.floor(p.x.length / 3), Math.floor((2 * p.x.length) / 3)]);
    });
  });
});

it('rejects bad options and problems, naming them', async () => {
  const before = tf.memory().numTensors;
  const opts = shardedHeat.defaults;
  await expect(parallelTrainer(FIXTURE, opts, { workers: 0 })).rejects.toThrow(/Option 'parallel.workers' passed to 'parallelTrainer' must be an integer in \[1, 64\], but got 0/);
  await expect(parallelTrainer(FIXTURE, opts, { workers: 1.5 })).rejects.toThrow(/'parallel.workers'.*but got 1.5/);
  await expect(parallelTrainer(FIXTURE, opts, { workers: 65 })).rejects.toThrow(/'parallel.workers'/);
  await expect(parallelTrainer(FIXTURE, opts, { worker: 2 } as never)).rejects.toThrow(/Unknown key 'worker' in argument 'parallel' passed to 'parallelTrainer'.*Did you mean 'workers'\?/);
  await expect(parallelTrainer(FIXTURE, opts, { backend: 'webgl' })).rejects.toThrow(/Option 'parallel.backend'.*but got "webgl"/);
  await expect(parallelTrainer('burgerz', opts)).rejects.toThrow(/Argument 'problem' passed to 'parallelTrainer' names 'burgerz', which is not a shipped problem/);
  await expect(parallelTrainer({ ...FIXTURE, export: 'nothing' }, opts)).rejects.toThrow(/exports no ProblemModule as 'nothing'.*shardedHeat/);
  await expect(parallelTrainer({ module: './no/such/module.ts' }, opts)).rejects.toThrow(/Argument 'problem' passed to 'parallelTrainer': the module file:.*could not be imported/);
  await expect(parallelTrainer({ ...FIXTURE, exprt: 'x' } as never, opts)).rejects.toThrow(/Unknown key 'exprt'.*Did you mean 'export'\?/);
  await expect(parallelTrainer(FIXTURE, { ...opts, sampling: { domain: 2 } }, { workers: 3 })).rejects.toThrow(/'parallel.workers'.*\(3\) must be at most options.sampling.domain \(2\)/);
  await expect(parallelTrainer(FIXTURE, { ...opts, adam: { stps: 1 } } as never)).rejects.toThrow(/Unknown key 'stps'/);
  expect(tf.memory().numTensors).toBe(before);
  expect(await workersEnded()).toBe(0);
});

it("passes a worker's error on with its message, and goes on after it", async () => {
  const trainer = await parallelTrainer(FIXTURE, { ...shardedHeat.defaults, weights: { residual: [1, 2] } }, { workers: 2 });
  try {
    expect(() => trainer.step()).toThrow(/Option 'options.weights.residual' gives 2 weights, but problem 'sharded-heat' has 1 residual/);
    expect(() => trainer.step()).toThrow(/options.weights.residual/);
  } finally {
    trainer.dispose();
  }
});

it('trains a job on worker threads (runJob workers, CLI --workers) and refuses bad counts', async () => {
  const out = mkdtempSync(join(tmpdir(), 'tfjs-pinn-parallel-'));
  try {
    const summary = await runJob({ problem: 'heat', steps: 4, workers: 2, out, progress: false, plot: false, log: () => {}, options: { sampling: { domain: 200 } } });
    expect(summary.steps).toBe(4);
    expect(Number.isFinite(summary.loss)).toBe(true);
    await expect(runJob({ problem: 'heat', steps: 4, workers: 0, out, progress: false, plot: false, log: () => {} })).rejects.toThrow(/Option 'workers' must be an integer in \[1, 64\], but got 0/);
    await expect(runJob({ problem: PROBLEMS.heat, steps: 4, workers: 2, out, progress: false, plot: false, log: () => {} })).rejects.toThrow(/Option 'workers' needs the problem by name/);
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    try {
      expect(await runCli(['train', '--problem', 'heat', '--workers', '1.5', '--out', out])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join('\n')).toMatch(/--workers must be an integer in \[1, 64\], but got '1.5'/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  expect(await workersEnded()).toBe(0);
});

it('throws, naming the worker, when a worker thread has died, instead of waiting for it', async () => {
  const trainer = await parallelTrainer(FIXTURE, shardedHeat.defaults, { workers: 2 });
  try {
    trainer.step();
    // A worker killed from outside (as by an out-of-memory abort): the next evaluation must not block forever.
    const sharded = (trainer as unknown as { evaluator: { workers: { worker: import('node:worker_threads').Worker }[] } }).evaluator;
    await sharded.workers[1].worker.terminate();
    expect(() => trainer.step()).toThrow(/Shard worker 1 of 'parallelTrainer' ended before replying/);
    expect(() => trainer.step()).toThrow(/has ended \(its trainer was disposed, or a worker thread died\)/);
  } finally {
    trainer.dispose();
  }
  expect(await workersEnded()).toBe(0);
});

it('resumes a checkpoint with workers as one thread does (new points are sent to the workers)', async () => {
  // Resampling every 2 Adam steps: the checkpoint's points differ from those `many` sent its workers first.
  const options: TrainOptions = { ...shardedHeat.defaults, sampling: { ...shardedHeat.defaults.sampling, resampleEvery: 2 } };
  const first = await parallelTrainer(FIXTURE, options, { workers: 2 });
  const one = new Trainer(shardedHeat.problem(), options);
  const many = await parallelTrainer(FIXTURE, options, { workers: 2 });
  try {
    many.step();
    for (let i = 0; i < 3; i++) first.step();
    const state = await first.state();
    await one.setState(state);
    await many.setState(state);
    while (one.phase !== 'done') {
      const [a, b] = [one.step(), many.step()];
      expect(relative(b.loss, a.loss), `step ${a.step}`).toBeLessThan(1e-5);
    }
    expect(many.stepCount).toBe(7);
  } finally {
    [first, one, many].forEach((t) => t.dispose());
  }
});
