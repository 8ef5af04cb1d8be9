// Adaptive loss weights (lib/pinn/weighting; option `balance`): gradient-norm balancing equalises the weighted
// parts' gradient norms (exactly with momentum 0, in the ratio of fixed weights), NTK weights match a direct
// computation of per-point gradients, the update schedule, checkpoints (bit-identical resume, old files), options.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { LossWeights, Problem, TrainOptions, Trainer, TrainerState, heatProblem, lossParts, schrodingerProblem } from '../../../lib/index.js';
import { parallelTrainer } from '../../../lib/node/index.js';
import { TensorBatch, disposeTensorBatch, pointsFromJSON, toTensorBatch } from '../../../lib/pinn/batch.js';
import { conditionMisfits } from '../../../lib/pinn/loss/misfits.js';
import { partNames } from '../../../lib/pinn/loss/parts.js';
import { residuals } from '../../../lib/pinn/loss/residuals.js';
import { balancedWeights } from '../../../lib/pinn/weighting/index.js';
import { describeOnBackends } from '../../helpers/backends.js';

const BC = 'dirichlet(x-min,x-max)';

/** Two loss terms of very unequal gradient scales: a residual 100 (u'' + pi^2 sin(pi x)) and u = 0 at both ends. */
function twoTerm(): Problem {
  return {
    name: 'two-term',
    title: "100 (u'' + pi^2 sin(pi x)) = 0 on [0, 1], u(0) = u(1) = 0",
    inputs: ['x'],
    outputs: ['u'],
    domain: { x: [0, 1] },
    terms: ['u_xx'],
    residual: (d, p) => tf.mul(tf.add(d.u_xx, tf.mul(tf.sin(tf.mul(p.x, Math.PI)), Math.PI ** 2)), 100) as tf.Tensor2D,
    conditions: [{ kind: 'dirichlet', on: ['x-min', 'x-max'], value: 0 }],
    grid: { x: 64 },
  };
}

const plan: TrainOptions = {
  network: { hidden: [8, 8], seed: 2 },
  sampling: { domain: 32, boundary: 8, seed: 3 },
  adam: { steps: 6, lr: 1e-2 },
  lbfgs: { steps: 3, historySize: 3 },
};

/** A JSON copy, as a checkpoint file holds it. */
const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** The points of a trainer's current batch as tensors (from its state, as a checkpoint holds them). */
async function batchOf(trainer: Trainer): Promise<TensorBatch> {
  const { batch } = await trainer.state();
  return toTensorBatch({ interior: pointsFromJSON(batch.interior), conditions: batch.conditions.map((sets) => sets.map(pointsFromJSON)) });
}

/** ||grad part|| over the trainables for every part of the loss with the given weights, at `trainer`'s weights and points. */
async function gradientNorms(trainer: Trainer, weights: LossWeights): Promise<Record<string, number>> {
  const batch = await batchOf(trainer);
  const names = tf.tidy(() => Object.keys(lossParts(trainer.problem, trainer.net, batch, weights).parts));
  const out: Record<string, number> = {};
  for (const name of names) {
    const { value, grads } = tf.variableGrads(() => lossParts(trainer.problem, trainer.net, batch, weights).parts[name], trainer.trainables());
    out[name] = Math.sqrt(Object.values(grads).reduce((s, g) => s + (g.square().sum().dataSync()[0] as number), 0));
    tf.dispose([value, ...Object.values(grads)]);
  }
  disposeTensorBatch(batch);
  return out;
}

/** The fixed-weights form of a record's weights (residual, and conditions by name). */
const asLossWeights = (w: Record<string, number>): LossWeights => ({ residual: w.residual, conditions: Object.fromEntries(Object.entries(w).filter(([k]) => k !== 'residual')) });

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('balancedWeights', () => {
  it('gives lambda_i = mean_j m_j / m_i, smoothed by the momentum, and keeps the weight of a part without a measure', () => {
    expect(balancedWeights({ a: 100, b: 1 }, {}, 0)).toEqual({ a: 0.505, b: 50.5 });
    const smoothed = balancedWeights({ a: 100, b: 1 }, { a: 2, b: 3 }, 0.9);
    expect(smoothed.a).toBeCloseTo(0.9 * 2 + 0.1 * 0.505, 12);
    expect(smoothed.b).toBeCloseTo(0.9 * 3 + 0.1 * 50.5, 12);
    // c has weight 0 (NaN measure): it keeps its weight and stays out of the mean.
    expect(balancedWeights({ a: 4, b: 1, c: NaN }, { c: 7 }, 0)).toEqual({ a: 0.625, b: 2.5, c: 7 });
  });
});

