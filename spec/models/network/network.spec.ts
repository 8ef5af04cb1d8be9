import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

import { MLP, Network, NetworkOptions, partials, taylor } from '../../../lib/index.js';
import { describeOnBackends } from '../../helpers/backends.js';
import { expectClose, goldenTolerance } from '../../helpers/close.js';

interface TorchCase {
  options: NetworkOptions;
  inputs: string[];
  weights: Record<string, number[] | number[][]>;
  points: { x: number[]; t: number[] };
  terms: Record<string, number[]>;
}

// PyTorch float64 on random state dicts in the documented layout (scripts/fixtures/torch_networks.py).
const TORCH: { cases: TorchCase[] } = JSON.parse(readFileSync(new URL('../../fixtures/torch-networks.json', import.meta.url), 'utf8'));
const TERMS = ['u', 'u_x', 'u_t', 'u_xx', 'u_xt', 'u_xxx'] as const;
const column = (v: number[]) => tf.tensor2d(v, [v.length, 1]);
const label = (c: TorchCase) => `${c.options.architecture} ${JSON.stringify(c.options.embedding ?? null)} ${c.options.factorization ? 'factorised' : 'plain'}`;

describeOnBackends('Network', () => {
  it('matches PyTorch float64 on every architecture from a state dict in the documented layout, values and Taylor-mode derivatives', () => {
    for (const c of TORCH.cases) {
      const before = tf.memory().numTensors;
      const net = new Network(c.options, { inputs: c.inputs, outputs: 1 });
      net.loadStateDict(c.weights);
      const [x, t] = [column(c.points.x), column(c.points.t)];
      const d = partials(net, { x, t }, [...TERMS], { method: 'taylor' });
      for (const term of TERMS) expectClose(d[term].dataSync(), c.terms[term], goldenTolerance(term.length - 2), `${label(c)} ${term}`);
      tf.dispose([x, t, ...Object.values(d)]);
      net.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('gives the same derivatives by Taylor mode and by nested reverse mode, and taylor() along a direction', () => {
    const x = tf.randomUniform([40, 1], -1, 1, 'float32', 3) as tf.Tensor2D;
    const t = tf.randomUniform([40, 1], 0, 1, 'float32', 4) as tf.Tensor2D;
    for (const architecture of ['mlp', 'modified', 'pirate'] as const) {
      const net = new Network({ hidden: [12, 12], architecture, embedding: { periodic: { x: 2 }, fourier: { features: 8 } }, factorization: {}, seed: 5 }, { inputs: ['x', 't'], outputs: 1 });
      net.gates.forEach((g) => g.assign(tf.tensor1d([0.6])));
      const viaTaylor = partials(net, { x, t }, [...TERMS], { method: 'taylor' });
      // A wrapper that is not the network's own forward takes nested reverse mode.
      const viaReverse = partials((p) => tf.mul(net.forward(p), 1), { x, t }, [...TERMS], { method: 'reverse' });
      for (const term of TERMS) expectClose(viaTaylor[term].dataSync(), viaReverse[term].dataSync(), 2e-5, `${architecture} ${term}`);
      const [, u_x, u_xx] = taylor(net, { x, t }, 'x', 2);
      expectClose(u_xx.dataSync(), viaReverse.u_xx.dataSync(), 2e-5, `${architecture} taylor() u_xx`);
      expectClose(u_x.dataSync(), viaReverse.u_x.dataSync(), 2e-5, `${architecture} taylor() u_x`);
      tf.dispose([u_x, u_xx, ...Object.values(viaTaylor), ...Object.values(viaReverse)]);
      net.dispose();
    }
    tf.dispose([x, t]);
  });

  it('is exactly periodic in an input with a periodic embedding: u and its derivatives repeat after the period', () => {
    for (const architecture of ['mlp', 'modified', 'pirate'] as const) {
      const net = new Network({ hidden: [16, 16], architecture, embedding: { periodic: { x: 0.7 }, fourier: { features: 16, scale: 2 } }, seed: 2 }, { inputs: ['x', 't'], outputs: 1 });
      net.gates.forEach((g) => g.assign(tf.tensor1d([0.5])));
      const x = tf.linspace(-1, 1, 33).reshape([33, 1]) as tf.Tensor2D;
      const t = tf.fill([33, 1], 0.3) as tf.Tensor2D;
      const shifted = tf.add(x, 3 * 0.7) as tf.Tensor2D;
      const a = partials(net, { x, t }, ['u', 'u_x', 'u_xx']);
      const b = partials(net, { x: shifted, t }, ['u', 'u_x', 'u_xx']);
      // float32: cos(ω (x + 3L)) differs from cos(ω x) by the rounding of the argument (measured: 1e-6 for u,
      // 3e-5 for u_xx relative, the second derivative scaling ω² and the Fourier scale's square).
      for (const [term, tol] of [['u', 1e-5], ['u_x', 2e-5], ['u_xx', 1e-4]] as const) expectClose(b[term].dataSync(), a[term].dataSync(), tol, `${architecture} ${term}(x + 3L)`);
      tf.dispose([x, t, shifted, ...Object.values(a), ...Object.values(b)]);
      net.dispose();
    }
  });

  it('starts a factorised network as the plain network of the same seed (W = exp(s) V with V = W0 / exp(s))', () => {
    const x = tf.randomUniform([20, 2], -1, 1, 'float32', 9) as tf.Tensor2D;
    for (const architecture of ['mlp', 'modified'] as const) {
      const plain = new Network({ hidden: [10, 10], architecture, embedding: { fourier: { features: 6 } }, seed: 11 }, { inputs: ['x', 't'], outputs: 2 });
      const factorised = new Network({ hidden: [10, 10], architecture, embedding: { fourier: { features: 6 } }, factorization: { mean: 1, std: 0.5 }, seed: 11 }, { inputs: ['x', 't'], outputs: 2 });
      const [a, b] = [plain.forward(x), factorised.forward(x)];
      expectClose(b.dataSync(), a.dataSync(), 1e-6, `${architecture} factorised at initialisation`);
      expect(Object.keys(factorised.stateDict())).toContain('hidden.0.scale');
      tf.dispose([a, b]);
      plain.dispose();
      factorised.dispose();
    }
    x.dispose();
  });

  it('starts a PirateNet as its output layer applied to the embedding (every gate alpha = 0)', () => {
    const net = new Network({ hidden: [8, 8, 8], architecture: 'pirate', embedding: { fourier: { features: 8 } }, seed: 4 }, { inputs: ['x', 't'], outputs: 1 });
    const x = tf.randomUniform([15, 2], -1, 1, 'float32', 1) as tf.Tensor2D;
    const dict = net.stateDict();
    const B = tf.tensor2d(dict['embedding.fourier.B'] as number[][]);
    const want = tf.tidy(() => {
      const h = tf.concat([tf.cos(tf.matMul(x, B)), tf.sin(tf.matMul(x, B))], 1);
      return tf.add(tf.matMul(h, tf.tensor2d(dict['output.weight'] as number[][]).transpose()), tf.tensor1d(dict['output.bias'] as number[]));
    });
    const got = net.forward(x);
    expectClose(got.dataSync(), want.dataSync(), 1e-5, 'PirateNet at initialisation');
    tf.dispose([x, B, want, got]);
    net.dispose();
  });

  it('round-trips its weights (state dict, JSON) and refuses a damaged state dict by name, changing nothing', () => {
    const before = tf.memory().numTensors;
    const options: NetworkOptions = { hidden: [6, 6], architecture: 'modified', embedding: { periodic: { x: { period: 2, trainable: true } } }, factorization: {} };
    const net = new Network(options, { inputs: ['x', 't'], outputs: 1 });
    const copy = Network.fromJSON(JSON.parse(JSON.stringify(net)));
    const x = tf.randomUniform([10, 2], -1, 1, 'float32', 2) as tf.Tensor2D;
    const [a, b] = [net.forward(x), copy.forward(x)];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(net.variables.map((v) => v.name)).toHaveLength(copy.variables.length);
    const dict = net.stateDict();
    const { ['hidden.1.bias']: _, ...missing } = dict;
    expect(() => copy.loadStateDict(missing)).toThrow("Argument 'weights' passed to 'Network.loadStateDict' lacks 'hidden.1.bias'");
    expect(() => copy.loadStateDict({ ...dict, 'hidden.1.bais': [0] })).toThrow(/Unknown key 'hidden.1.bais' in weights passed to 'Network.loadStateDict'.*Did you mean 'hidden.1.bias'\?/);
    expect(() => copy.loadStateDict({ ...dict, 'hidden.0.direction': [[1, 2]] })).toThrow("weights['hidden.0.direction'] must be a [6][3] array of finite numbers.");
    expect(() => copy.loadStateDict({ ...dict, 'embedding.periodic.x': [NaN] })).toThrow("weights['embedding.periodic.x'] must be an array of 1 finite number");
    const c = copy.forward(x);
    expect(Array.from(c.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b, c]);
    net.dispose();
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('normalises the inputs that pass through to [-1, 1] from their ranges (normalize), keeping periodic inputs in their own coordinates', () => {
    const ranges = { x: [0, 2 * Math.PI], t: [0.4, 0.5] } as const;
    const net = new Network({ hidden: [10, 10], embedding: { periodic: { x: 2 * Math.PI } }, normalize: true, seed: 8 }, { inputs: ['x', 't'], outputs: 1, ranges });
    // The same weights without normalisation see t' = (t - 0.45) / 0.05 where the first sees t.
    const plain = new Network({ hidden: [10, 10], embedding: { periodic: { x: 2 * Math.PI } }, seed: 8 }, { inputs: ['x', 't'], outputs: 1 });
    plain.loadStateDict(net.stateDict());
    const x = tf.randomUniform([20, 1], 0, 6, 'float32', 1) as tf.Tensor2D;
    const t = tf.randomUniform([20, 1], 0.4, 0.5, 'float32', 2) as tf.Tensor2D;
    const tn = tf.div(tf.sub(t, 0.45), 0.05) as tf.Tensor2D;
    const [a, b] = [net.forward({ x, t }), plain.forward({ x, t: tn })];
    expectClose(a.dataSync(), b.dataSync(), 1e-5, 'normalised forward');
    // Taylor mode sees the scaling: d/dt of the normalised network is 20 d/dt' of the plain one.
    const da = partials(net, { x, t }, ['u_t', 'u_xx'], { method: 'taylor' });
    const db = partials(plain, { x, t: tn }, ['u_t', 'u_xx'], { method: 'taylor' });
    expectClose(da.u_t.dataSync(), Array.from(db.u_t.dataSync(), (v) => 20 * v), 1e-4, 'u_t');
    expectClose(da.u_xx.dataSync(), db.u_xx.dataSync(), 1e-4, 'u_xx');
    const copy = Network.fromJSON(JSON.parse(JSON.stringify(net)));
    const c = copy.forward({ x, t });
    expect(Array.from(c.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(() => new Network({ normalize: true }, { inputs: ['x', 't'], outputs: 1, ranges: { x: [0, 1] } })).toThrow("Argument 'io.ranges' passed to 'Network' must give a finite range [lo, hi], lo < hi, for every input with options.normalize, but 't' has undefined.");
    tf.dispose([x, t, tn, a, b, c, ...Object.values(da), ...Object.values(db)]);
    [net, plain, copy].forEach((n) => n.dispose());
  });

  it('trains its trainable variables only: a fixed Fourier matrix and fixed periods are not among them', () => {
    const fixed = new Network({ hidden: [4], embedding: { periodic: { x: 2 }, fourier: { features: 4 } } }, { inputs: ['x', 't'], outputs: 1 });
    const trained = new Network({ hidden: [4], embedding: { periodic: { x: { period: 2, trainable: true } }, fourier: { features: 4, trainable: true } } }, { inputs: ['x', 't'], outputs: 1 });
    expect(trained.variables.length - fixed.variables.length).toBe(2);
    expect(fixed.variables.every((v) => v.trainable)).toBe(true);
    fixed.dispose();
    trained.dispose();
  });
});

it('checks its options by name', () => {
  const make = (options: NetworkOptions) => () => new Network(options, { inputs: ['x', 't'], outputs: 1 }).dispose();
  expect(make({ architecture: 'resnet' as never })).toThrow("Option 'architecture' passed to 'Network' must be one of 'mlp', 'modified', 'pirate', but got \"resnet\".");
  expect(make({ architecture: 'modified', hidden: [16, 8] })).toThrow("Option 'hidden' passed to 'Network' must be equal widths for architecture 'modified' (its gates U and V have one width), but got [16,8].");
  expect(make({ embedding: { periodic: { y: 2 } } })).toThrow("Option 'embedding.periodic.y' passed to 'Network' must be keyed by an input of the network [x, t], but got \"y\".");
  expect(make({ embedding: { periodic: { x: -1 } } })).toThrow("Option 'embedding.periodic.x.period' passed to 'Network' must be a finite number > 0, but got -1.");
  expect(make({ embedding: { fourier: { features: 7 } } })).toThrow("Option 'embedding.fourier.features' passed to 'Network' must be an even integer >= 2");
  expect(make({ embedding: { fourrier: {} } as never })).toThrow("Unknown key 'fourrier' in embedding passed to 'Network'; valid keys: periodic, fourier. Did you mean 'fourier'?");
  expect(make({ factorization: { std: -0.1 } })).toThrow("Option 'factorization.std' passed to 'Network' must be a finite number >= 0, but got -0.1.");
  expect(() => new Network({}, { inputs: ['x', 'x'], outputs: 1 })).toThrow("Argument 'io.inputs' passed to 'Network' must name the inputs by distinct non-empty strings");
  // The plain options still make the library's MLP in the Trainer; Network itself accepts them too.
  const plain = new Network({}, { inputs: ['x'], outputs: 1 });
  expect(plain.sizes).toEqual([1, 20, 20, 20, 1]);
  plain.dispose();
  expect(new MLP({ sizes: [1, 2, 1] })).toBeInstanceOf(MLP);
});
