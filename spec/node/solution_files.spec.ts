import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { Solution, TrainOptions, Trainer, heat, initBackend } from '../../lib/index.js';
import { loadSolution, readSolution, saveSolution, writeSolution } from '../../lib/node/index.js';

let dir: string;
beforeAll(async () => {
  await initBackend('wasm', { log: false });
  dir = await mkdtemp(join(tmpdir(), 'pinn-solution-'));
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

it('writeSolution and readSolution round-trip a solution with its transform supplied by the problem', async () => {
  const before = tf.memory().numTensors;
  const trainer = new Trainer(heat.problem(), tiny);
  trainer.step();
  const path = join(dir, 'sol', 'heat.json');
  const s = trainer.solution();
  await writeSolution(path, s);
  const back = await readSolution(path, heat.problem());
  const p = { x: Float64Array.of(0.3), t: Float64Array.of(0.6) };
  expect(back.predict(p)[0][0]).toBe(s.predict(p)[0][0]);
  expect(back).toBeInstanceOf(Solution);
  [s, back].forEach((x) => x.dispose());
  trainer.dispose();
  expect(tf.memory().numTensors).toBe(before);
  // The names before the rename stay, deprecated, for one release.
  expect(saveSolution).toBe(writeSolution);
  expect(loadSolution).toBe(readSolution);
  await expect(readSolution(join(dir, 'none.json'), heat.problem())).rejects.toThrow(/Cannot read a solution from .*none\.json/);
});

it('readSolution without the problem names the argument (the transform is code, not stored in the file)', async () => {
  await expect((readSolution as (p: string) => Promise<unknown>)(join(dir, 'sol', 'heat.json'))).rejects.toThrow(
    /Argument 'problem' of 'readSolution' must be the Problem .* but got undefined/,
  );
});