describeOnBackends('gradient-norm balancing', () => {
  it('after an update with momentum 0 the weighted parts\' gradient norms are equal (the unweighted ones differ 100-fold and more)', async () => {
    const options: TrainOptions = { ...plan, balance: { method: 'gradNorm', momentum: 0 } };
    const fresh = new Trainer(twoTerm(), options);
    const trainer = new Trainer(twoTerm(), options);
    try {
      const raw = await gradientNorms(fresh, {});
      expect(raw.residual / raw[BC]).toBeGreaterThan(100);
      const { weights, parts } = trainer.step();
      expect(Object.keys(weights!).sort()).toEqual([BC, 'residual'].sort());
      // The loss the step took is the weighted one: each part its weight times the plain part.
      const plain = new Trainer(twoTerm(), plan);
      const unweighted = plain.step().parts;
      plain.dispose();
      for (const name of ['residual', BC]) expect(rel(parts[name], weights![name] * unweighted[name]), name).toBeLessThan(1e-6);
      const balanced = await gradientNorms(fresh, asLossWeights(weights!));
      expect(rel(balanced.residual, balanced[BC])).toBeLessThan(1e-5);
      // Both equal the mean of the unweighted norms.
      expect(rel(balanced.residual, (raw.residual + raw[BC]) / 2)).toBeLessThan(1e-5);
    } finally {
      fresh.dispose();
      trainer.dispose();
    }
  });

  it('with momentum m moves the weights a fraction 1 - m of the way: lambda = m · 1 + (1 - m) · lambda_new', () => {
    const now = new Trainer(twoTerm(), { ...plan, balance: { momentum: 0 } });
    const slow = new Trainer(twoTerm(), { ...plan, balance: { momentum: 0.9 } });
    try {
      const [a, b] = [now.step().weights!, slow.step().weights!];
      for (const name of ['residual', BC]) expect(rel(b[name], 0.9 + (1 - 0.9) * a[name])).toBeLessThan(1e-12);
    } finally {
      now.dispose();
      slow.dispose();
    }
  });

  it('multiplies the fixed weights: with weights.conditions 10 the balanced gradient norms stand 10 : 1', async () => {
    const options: TrainOptions = { ...plan, weights: { conditions: { [BC]: 10 } }, balance: { momentum: 0 } };
    const fresh = new Trainer(twoTerm(), options);
    const trainer = new Trainer(twoTerm(), options);
    try {
      const { weights, parts } = trainer.step();
      // The weights in effect: fixed times adaptive; parts are weighted by them.
      const plain = new Trainer(twoTerm(), { ...plan, balance: { momentum: 0 } });
      const unit = plain.step().weights!;
      plain.dispose();
      // The unweighted norm is the weighted part's divided by 10: equal up to float32 rounding (measured 2.8e-8).
      expect(rel(weights![BC], 10 * unit[BC])).toBeLessThan(1e-6);
      expect(rel(weights!.residual, unit.residual)).toBeLessThan(1e-6);
      const balanced = await gradientNorms(fresh, asLossWeights(weights!));
      expect(rel(balanced[BC] / balanced.residual, 10)).toBeLessThan(1e-5);
      expect(parts[BC]).toBeGreaterThan(0);
    } finally {
      fresh.dispose();
      trainer.dispose();
    }
  });

  it('updates every `every` Adam steps from the first, keeps the weights through L-BFGS, and puts them in every record', () => {
    const trainer = new Trainer(twoTerm(), { ...plan, balance: { every: 3, momentum: 0.5 } });
    try {
      const records = Array.from({ length: 9 }, () => trainer.step());
      const w = records.map((r) => r.weights!.residual);
      expect(w[1]).toBe(w[0]);
      expect(w[2]).toBe(w[0]);
      expect(w[3]).not.toBe(w[0]);
      expect(w[4]).toBe(w[3]);
      expect(w[5]).toBe(w[3]);
      // Steps 7-9 are L-BFGS: no update.
      expect(records.slice(6).map((r) => r.phase)).toEqual(['lbfgs', 'lbfgs', 'lbfgs']);
      expect(w.slice(6)).toEqual([w[3], w[3], w[3]]);
    } finally {
      trainer.dispose();
    }
  });

  it('leaves no tensor behind, with causal weights and fresh points every step too', () => {
    for (const balance of [{ every: 2 }, { method: 'ntk' as const, every: 2, ntkPoints: 4 }]) {
      const trainer = new Trainer(heatProblem(), { ...plan, sampling: { ...plan.sampling, resampleEvery: 1 }, balance, causal: { chunks: 4 } });
      trainer.step();
      const before = tf.memory().numTensors;
      for (let i = 1; i < 9; i++) {
        trainer.step();
        expect(tf.memory().numTensors, `${balance.method ?? 'gradNorm'}, step ${i + 1}`).toBe(before);
      }
      trainer.dispose();
    }
  });
});

