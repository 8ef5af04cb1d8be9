import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

import { Reads, readSync } from '../../lib/internals/reads.js';
import { Problem, Solution, TrainOptions, Trainer, heatProblem } from '../../lib/index.js';
import { HEAT_ALPHA, heatInverse } from '../fixtures/heat_inverse.js';
import { describeOnBackends } from '../helpers/backends.js';

const ALPHA = HEAT_ALPHA;

const tiny = (adam: number, lbfgs: number): TrainOptions => ({
  network: { hidden: [8, 8], seed: 2 },
  sampling: { domain: 64, boundary: 1, seed: 1 },
  adam: { steps: adam, lr: 1e-2 },
  lbfgs: { steps: lbfgs, historySize: 10 },
});

describeOnBackends('trainable PDE parameters', () => {
  it('learns k in u_t = k u_xx from sampled exact values to within 1% (16x16 network, 50 Adam + 200 L-BFGS steps)', async () => {
    const before = tf.memory().numTensors;
    const trainer = new Trainer(heatInverse(), { network: { hidden: [16, 16], seed: 1 }, sampling: { domain: 200, boundary: 1, seed: 1 }, adam: { steps: 50, lr: 5e-3 }, lbfgs: { steps: 200 } });
    await trainer.run();
    const k = trainer.parameterValues().k;
    expect(Math.abs(k - ALPHA) / ALPHA).toBeLessThan(0.01);
    expect(trainer.evaluate().relL2).toBeLessThan(0.05);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  for (const [phase, plan] of [
    ['Adam', tiny(12, 0)],
    ['L-BFGS', tiny(0, 12)],
  ] as const) {
    it(`trains the parameter under ${phase} and records its value every step`, async () => {
      const before = tf.memory().numTensors;
      const trainer = new Trainer(heatInverse({ points: 64 }), plan);
      expect(trainer.trainables().at(-1)).toBe(trainer.parameters.variables[0]);
      await trainer.run();
      const ks = trainer.history.map((r) => r.parameters?.k);
      expect(ks.length).toBe(12);
      ks.forEach((k) => expect(Number.isFinite(k)).toBe(true));
      expect(Math.abs(ks.at(-1)! - Math.exp(-0.7))).toBeGreaterThan(1e-3);
      expect(ks.at(-1)).toBeCloseTo(trainer.parameterValues().k, 6);
      expect(trainer.history.at(-1)!.loss).toBeLessThan(trainer.history[0].loss);
      trainer.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('the loss gradient in the raw parameter agrees with a central difference', () => {
    const trainer = new Trainer(heatInverse({ points: 64 }), tiny(1, 0));
    const theta = trainer.parameters.variables[0];
    const lossAt = () => readSync((trainer as unknown as { lossReads(gradient: 'none'): Reads<{ loss: number; grads: tf.Tensor[] }> }).lossReads('none'));
    const { grads } = lossAt();
    const g = grads.at(-1)!.dataSync()[0];
    grads.forEach((t) => t.dispose());
    const h = 1e-2;
    const at = (v: number) => {
      theta.assign(tf.scalar(v));
      const r = lossAt();
      r.grads.forEach((t) => t.dispose());
      return r.loss;
    };
    const fd = (at(-0.7 + h) - at(-0.7 - h)) / (2 * h);
    expect(Math.abs(g - fd) / Math.abs(fd)).toBeLessThan(2e-2);
    trainer.dispose();
  });

  it('saves the parameters in the state and resumes on the same loss and parameter curve', async () => {
    const before = tf.memory().numTensors;
    const plan = tiny(6, 6);
    const straight = new Trainer(heatInverse({ points: 64 }), plan);
    await straight.run();
    const reference = straight.history;
    straight.dispose();
    for (const cut of [4, 9]) {
      const first = new Trainer(heatInverse({ points: 64 }), plan);
      for (let i = 0; i < cut; i++) first.step();
      const saved = JSON.parse(JSON.stringify(await first.state()));
      expect(Object.keys(saved.parameters)).toEqual(['k']);
      first.dispose();
      const second = new Trainer(heatInverse({ points: 64 }), plan);
      await second.setState(saved);
      expect(second.parameterValues().k).toBeCloseTo(reference[cut - 1].parameters!.k, 6);
      await second.run();
      expect(second.history.length).toBe(reference.length);
      second.history.forEach((r, i) => {
        expect(Math.abs(r.loss - reference[i].loss) / reference[i].loss, `cut ${cut}, step ${i + 1} loss`).toBeLessThan(1e-5);
        expect(Math.abs(r.parameters!.k - reference[i].parameters!.k), `cut ${cut}, step ${i + 1} k`).toBeLessThan(1e-6);
      });
      second.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a checkpoint whose parameters differ from the problem', async () => {
    const trainer = new Trainer(heatInverse({ points: 16 }), tiny(2, 0));
    trainer.step();
    const state = await trainer.state();
    const plain = new Trainer({ ...heatInverse({ points: 16 }), parameters: { kappa: { init: 0 } }, residual: (d, _p, k = {}) => tf.sub(d.u_t, tf.mul(d.u_xx, k.kappa)) as tf.Tensor2D }, tiny(2, 0));
    await expect(plain.setState(state)).rejects.toThrow('The checkpoint trains parameters [k], but this problem trains [kappa]; start afresh.');
    trainer.dispose();
    plain.dispose();
  });

  it('a trained solution evaluates u and its partials at new points and survives JSON without the problem functions', async () => {
    const before = tf.memory().numTensors;
    const trainer = new Trainer(heatProblem(), tiny(5, 0));
    await trainer.run();
    const points = { x: Float64Array.of(0.1, 0.5, 0.9), t: Float64Array.of(0, 0.3, 0.7) };
    const s = trainer.solution();
    const text = JSON.stringify(s);
    const json = JSON.parse(text);
    expect(json.weights).toMatch(/raw network N/);
    expect(json.u).toMatch(/no output transform/);
    const loaded = Solution.fromJSON(json, heatProblem());
    expect(Array.from(loaded.predict(points)[0])).toEqual(Array.from(trainer.predict(points)[0]));
    const d = loaded.partials(points, ['u', 'u_x', 'u_xx']);
    const h = 1e-2;
    const shifted = (dx: number) => loaded.predict({ x: points.x.map((x) => x + dx), t: points.t })[0];
    const [up, dn] = [shifted(h), shifted(-h)];
    d.u_x.forEach((v, i) => expect(v).toBeCloseTo((up[i] - dn[i]) / (2 * h), 3));
    expect(() => Solution.fromJSON(json, { ...heatProblem(), name: 'other' })).toThrow("The saved solution is for problem 'heat', but 'Solution.fromJSON' was given problem 'other'.");
    s.dispose();
    loaded.dispose();
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

it('rejects bad parameter specs with named messages', () => {
  const base = heatInverse({ points: 8 });
  const bad = (parameters: unknown) => () => new Trainer({ ...base, parameters } as Problem, tiny(1, 0));
  expect(bad({ k: { init: NaN } })).toThrow("Problem 'heat-inverse': parameters.k.init must be a finite number (the initial raw value), but got null.");
  expect(bad({ k: { init: '1' } })).toThrow(`Problem 'heat-inverse': parameters.k.init must be a finite number (the initial raw value), but got "1".`);
  expect(bad({ k: { init: 0, transform: 'log' } })).toThrow(`Problem 'heat-inverse': parameters.k.transform must be one of 'none', 'exp', 'softplus', but got "log".`);
  expect(bad({ k: { inti: 0 } })).toThrow(/Unknown key 'inti' in Problem 'heat-inverse': parameters\.k; valid keys: init, transform\. Did you mean 'init'\?/);
  expect(bad({ '2k': { init: 0 } })).toThrow("Problem 'heat-inverse': parameter name '2k' must be letters, digits and underscores, starting with a letter (it names a loss.csv column).");
  expect(bad({ x: { init: 0 } })).toThrow("Problem 'heat-inverse': parameter name 'x' is also an input or output name; choose another.");
  expect(bad({ k: 0.5 })).toThrow("Problem 'heat-inverse': parameters.k must be an object { init, transform? }, but got 0.5.");
  expect(bad([1])).toThrow(/'parameters' must be an object of named specs/);
});
