import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

import { MLP, Network, Solution, TrainOptions, Trainer, TrainerState, advectionProblem, heatProblem, initBackend } from '../../../lib/index.js';
import { readSolution, runJob } from '../../../lib/node/index.js';
import { describeOnBackends } from '../../helpers/backends.js';

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const small = (network: TrainOptions['network']): TrainOptions => ({ network, sampling: { domain: 64, boundary: 16 }, adam: { steps: 6, lr: 2e-3 }, lbfgs: { steps: 4 } });
const NETWORKS: Record<string, TrainOptions['network']> = {
  'modified, Fourier, factorised': { hidden: [8, 8], architecture: 'modified', embedding: { fourier: { features: 8 } }, factorization: {} },
  'pirate, periodic t': { hidden: [8], architecture: 'pirate', embedding: { periodic: { t: 0.5 } } },
};

describeOnBackends('Trainer with a Network', () => {
  for (const [name, network] of Object.entries(NETWORKS)) {
    it(`${name}: trains, and a state saved mid-run resumes on the same loss curve, bit for bit`, async () => {
      const before = tf.memory().numTensors;
      const plan = small(network);
      const whole = new Trainer(heatProblem(), plan);
      expect(whole.net).toBeInstanceOf(Network);
      for (let i = 0; i < 4; i++) whole.step();
      const state = copy(await whole.state());
      expect(state.layers).toEqual([]);
      expect(Object.keys(state.weights ?? {})).toContain('output.bias');
      await whole.run();
      const resumed = new Trainer(heatProblem(), plan);
      await resumed.setState(copy(state));
      await resumed.run();
      expect(resumed.history.map((r) => r.loss)).toEqual(whole.history.map((r) => r.loss));
      expect(whole.history.at(-1)!.loss).toBeLessThan(whole.history[0].loss);
      whole.dispose();
      resumed.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it("refuses a state of another network by name, and a Network's weights that do not fit, changing nothing", async () => {
    const a = new Trainer(heatProblem(), small(NETWORKS['modified, Fourier, factorised']));
    a.step();
    const state = copy(await a.state());
    const plain = new Trainer(heatProblem(), small({ hidden: [8, 8] }));
    await expect(plain.setState(copy(state))).rejects.toThrow(/other training options \(network\.architecture: checkpoint "modified", now "mlp"/);
    const broken: TrainerState = copy(state);
    delete (broken.weights as Record<string, unknown>)['hidden.1.bias'];
    const b = new Trainer(heatProblem(), small(NETWORKS['modified, Fourier, factorised']));
    await expect(b.setState(broken)).rejects.toThrow("Argument 'weights' passed to 'Trainer.setState' lacks 'hidden.1.bias'");
    expect(b.stepCount).toBe(0);
    [a, plain, b].forEach((t) => t.dispose());
  });

  it('loads a checkpoint written before the network options existed (no architecture, embedding or factorization)', async () => {
    const plan = small({ hidden: [8, 8] });
    const a = new Trainer(heatProblem(), plan);
    for (let i = 0; i < 3; i++) a.step();
    const state = copy(await a.state());
    const { architecture: _a, embedding: _e, factorization: _f, ...old } = state.options.network;
    const older = { ...state, options: { ...state.options, network: old as TrainerState['options']['network'] } };
    const b = new Trainer(heatProblem(), plan);
    await b.setState(older);
    expect(b.net).toBeInstanceOf(MLP);
    a.step();
    b.step();
    expect(b.history.at(-1)!.loss).toBe(a.history.at(-1)!.loss);
    a.dispose();
    b.dispose();
  });

  it('imposes a periodic condition the embedding satisfies (it leaves the loss) and refuses an imposed one the network cannot satisfy', () => {
    const problem = advectionProblem(2);
    const embedded = new Trainer(problem, small({ hidden: [8], embedding: { periodic: { x: 2 * Math.PI } } }));
    embedded.step();
    expect(Object.keys(embedded.history[0].parts)).toEqual(['residual', 'initial']);
    const plain = new Trainer(problem, small({ hidden: [8] }));
    plain.step();
    expect(Object.keys(plain.history[0].parts)).toEqual(['residual', 'initial', 'periodic(x)']);
    // A period that does not divide the domain makes nothing exact: the condition stays a loss term.
    const off = new Trainer(problem, small({ hidden: [8], embedding: { periodic: { x: 5 } } }));
    off.step();
    expect(Object.keys(off.history[0].parts)).toEqual(['residual', 'initial', 'periodic(x)']);
    const claimed = { ...problem, conditions: problem.conditions.map((c) => (c.kind === 'periodic' ? { ...c, imposed: true } : c)) };
    expect(() => new Trainer(claimed, small({ hidden: [8], architecture: 'modified', embedding: { periodic: { x: 5 } } }))).toThrow(/conditions\[1\] \(periodic\(x\)\) is marked imposed, but the network is not periodic in 'x'.*Give the network an exact periodic embedding of 'x'/);
    [embedded, plain, off].forEach((t) => t.dispose());
  });
});

it('writes a Network solution that readSolution loads and that predicts as the trainer did', async () => {
  await initBackend('cpu', { log: false });
  const out = await mkdtemp(join(tmpdir(), 'network-job-'));
  try {
    const options = small(NETWORKS['modified, Fourier, factorised']);
    await runJob({ problem: 'heat', options, out, progress: false, plot: false, log: () => {} });
    const model = JSON.parse(await readFile(join(out, 'heat', 'model.json'), 'utf8'));
    expect(model.network.options.architecture).toBe('modified');
    const solution = await readSolution(join(out, 'heat', 'model.json'), heatProblem());
    const again = Solution.fromJSON(JSON.parse(JSON.stringify(solution)), heatProblem());
    const points = { x: Float64Array.of(0.1, 0.7), t: Float64Array.of(0.2, 0.9) };
    expect(again.predict(points)).toEqual(solution.predict(points));
    solution.dispose();
    again.dispose();
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
