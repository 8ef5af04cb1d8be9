// checkState (lib/pinn/trainer/state.ts, with the optimisers' checks in lib/pinn/optim): a checkpoint whose
// fields are of the wrong type or out of range is refused, naming the field, before anything changes; a
// hand-edited checkpoint file with its checksum recomputed is refused as a damaged one is; a state of another
// problem (or of the same problem with other constants) is refused; a refused state leaves the trainer as it was.
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BURGERS_NU, Problem, TrainOptions, Trainer, TrainerState, burgersProblem, heatProblem, initBackend, kdvProblem, waveProblem } from '../../../lib/index.js';
import { readCheckpoint, writeCheckpoint } from '../../../lib/node/index.js';
import { heatInverse } from '../../fixtures/heat_inverse.js';

const plan: TrainOptions = {
  network: { hidden: [6, 6], seed: 2 },
  sampling: { domain: 32, boundary: 8, seed: 3 },
  adam: { steps: 3, lr: 1e-2 },
  lbfgs: { steps: 4, historySize: 3 },
};
// heat: inputs x, t; a 2-6-6-1 network: trained tensors of 12, 6, 36, 6, 6 and 1 values (67 in all).
const TENSORS = 6;

/** A JSON copy, as a checkpoint file holds it. */
const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** The states of one run after `steps` steps (3 Adam steps, then L-BFGS). */
async function stateAt(steps: number): Promise<TrainerState> {
  const trainer = new Trainer(heatProblem(), plan);
  try {
    for (let i = 0; i < steps; i++) trainer.step();
    return copy(await trainer.state());
  } finally {
    trainer.dispose();
  }
}

let inAdam: TrainerState;
let inLBFGS: TrainerState;

beforeAll(async () => {
  await initBackend('cpu', { log: false });
  inAdam = await stateAt(2);
  inLBFGS = await stateAt(6);
});

/** Loads `bad` into a trainer at step 1 and expects `message`; the trainer and tfjs's tensors stay as they were. */
async function expectRefused(bad: TrainerState, message: RegExp): Promise<void> {
  const trainer = new Trainer(heatProblem(), plan);
  try {
    trainer.step();
    const before = copy(await trainer.state());
    const tensors = tf.memory().numTensors;
    await expect(trainer.setState(bad)).rejects.toThrow(message);
    expect(copy(await trainer.state())).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
  } finally {
    trainer.dispose();
  }
}

describe('valid states load (the checks refuse no state a run writes)', () => {
  for (const steps of [0, 2, 3, 4, 7]) {
    it(`loads the state after ${steps} steps and goes on as the run that wrote it`, async () => {
      const straight = new Trainer(heatProblem(), plan);
      const resumed = new Trainer(heatProblem(), plan);
      try {
        for (let i = 0; i < steps; i++) straight.step();
        await resumed.setState(copy(await straight.state()));
        expect(resumed.stepCount).toBe(steps);
        if (straight.phase !== 'done') expect(resumed.step().loss).toBe(straight.step().loss);
      } finally {
        straight.dispose();
        resumed.dispose();
      }
    });
  }

  it('loads states of plans whose interior also holds refinement (RAR) and data points', async () => {
    const plans: [() => Problem, TrainOptions][] = [
      [() => heatProblem(), { ...plan, sampling: { ...plan.sampling, resampleEvery: 1, rar: { candidates: 16, add: 4 } } }],
      [() => heatInverse({ points: 20 }), { ...plan, sampling: { ...plan.sampling, residualAtData: true } }],
    ];
    for (const [problem, options] of plans) {
      const straight = new Trainer(problem(), options);
      const resumed = new Trainer(problem(), options);
      try {
        for (let i = 0; i < 4; i++) straight.step();
        const state = copy(await straight.state());
        expect(state.batch.interior.x.length).toBeGreaterThan(32);
        await resumed.setState(state);
        expect(resumed.step().loss).toBe(straight.step().loss);
      } finally {
        straight.dispose();
        resumed.dispose();
      }
    }
  });
});

