import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

import { LBFGS, MLP, Problem, TrainOptions, Trainer, dataCondition, heat, heatExact, heatProblem, partial, partials, syncReadsWork } from '../../../lib/index.js';
import { describeOnBackends } from '../../helpers/backends.js';
import { expectClose } from '../../helpers/close.js';

// Trainer.step() reads back with dataSync, Trainer.run() with await data(): both drive one
// step written once, so on one backend they must give the same numbers, bit for bit.

/** Adam with resampling and RAR (a refinement between Adam steps), then L-BFGS. */
const plan: TrainOptions = {
  network: { hidden: [8, 8], seed: 2 },
  sampling: { method: 'sobol', domain: 64, boundary: 16, resampleEvery: 3, rar: { candidates: 64, add: 8 }, seed: 3 },
  adam: { steps: 7, lr: 1e-2 },
  lbfgs: { steps: 6, historySize: 5 },
};

/** Rosenbrock's function and its gradient. */
function rosenbrock(x: Float64Array): { f: number; g: Float64Array } {
  const [a, b] = [x[0], x[1]];
  return { f: (1 - a) ** 2 + 100 * (b - a * a) ** 2, g: Float64Array.of(-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)) };
}

/** Heat with k unknown (raw θ, exp transform), seen through exact values at n points. */
function heatInverseProblem(n: number): Problem {
  const x = Array.from({ length: n }, (_, i) => (i + 0.5) / n);
  const t = Array.from({ length: n }, (_, i) => ((i * 7) % n) / n);
  return {
    ...heatProblem(),
    name: 'heat-inverse',
    residual: (d, _p, k = {}) => tf.sub(d.u_t, tf.mul(d.u_xx, k.k)) as tf.Tensor2D,
    conditions: [dataCondition({ points: { x, t }, values: x.map((xi, i) => heatExact(xi, t[i], 0.1)), domain: { x: [0, 1], t: [0, 1] } })],
    parameters: { k: { init: -0.7, transform: 'exp' } },
  };
}

describeOnBackends('sync and async read-back', (backend) => {
  it('step() and run() give the same loss curve, bit for bit, through Adam (with RAR) and L-BFGS', async () => {
    const before = tf.memory().numTensors;
    const sync = new Trainer(heat.problem(), plan);
    while (sync.phase !== 'done') sync.step();
    const lasync = new Trainer(heat.problem(), plan);
    await lasync.run();
    const phases = sync.history.map((r) => r.phase);
    expect(phases.filter((p) => p === 'lbfgs').length, 'L-BFGS steps taken').toBeGreaterThan(0);
    expect(lasync.history.map((r) => r.phase)).toEqual(phases);
    expect(lasync.history.map((r) => r.loss)).toEqual(sync.history.map((r) => r.loss));
    expect(lasync.history.map((r) => r.parts)).toEqual(sync.history.map((r) => r.parts));
    // The states agree too: weights read back asynchronously equal those of toLayers().
    const [a, b] = [await sync.state(), await lasync.state()];
    expect(b.layers).toEqual((sync.net as MLP).toLayers());
    expect(b.lbfgs).toEqual(a.lbfgs);
    expect(await lasync.predictAsync({ x: Float64Array.of(0.3), t: Float64Array.of(0.2) })).toEqual(sync.predict({ x: Float64Array.of(0.3), t: Float64Array.of(0.2) }));
    sync.dispose();
    lasync.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stepAsync() and step() agree on a problem with a trainable parameter', async () => {
    const options: TrainOptions = { ...plan, sampling: { ...plan.sampling, rar: null }, adam: { steps: 3, lr: 1e-2 }, lbfgs: { steps: 3, historySize: 5 } };
    const [sync, lasync] = [new Trainer(heatInverseProblem(32), options), new Trainer(heatInverseProblem(32), options)];
    for (let i = 0; i < 6; i++) {
      const [r, s] = [sync.step(), await lasync.stepAsync()];
      expect(s).toEqual(r);
      expect(s.parameters?.k).toBeDefined();
    }
    expect((await lasync.state()).parameters).toEqual((await sync.state()).parameters);
    sync.dispose();
    lasync.dispose();
  });
});

it('LBFGS.stepAsync runs the same iteration as LBFGS.step (Rosenbrock, bit for bit)', async () => {
  const [a, b] = [new LBFGS(Float64Array.of(-1.2, 1)), new LBFGS(Float64Array.of(-1.2, 1))];
  for (let i = 0; i < 40 && !a.state.converged; i++) {
    const f = a.step(rosenbrock);
    expect(await b.stepAsync(async (x) => rosenbrock(x))).toBe(f);
  }
  expect(b.state).toEqual(a.state);
  expect(a.state.iterations).toBeGreaterThan(20);
});

