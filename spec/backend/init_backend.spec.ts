import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';

import { MLP, availableBackends, initBackend, partials } from '../../lib/index.js';
import { expectClose, goldenTolerance } from '../helpers/close.js';
import { skipReason } from '../helpers/console_guard.js';
import { goldenCases, termOf } from '../helpers/golden.js';

const available = await availableBackends();
const nativeReason = 'the optional peer @tensorflow/tfjs-node is not installed here (its install downloads libtensorflow, which this machine cannot reach)';

describe('initBackend in Node', () => {
  afterEach(() => {
    delete process.env.TFJS_PINN_BACKEND;
  });

  it('starts the backend asked for and says so', async () => {
    expect(await initBackend('cpu', { log: false })).toEqual({ name: 'cpu', reason: 'requested' });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('follows TFJS_PINN_BACKEND when no backend is passed', async () => {
    process.env.TFJS_PINN_BACKEND = 'wasm';
    expect(await initBackend(undefined, { log: false })).toEqual({ name: 'wasm', reason: 'requested by TFJS_PINN_BACKEND' });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('picks the fastest available, native first, and explains a skipped native backend', async () => {
    const choice = await initBackend(undefined, { log: false });
    expect(choice.name).toBe(available[0]);
    expect(['tensorflow', 'wasm']).toContain(choice.name);
    if (choice.name !== 'tensorflow') expect(choice.reason).toContain("install it with 'npm install @tensorflow/tfjs-node'");
  });

  it('logs its choice unless told not to', async () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      await initBackend('cpu');
    } finally {
      console.log = log;
    }
    expect(lines).toEqual(["tfjs-pinn: backend 'cpu' (requested)"]);
  });

  it('refuses an unknown backend by name', async () => {
    await expect(initBackend('webgl', { log: false })).rejects.toThrow("Backend 'webgl' passed to 'initBackend' is not one of tensorflow, wasm, cpu (in Node).");
  });

  it.skipIf(available.includes('tensorflow'))('says how to get the native backend when it is asked for but missing', async () => {
    await expect(initBackend('tensorflow', { log: false })).rejects.toThrow("'initBackend' could not start backend 'tensorflow': @tensorflow/tfjs-node not installed (optional: install it with 'npm install @tensorflow/tfjs-node'");
  });
});

if (!available.includes('tensorflow')) skipReason(`spec/backend/init_backend.spec.ts, the native backend (tfjs-node) against PyTorch: ${nativeReason}.`);

describe.skipIf(!available.includes('tensorflow'))('native backend (tfjs-node): agreement with PyTorch', () => {
  it('computes every golden case to the same tolerances as cpu and wasm', async () => {
    await initBackend('tensorflow', { log: false });
    for (const c of goldenCases()) {
      const net = MLP.fromLayers(c.layers, c.activation);
      const x = tf.tensor2d(c.x, [c.x.length, 1]);
      const t = tf.tensor2d(c.t, [c.t.length, 1]);
      const keys = Object.keys(c.partials);
      const d = partials(net, { x, t }, keys.map(termOf));
      for (const key of keys) expectClose(d[termOf(key)].dataSync(), c.partials[key], goldenTolerance(key === 'u' ? 0 : key.length), key);
      tf.dispose([x, t, ...Object.values(d)]);
      net.dispose();
    }
  });
});