/** [what, which state, how it is spoilt, the message]. */
const spoilers: [string, 'adam' | 'lbfgs', (s: TrainerState) => void, RegExp][] = [
  ['Adam moments null', 'adam', (s) => (s.adam!.moments = null as never), /^The checkpoint's Adam moments \(adam\.moments\) must be an array of 12 arrays .*, but got null\.$/],
  ['an Adam moment null', 'adam', (s) => (s.adam!.moments[2] = null as never), /^The checkpoint's Adam moment 2 \(adam\.moments\[2\]\) must be an array of 36 numbers, but got null\.$/],
  ['Adam moment values null', 'adam', (s) => (s.adam!.moments[0] = s.adam!.moments[0].map(() => null) as never), /^The checkpoint's Adam moment 0 \(adam\.moments\[0\]\[0\]\) is null; a first moment must be a finite number\.$/],
  ['an Adam moment value a string', 'adam', (s) => (s.adam!.moments[1][3] = '0.5' as never), /\(adam\.moments\[1\]\[3\]\) is "0\.5"/],
  ['a negative second moment', 'adam', (s) => (s.adam!.moments[TENSORS + 1][0] = -1e-3), /^The checkpoint's Adam moment 7 \(adam\.moments\[7\]\[0\]\) is -0\.001; a second moment must be a finite number >= 0\.$/],
  ['Adam iteration count -5', 'adam', (s) => (s.adam!.iterations = -5), /^The checkpoint's Adam step count \(adam\.iterations\) must be an integer >= 0, but got -5\.$/],
  ['Adam iteration count 1.5', 'adam', (s) => (s.adam!.iterations = 1.5), /\(adam\.iterations\) must be an integer >= 0, but got 1\.5/],
  ['Adam iteration count "2"', 'adam', (s) => (s.adam!.iterations = '2' as never), /\(adam\.iterations\) must be an integer >= 0, but got "2"/],
  ['Adam iteration count other than the Adam steps taken', 'adam', (s) => (s.adam!.iterations = 7), /^The checkpoint's Adam step count \(adam\.iterations\) is 7, but it has taken 2 Adam steps\.$/],
  ['no Adam state after Adam steps', 'adam', (s) => (s.adam = null), /^The checkpoint has no Adam state \(adam is null\), but it has taken 2 Adam steps\.$/],
  ['an Adam state that is a number', 'adam', (s) => (s.adam = 5 as never), /^The checkpoint's Adam state \(adam\) must be null or \{iterations, moments\}, but got 5\.$/],
  ['L-BFGS x null', 'lbfgs', (s) => (s.lbfgs!.x = null as never), /^L-BFGS state has no parameters, but this problem has 67\.$/],
  ['an L-BFGS x value null', 'lbfgs', (s) => (s.lbfgs!.x[5] = null as never), /^L-BFGS state is damaged: x must hold finite numbers\.$/],
  ['an L-BFGS gradient of the wrong length', 'lbfgs', (s) => s.lbfgs!.g!.pop(), /^L-BFGS state is damaged: g must be null with f, or 67 finite numbers\.$/],
  ['a curvature pair value null', 'lbfgs', (s) => (s.lbfgs!.oldDirs[0][0] = null as never), /^L-BFGS state is damaged: the curvature pairs must be finite vectors of 67 numbers\.$/],
  ['more curvature pairs than historySize', 'lbfgs', (s) => ['oldDirs', 'oldSteps', 'ro'].forEach((k) => { const l = s.lbfgs![k as 'ro'] as unknown[]; while (l.length < 4) l.push(l[0]); }), /^L-BFGS state is damaged: it keeps 4 curvature pairs, more than historySize \(3\)\.$/],
  ['a negative ro', 'lbfgs', (s) => (s.lbfgs!.ro[0] = -2), /^L-BFGS state is damaged: ro must hold finite numbers > 0/],
  ['hDiag 0', 'lbfgs', (s) => (s.lbfgs!.hDiag = 0), /^L-BFGS state is damaged: hDiag must be a finite number > 0, but is 0\.$/],
  ['a negative step t', 'lbfgs', (s) => (s.lbfgs!.t = -1), /^L-BFGS state is damaged: t must be a finite number >= 0, but is -1\.$/],
  ['L-BFGS iterations -1', 'lbfgs', (s) => (s.lbfgs!.iterations = -1), /^L-BFGS state is damaged: iterations must be an integer >= 0, but is -1\.$/],
  ['L-BFGS evaluations 2.5', 'lbfgs', (s) => (s.lbfgs!.evaluations = 2.5), /^L-BFGS state is damaged: evaluations must be an integer >= 0, but is 2\.5\.$/],
  ['L-BFGS restarts -1', 'lbfgs', (s) => (s.lbfgs!.restarts = -1), /^L-BFGS state is damaged: restarts must be an integer >= 0, but is -1\.$/],
  ['L-BFGS converged a number', 'lbfgs', (s) => (s.lbfgs!.converged = 3 as never), /^L-BFGS state is damaged: converged must be null or a reason, but is 3\.$/],
  ['an L-BFGS plateau mark at iteration -1', 'lbfgs', (s) => (s.lbfgs!.plateauMark = { iteration: -1, f: 1 }), /^L-BFGS state is damaged: plateauMark must be \{ iteration: an integer >= 0/],
  ['no L-BFGS state after L-BFGS steps', 'lbfgs', (s) => (s.lbfgs = null), /^The checkpoint has no L-BFGS state \(lbfgs is null\), but it has taken 3 L-BFGS steps\.$/],
  ['an L-BFGS state in the Adam phase', 'adam', (s) => (s.lbfgs = copy(inLBFGS.lbfgs)), /^The checkpoint has an L-BFGS state \(lbfgs\), but it is at step 2, before the end of its 3 Adam steps\.$/],
  ['a sampler state word above 2^32', 'adam', (s) => (s.rng[2] = 2 ** 32), /^The checkpoint's sampler state \(rng\) must be four unsigned 32-bit integers/],
  ['a Sobol shift above 2^32', 'adam', (s) => (s.cursors.interior.shift[0] = 2 ** 33), /^The checkpoint's sampler cursors must map stream names to \{index, shift\}/],
  ['a negative Sobol shift', 'adam', (s) => (s.cursors.interior.shift[0] = -1), /^The checkpoint's sampler cursors must map stream names to \{index, shift\}/],
  ['no interior point', 'adam', (s) => (s.batch.interior = { x: [], t: [] }), /^The checkpoint's points \(batch\.interior\) number 0, but this run's plan has 32 \(options\.sampling\.domain 32\)\.$/],
  ['an interior point too many', 'adam', (s) => ['x', 't'].forEach((v) => s.batch.interior[v].push(0.5)), /^The checkpoint's points \(batch\.interior\) number 33, but this run's plan has 32/],
  ['a point coordinate null', 'adam', (s) => (s.batch.interior.x[0] = null as never), /^The checkpoint's points \(batch\.interior\) must have coordinates x, t of equal length/],
  ['refinement points without options.sampling.rar', 'adam', (s) => (s.rar = copy(s.batch.interior)), /^The checkpoint keeps refinement points \(rar\), but this run's options\.sampling\.rar is null/],
  ['a history record out of order', 'adam', (s) => (s.history[1].step = 5), /^The checkpoint's history\[1\] is the record of step 5, but must be that of step 2/],
  ['a history record of the wrong phase', 'adam', (s) => (s.history[0].phase = 'lbfgs'), /^The checkpoint's history\[0\] has phase 'lbfgs', but step 1 of this plan is an Adam step\.$/],
  ['a history loss of null (NaN in JSON)', 'lbfgs', (s) => (s.history[4].loss = null as never), /^The checkpoint's history must be an array of step records/],
  ['a history part null', 'adam', (s) => (s.history[0].parts.residual = null as never), /^The checkpoint's history\[0\]\.parts\.residual is null; expected a finite number\.$/],
  ['a history part 1e999 (Infinity)', 'adam', (s) => (s.history[1].parts.initial = Infinity), /^The checkpoint's history\[1\]\.parts\.initial is null; expected a finite number\.$/],
  ['stallResamples beyond options.lbfgs.resampleOnStall', 'lbfgs', (s) => (s.stallResamples = 2), /^The checkpoint's stallResamples is 2, more than this run's options\.lbfgs\.resampleOnStall \(0\) allows\.$/],
];

describe('Trainer.setState refuses implausible fields, naming them, and changes nothing', () => {
  for (const [what, base, spoil, message] of spoilers) {
    it(`refuses ${what}`, async () => {
      // Through JSON, as a file holds it (Infinity becomes null there).
      const bad = copy(base === 'adam' ? inAdam : inLBFGS);
      spoil(bad);
      await expectRefused(copy(bad), message);
    });
  }
});

describe('a hand-edited checkpoint file with its checksum recomputed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfjs-pinn-state-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes `state` as a checkpoint, edits its state with `edit` and recomputes the checksum, as a hand-editor would. */
  async function handEdited(name: string, state: TrainerState, edit: (s: TrainerState) => void): Promise<string> {
    const path = join(dir, name);
    await writeCheckpoint(path, state);
    const file = JSON.parse(readFileSync(path, 'utf8'));
    const edited = JSON.parse(file.state);
    edit(edited);
    file.state = JSON.stringify(edited);
    file.sha256 = createHash('sha256').update(file.state).digest('hex');
    writeFileSync(path, JSON.stringify(file));
    return path;
  }

  it('with Adam moments null is refused, naming adam.moments', async () => {
    const path = await handEdited('moments.json', inAdam, (s) => (s.adam!.moments = null as never));
    await expectRefused(await readCheckpoint(path), /\(adam\.moments\) must be an array of 12 arrays/);
  });

  it('with Adam moment values null is refused, naming the value', async () => {
    const path = await handEdited('moment-values.json', inAdam, (s) => (s.adam!.moments = s.adam!.moments.map((m) => m.map(() => null)) as never));
    await expectRefused(await readCheckpoint(path), /\(adam\.moments\[0\]\[0\]\) is null/);
  });

  it('with Adam iteration count -5 is refused, naming adam.iterations', async () => {
    const path = await handEdited('iterations.json', inAdam, (s) => (s.adam!.iterations = -5));
    await expectRefused(await readCheckpoint(path), /\(adam\.iterations\) must be an integer >= 0, but got -5/);
  });
});

describe('problem identity', () => {
  beforeAll(async () => {
    await initBackend('wasm', { log: false });
  });

  it('shipped problems state their constants', () => {
    expect(heatProblem(0.3).constants).toEqual({ alpha: 0.3 });
    expect(burgersProblem().constants).toEqual({ nu: BURGERS_NU });
    expect(waveProblem(2).constants).toEqual({ c: 2 });
    expect(kdvProblem(3, 0).constants).toEqual({ c: 3, x0: 0 });
  });

  it('a state of heat(alpha = 0.1) does not load into heat(alpha = 0.5), nor one that does not state its parameters', async () => {
    const a = new Trainer(heatProblem(0.1), plan);
    a.step();
    const state = copy(await a.state());
    a.dispose();
    expect(state.params).toEqual({ alpha: 0.1 });
    const b = new Trainer(heatProblem(0.5), plan);
    await expect(b.setState(state)).rejects.toThrow("The checkpoint is for problem 'heat' with parameters {alpha: 0.1}, but this run trains 'heat' with parameters {alpha: 0.5}.");
    const { params: _, ...unstated } = state;
    await expect(b.setState(unstated as TrainerState)).rejects.toThrow("The checkpoint does not state the parameters of problem 'heat'; this run's are {alpha: 0.5}. Start afresh.");
    b.dispose();
  });
});

describe('Trainer.setState is all-or-nothing', () => {
  beforeAll(async () => {
    await initBackend('wasm', { log: false });
  });

  /** Each spoils one part of a valid state from another run at another step. */
  const spoilers: [string, (s: TrainerState) => void, string][] = [
    ['Adam moments', (s) => s.adam!.moments.pop(), "The checkpoint's Adam state has 11 moments, expected 12."],
    ['L-BFGS vector', (s) => s.lbfgs!.x.pop(), 'L-BFGS state has 66 parameters, but this problem has 67.'],
    ['sampler state', (s) => (s.rng = [1, 2, 3] as never), "The checkpoint's sampler state (rng) must be four unsigned 32-bit integers, but got [1,2,3]."],
    ['points', (s) => delete (s.batch.interior as Record<string, number[]>).t, "The checkpoint's points (batch.interior) must have coordinates x, t of equal length, but have x."],
    ['condition points', (s) => s.batch.conditions.pop(), "The checkpoint's points (batch.conditions) must have one entry per condition (2), but have 1."],
    ['history', (s) => (s.history = {} as never), "The checkpoint's history must be an array of step records, but got {}."],
    ['weights', (s) => (s.layers[0].bias[0] = null as never), "layers[0].bias passed to 'Trainer.setState' must hold 6 finite numbers (one per output), but has 6."],
  ];

  for (const [what, spoil, message] of spoilers) {
    it(`refuses a state with bad ${what} and leaves the trainer exactly as it was`, async () => {
      const other = new Trainer(heatProblem(), plan);
      for (let i = 0; i < 5; i++) other.step();
      const bad = copy(await other.state());
      other.dispose();
      spoil(bad);
      const trainer = new Trainer(heatProblem(), plan);
      for (let i = 0; i < 4; i++) trainer.step();
      const before = copy(await trainer.state());
      await expect(trainer.setState(bad)).rejects.toThrow(message);
      expect(copy(await trainer.state())).toEqual(before);
      expect(trainer.stepCount).toBe(4);
      trainer.dispose();
    });
  }
});