/** The mean over all points of a part of ||d m_e / d theta||^2, from the whole batch (one-hot weighted sums). */
function directTraces(trainer: Trainer, batch: TensorBatch): Record<string, number> {
  const { problem, net } = trainer;
  const count = tf.tidy(() => residuals(problem, net, batch.interior).length);
  const names = partNames(problem, count);
  const misfits: [string, () => tf.Tensor2D][] = names.residuals.map((n, i) => [n, () => residuals(problem, net, batch.interior)[i]]);
  problem.conditions.forEach((c, i) => {
    const name = names.conditions[i];
    if (name !== null) misfits.push([name, () => tf.concat(conditionMisfits(problem, c, net, batch.conditions[i]), 0) as tf.Tensor2D]);
  });
  const out: Record<string, number> = {};
  for (const [name, m] of misfits) {
    const n = tf.tidy(() => m().shape[0]);
    let sum = 0;
    for (let e = 0; e < n; e++) {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(m(), tf.oneHot([e], n).reshape([n, 1]).cast('float32'))) as tf.Scalar, trainer.trainables());
      sum += Object.values(grads).reduce((s, g) => s + (g.square().sum().dataSync()[0] as number), 0);
      tf.dispose([value, ...Object.values(grads)]);
    }
    out[name] = sum / n;
  }
  return out;
}

describeOnBackends('NTK weights', () => {
  for (const [label, problem] of [['heat', heatProblem], ['schrodinger (two residuals, periodic conditions with derivatives)', schrodingerProblem]] as const) {
    it(`equal mean_j T_j / T_i for T_i the mean per-point squared gradient norm, computed directly: ${label}`, async () => {
      const options: TrainOptions = { ...plan, sampling: { ...plan.sampling, domain: 12, boundary: 6 }, balance: { method: 'ntk', momentum: 0, ntkPoints: 1000 } };
      const fresh = new Trainer(problem(), options);
      const trainer = new Trainer(problem(), options);
      try {
        const { weights } = trainer.step();
        const batch = await batchOf(fresh);
        const traces = directTraces(fresh, batch);
        disposeTensorBatch(batch);
        const mean = Object.values(traces).reduce((a, b) => a + b, 0) / Object.keys(traces).length;
        expect(Object.keys(weights!).sort()).toEqual(Object.keys(traces).sort());
        for (const [name, t] of Object.entries(traces)) expect(rel(weights![name], mean / t), name).toBeLessThan(1e-4);
      } finally {
        fresh.dispose();
        trainer.dispose();
      }
    });
  }

  it('on a subsample (ntkPoints below the points) come near the full traces\' weights, and the same on every run', () => {
    const weightsWith = (ntkPoints: number) => {
      const trainer = new Trainer(heatProblem(), { ...plan, balance: { method: 'ntk', momentum: 0, ntkPoints } });
      const { weights } = trainer.step();
      trainer.dispose();
      return weights!;
    };
    const [sub, again, full] = [weightsWith(16), weightsWith(16), weightsWith(1000)];
    expect(sub).toEqual(again);
    // A 16-point estimate of the residual's mean over 32 points (the conditions' 8 points are all taken): measured within
    // 9.4% of the full weights on cpu and wasm; a random estimate, so the bound leaves room (a factor 1.5).
    for (const name of Object.keys(full)) expect(Math.abs(Math.log(sub[name] / full[name])), name).toBeLessThan(Math.log(1.5));
  });
});

