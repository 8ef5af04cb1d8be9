import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TrainOptions, Trainer, heat, heatProblem, initBackend } from '../../lib/index.js';
import { readCheckpoint, writeCheckpoint } from '../../lib/node/index.js';

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

describe('checkpoint files written at once', () => {
  it('two concurrent writes to one path leave one whole checkpoint and no temporary file', async () => {
    const states = [];
    for (const seed of [1, 2, 3, 4]) {
      const trainer = new Trainer(heatProblem(), { network: { hidden: [40, 40], seed }, sampling: { domain: 2000, boundary: 200 }, adam: { steps: 2, lr: 1e-2 }, lbfgs: { steps: 2, historySize: 2 } });
      states.push(JSON.parse(JSON.stringify(await trainer.state())));
      trainer.dispose();
    }
    const path = join(dir, 'shared', 'checkpoint.json');
    const results = await Promise.allSettled(states.map((s) => writeCheckpoint(path, s)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const read = await readCheckpoint(path);
    expect(states.some((s) => JSON.stringify(s) === JSON.stringify(read))).toBe(true);
    expect(await readdir(join(dir, 'shared'))).toEqual(['checkpoint.json']);
  });
});