/**
 * Runs `body` on a stand-in for webgpu on SwiftShader: the cpu backend's kernels under the name 'webgpu',
 * SwiftShader's adapter info as tfjs's webgpu backend keeps it, and synchronous reads that throw (the real
 * one gives zeros), so any dataSync on the way fails the spec.
 */
async function onBrokenWebGPU(body: () => Promise<void>): Promise<void> {
  await tf.setBackend('cpu');
  const cpu = tf.backend();
  const proto = Object.getPrototypeOf(cpu);
  const fake = Object.assign(Object.create(proto), cpu, {
    adapterInfo: { vendor: 'google', architecture: 'swiftshader' },
    readSync: () => {
      throw new Error('a synchronous read on the webgpu stand-in');
    },
    // The cpu backend's read() calls its readSync: the stand-in reads asynchronously with the real one.
    read: async (dataId: object) => proto.readSync.call(fake, dataId),
  });
  const kernels = tf.getKernelsForBackend('cpu');
  tf.registerBackend('webgpu', () => fake);
  kernels.forEach((k) => tf.registerKernel({ ...k, backendName: 'webgpu' }));
  try {
    await tf.setBackend('webgpu');
    await body();
  } finally {
    await tf.setBackend('cpu');
    kernels.forEach((k) => tf.unregisterKernel(k.kernelName, 'webgpu'));
    tf.removeBackend('webgpu');
  }
}

it("where synchronous reads give zeros (webgpu on SwiftShader's adapter), step() throws and run() trains without one", async () => {
  await tf.setBackend('cpu');
  const reference = new Trainer(heat.problem(), plan);
  await reference.run();
  const points = { x: Float64Array.of(0.3), t: Float64Array.of(0.2) };
  const predicted = reference.predict(points);
  expect(syncReadsWork()).toBe(true);
  await onBrokenWebGPU(async () => {
    expect(syncReadsWork()).toBe(false);
    const trainer = new Trainer(heat.problem(), plan);
    try {
      expect(() => trainer.step()).toThrow(/'Trainer.step' reads back synchronously, which gives wrong values on this backend \(WebGPU adapter is the fallback one \('google', 'swiftshader'\).*use 'await trainer.run\(\)'/);
      expect(() => trainer.predict({ x: Float64Array.of(0), t: Float64Array.of(0) })).toThrow(/predictAsync/);
      expect(() => trainer.evaluate()).toThrow(/'Trainer.evaluate' reads back synchronously/);
      expect(() => (trainer.net as MLP).toLayers()).toThrow(/'MLP.toLayers' reads synchronously.*toLayersAsync/);
      expect(trainer.stepCount).toBe(0);
      // The same kernels as cpu and no synchronous read on the way. Not bit for bit: cpu, wasm and tensorflow
      // step Adam as one JavaScript loop (FlatAdam), other backends with tf.train.adam kernels: last bits differ.
      await trainer.run();
      expectClose(trainer.history.map((r) => r.loss), reference.history.map((r) => r.loss), 1e-5, 'losses');
      const [got, ref] = [(await trainer.state()).layers, (await reference.state()).layers];
      expectClose(got.flatMap((l) => [...l.weight.flat(), ...l.bias]), ref.flatMap((l) => [...l.weight.flat(), ...l.bias]), 1e-4, 'weights');
      expectClose((await trainer.predictAsync(points))[0], predicted[0], 1e-4, 'u');
    } finally {
      trainer.dispose();
    }
  });
  reference.dispose();
  expect(syncReadsWork()).toBe(true);
});

it('where synchronous reads give zeros, partials cannot check its inputs by reading: a non-finite input gives NaN results, never zeros or an error', async () => {
  await onBrokenWebGPU(async () => {
    const before = tf.memory().numTensors;
    const net = new MLP({ sizes: [2, 4, 1], seed: 1, inputs: ['x', 't'] });
    const [x, t, bad] = [tf.tensor2d([[0.1], [0.2]]), tf.tensor2d([[0.3], [0.4]]), tf.tensor2d([[0.1], [NaN]])];
    const good = partials(net, { x, t }, ['u', 'u_xx']);
    const poisoned = partials(net, { x: bad, t }, ['u', 'u_xx']);
    const u = partial((x) => net.forward(x, t), bad);
    const values = async (d: Record<string, tf.Tensor>) => Promise.all(Object.values(d).map(async (v) => Array.from(await v.data())));
    for (const column of await values(good)) column.forEach((v) => expect(Number.isFinite(v)).toBe(true));
    for (const column of [...(await values(poisoned)), Array.from(await u.data())]) column.forEach((v) => expect(v).toBeNaN());
    tf.dispose([...Object.values(good), ...Object.values(poisoned), u, x, t, bad]);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