describeOnBackends('checkpoints with balancing', () => {
  const options: TrainOptions = {
    ...plan,
    sampling: { ...plan.sampling, resampleEvery: 1 },
    adam: { steps: 7, lr: 1e-2, warmup: { steps: 2, from: 0.1 }, decay: { every: 3, rate: 0.5, staircase: false } },
    balance: { every: 2, momentum: 0.5 },
    causal: { chunks: 4, epsilon: 2 },
  };
  const curve = (t: Trainer) => t.history.map((r) => [r.loss, r.weights, r.causalMinWeight]);

  for (const [label, extra] of [['gradient norms', {}], ['NTK', { balance: { method: 'ntk', every: 2, momentum: 0.5, ntkPoints: 5 } }]] as const) {
    it(`resume on the same loss curve and weights as an uninterrupted run, bit for bit (${label}, causal, warm-up, smooth decay, fresh points every step)`, async () => {
      const o = { ...options, ...extra } as TrainOptions;
      const whole = new Trainer(heatProblem(), o);
      await whole.run();
      const reference = curve(whole);
      whole.dispose();
      expect(reference.length).toBe(10);
      for (const cut of [2, 3, 8]) {
        const first = new Trainer(heatProblem(), o);
        for (let i = 0; i < cut; i++) first.step();
        const saved = copy(await first.state());
        first.dispose();
        expect(saved.balance?.weights).toEqual(reference[cut - 1][1]);
        const second = new Trainer(heatProblem(), o);
        await second.setState(saved);
        await second.run();
        expect(curve(second), `cut at ${cut}`).toEqual(reference);
        second.dispose();
      }
    });
  }

  it('a checkpoint written before these options existed still loads and goes on as before', async () => {
    const old: TrainOptions = { ...plan, adam: { ...plan.adam, decay: { every: 2, rate: 0.5 } } };
    const straight = new Trainer(heatProblem(), old);
    const resumed = new Trainer(heatProblem(), old);
    try {
      for (let i = 0; i < 3; i++) straight.step();
      const state = copy(await straight.state()) as TrainerState & { options: Record<string, unknown> };
      const { balance: _b, causal: _c, ...options } = state.options;
      const { warmup: _w, ...adam } = state.options.adam as TrainerState['options']['adam'];
      const { staircase: _s, ...decay } = adam.decay!;
      state.options = { ...options, adam: { ...adam, decay } } as never;
      await resumed.setState(state);
      expect(resumed.step().loss).toBe(straight.step().loss);
    } finally {
      straight.dispose();
      resumed.dispose();
    }
  });

  it('refuses balancing weights that do not fit, naming the field, and a state of other balancing options', async () => {
    const o: TrainOptions = { ...plan, balance: { every: 2 } };
    const source = new Trainer(heatProblem(), o);
    source.step();
    const state = copy(await source.state());
    source.dispose();
    const target = new Trainer(heatProblem(), o);
    const other = new Trainer(heatProblem(), { ...o, balance: { every: 3 } });
    const none = new Trainer(heatProblem(), plan);
    try {
      const spoilt = (edit: (s: TrainerState) => void) => {
        const s = copy(state);
        edit(s);
        return s;
      };
      await expect(target.setState(spoilt((s) => (s.balance!.weights.residual = -1)))).rejects.toThrow("The checkpoint's balance.weights.residual is -1; expected a finite number > 0.");
      await expect(target.setState(spoilt((s) => (s.balance!.weights.residual = null as never)))).rejects.toThrow("The checkpoint's balance.weights.residual is null; expected a finite number > 0.");
      await expect(target.setState(spoilt((s) => delete s.balance!.weights.initial))).rejects.toThrow(
        "The checkpoint's balancing weights are for the parts [residual, dirichlet(x-min,x-max)], but its loss has the parts [residual, initial, dirichlet(x-min,x-max)].",
      );
      await expect(target.setState(spoilt((s) => delete s.balance))).rejects.toThrow("The checkpoint's balancing weights (balance.weights) must map loss parts to numbers > 0, but got undefined.");
      await expect(target.setState(spoilt((s) => (s.balance!.weights = {})))).rejects.toThrow('The checkpoint has taken 1 Adam steps with balancing, but keeps no balancing weights (balance.weights is {}).');
      await expect(target.setState(spoilt((s) => (s.history[0].weights!.initial = 'x' as never)))).rejects.toThrow("The checkpoint's history[0].weights.initial is \"x\"; expected a finite number.");
      await expect(other.setState(copy(state))).rejects.toThrow('The checkpoint was made with other training options (balance.every: checkpoint 2, now 3)');
      await expect(none.setState(copy(state))).rejects.toThrow('The checkpoint was made with other training options (balance: checkpoint {"method":"gradNorm","every":2,"momentum":0.9}, now null)');
      const plain = new Trainer(heatProblem(), plan);
      plain.step();
      const withWeights = { ...copy(await plain.state()), balance: { weights: { residual: 1 } } };
      plain.dispose();
      await expect(none.setState(withWeights)).rejects.toThrow("The checkpoint keeps balancing weights (balance), but this run's options.balance is null, so it has none.");
      await target.setState(copy(state));
      expect(target.stepCount).toBe(1);
    } finally {
      [target, other, none].forEach((t) => t.dispose());
    }
  });
});

describe('option balance is checked', () => {
  const make = (options: unknown) => () => new Trainer(heatProblem(), options as TrainOptions).dispose();

  it('refuses bad values by name and fills the defaults', () => {
    expect(make({ balance: { method: 'gradnorm' } })).toThrow("Option 'options.balance.method' passed to 'Trainer' must be 'gradNorm' or 'ntk', but got \"gradnorm\".");
    expect(make({ balance: { every: 0 } })).toThrow("Option 'options.balance.every' passed to 'Trainer' must be an integer >= 1, but got 0.");
    expect(make({ balance: { momentum: 1 } })).toThrow("Option 'options.balance.momentum' passed to 'Trainer' must be a number in [0, 1), but got 1.");
    expect(make({ balance: { momentum: -0.1 } })).toThrow("Option 'options.balance.momentum' passed to 'Trainer' must be a number in [0, 1), but got -0.1.");
    expect(make({ balance: { method: 'ntk', ntkPoints: 0 } })).toThrow("Option 'options.balance.ntkPoints' passed to 'Trainer' must be an integer >= 1, but got 0.");
    expect(make({ balance: { ntkPoints: 32 } })).toThrow(
      "Option 'options.balance.ntkPoints' passed to 'Trainer' applies only with options.balance.method 'ntk', but the method is 'gradNorm'; remove it or set method: 'ntk'.",
    );
    expect(make({ balance: { evry: 10 } })).toThrow("Unknown key 'evry' in options.balance passed to 'Trainer'; valid keys: method, every, momentum, ntkPoints. Did you mean 'every'?");
    expect(make({ balance: 'gradNorm' })).toThrow("Option 'options.balance' passed to 'Trainer' must be an object or null, but got \"gradNorm\".");
    const trainer = new Trainer(heatProblem(), { balance: {} });
    expect(trainer.options.balance).toEqual({ method: 'gradNorm', every: 1000, momentum: 0.9 });
    trainer.dispose();
    const ntk = new Trainer(heatProblem(), { balance: { method: 'ntk' } });
    expect(ntk.options.balance).toEqual({ method: 'ntk', every: 1000, momentum: 0.9, ntkPoints: 64 });
    expect(ntk.options.causal).toBe(null);
    ntk.dispose();
  });

  it('is refused with a loss evaluated elsewhere (parallelTrainer), which needs the whole loss in one thread', async () => {
    const trainer = new Trainer(heatProblem(), { ...plan, balance: {} });
    let disposed = 0;
    const evaluator = { lossReads: () => { throw new Error('not called'); }, dispose: () => void disposed++ };
    expect(() => trainer.setLossEvaluator(evaluator as never)).toThrow("'Trainer.setLossEvaluator': options.balance and options.causal need the whole loss in this thread");
    expect(disposed).toBe(1);
    trainer.dispose();
    await expect(parallelTrainer('heat', { ...plan, causal: {} }, { workers: 2 })).rejects.toThrow("Options 'options.balance' and 'options.causal' passed to 'parallelTrainer' need the whole loss in one thread");
  });
});
