import * as tf from '@tensorflow/tfjs';
import { afterEach, expect, it } from 'vitest';

import { MLP, partials } from '../../../lib/index.js';
import { fusedJetSwitch, layerSwitch, simdSwitch } from '../../../lib/taylor/fused/switches.js';
import { hasRelaxedMadd } from '../../../lib/taylor/fused/wasm/encoder.js';
import { describeOnBackends } from '../../helpers/backends.js';
import { FusedCase, inputGradients, maxRelative, valuesAndGrads } from '../../helpers/fused_cases.js';

// The fused jet kernel against the separate tf ops it replaces (the differentiable reference), with its
// WebAssembly SIMD loops and with its JavaScript loops: the requested derivatives and their weight gradients.
// Shapes include widths that are not multiples of four (the SIMD loops' scalar tails) and two outputs.
// On cpu, values without a gradient come from the plain-array path in every run (they agree exactly); the weight
// gradients there compare the fused kernel with the tf ops.

const CASES: FusedCase[] = [
  { sizes: [2, 20, 20, 20, 20, 1], activation: 'tanh', terms: ['u', 'u_t', 'u_x', 'u_xx'], n: 257 },
  { sizes: [2, 7, 13, 1], activation: 'tanh', terms: ['u_xxxx', 'u_xt'], n: 33 },
  { sizes: [2, 6, 5, 2], activation: 'sigmoid', terms: ['u_x', 'v_xx', 'u_t'], outputs: ['u', 'v'], n: 19 },
  { sizes: [2, 30, 29, 1], activation: 'tanh', terms: ['u_x', 'u_tt'], n: 21 },
  { sizes: [2, 9, 3], activation: 'sin', terms: ['u_xx', 'w_t'], outputs: ['u', 'v', 'w'], n: 3 },
];

type Path = 'tf ops' | 'fused, JavaScript loops' | 'fused, SIMD loops' | 'fused, SIMD layer loops';

function run(c: FusedCase, path: Path): { values: Float32Array[]; grads: Float32Array[] } {
  fusedJetSwitch.enabled = path !== 'tf ops';
  simdSwitch.enabled = path === 'fused, SIMD loops' || path === 'fused, SIMD layer loops';
  layerSwitch.enabled = path === 'fused, SIMD layer loops';
  return valuesAndGrads(c);
}

describeOnBackends('fused jet kernel', (backend) => {
  afterEach(() => {
    fusedJetSwitch.enabled = true;
    simdSwitch.enabled = true;
    layerSwitch.enabled = 'auto';
  });

  for (const c of CASES) {
    it(`${c.activation} ${c.sizes.join('-')} ${c.terms.join(',')}: values and weight gradients equal the tf ops (1e-5 of scale)`, () => {
      const before = tf.memory().numTensors;
      const reference = run(c, 'tf ops');
      const paths: Path[] = backend === 'wasm' ? ['fused, JavaScript loops', 'fused, SIMD loops', 'fused, SIMD layer loops'] : ['fused, JavaScript loops'];
      for (const path of paths) {
        const got = run(c, path);
        const [dv, dg] = [maxRelative(got.values, reference.values), maxRelative(got.grads, reference.grads)];
        expect(dv, `${path}: values`).toBeLessThan(1e-5);
        expect(dg, `${path}: weight gradients`).toBeLessThan(1e-5);
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  if (backend === 'wasm') {
    // With relaxed SIMD (Chrome, Node 22+) the layer loops' sums are fused multiply-adds: the cases above bound them.
    it.skipIf(hasRelaxedMadd())('the SIMD layer loops give the bits of the backend product with the separate SIMD loops (same sums in the same order)', () => {
      // Widths with 4-column vectors in pairs, a single vector and a scalar tail; K = 4 and K = 6 coefficients.
      for (const c of [CASES[0], CASES[1], CASES[3]]) {
        const [layers, separate] = [run(c, 'fused, SIMD layer loops'), run(c, 'fused, SIMD loops')];
        layers.values.forEach((v, i) => expect(Array.from(v), `${c.sizes.join('-')} value ${i}`).toEqual(Array.from(separate.values[i])));
        layers.grads.forEach((g, i) => expect(Array.from(g), `${c.sizes.join('-')} gradient ${i}`).toEqual(Array.from(separate.grads[i])));
      }
    });
  }

  it('a recorded weight gradient (a second derivative through the kernel) equals the tf ops', () => {
    const second = (fused: boolean) => {
      fusedJetSwitch.enabled = fused;
      const net = new MLP({ sizes: [2, 6, 5, 1], activation: 'tanh', seed: 9 });
      const x = tf.randomUniform([17, 1], -1, 1, 'float32', 4) as tf.Tensor2D;
      const t = tf.randomUniform([17, 1], 0, 1, 'float32', 5) as tf.Tensor2D;
      const w = net.variables[2];
      // d/dx of |d/dW sum(u_xx)|^2: the inner weight gradient is recorded, so the kernel's gradient must be differentiable.
      const out = tf.grad((xx: tf.Tensor) => {
        const { value, grads } = tf.variableGrads(() => tf.sum(partials(net, { x: xx as tf.Tensor2D, t }, ['u_xx']).u_xx) as tf.Scalar, [w]);
        value.dispose();
        return tf.sum(tf.square(grads[w.name])) as tf.Scalar;
      })(x).dataSync() as Float32Array;
      net.dispose();
      tf.dispose([x, t]);
      return out;
    };
    const [got, want] = [second(true), second(false)];
    expect(maxRelative([got], [want])).toBeLessThan(1e-4);
  });

  it('gradients with respect to the input columns (passed to the kernel side by side) equal the tf ops', () => {
    // The kernel interleaves x and t itself and splits d/dpoints back into one gradient per column.
    const inputGrads = (fused: boolean) => {
      fusedJetSwitch.enabled = fused;
      return inputGradients();
    };
    const before = tf.memory().numTensors;
    const [got, want] = [inputGrads(true), inputGrads(false)];
    expect(maxRelative(got, want)).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs the fused kernels (forward and gradient) where it applies, and the tf ops when switched off', async () => {
    const net = new MLP({ sizes: [2, 20, 20, 1], activation: 'tanh', seed: 1 });
    const x = tf.randomUniform([50, 1]) as tf.Tensor2D;
    const t = tf.randomUniform([50, 1]) as tf.Tensor2D;
    const step = () => {
      const { value, grads } = tf.variableGrads(() => tf.sum(partials(net, { x, t }, ['u_xx']).u_xx) as tf.Scalar, net.variables);
      value.dispose();
      tf.dispose(Object.values(grads));
    };
    const names = async () => (await tf.profile(step)).kernels.map((k) => k.name);
    const on = await names();
    // A training step's gradient runs unrecorded: the variant whose gradient saves only the scratch tensor.
    expect(on).toContain('TfjsPinnMlpJetOnce');
    expect(on).toContain('TfjsPinnMlpJetGrad');
    // The tape clones what it saves (one Identity each): the scratch tensor, not the 6 weights and 2 columns too.
    expect(on.filter((k) => k === 'Identity').length).toBeLessThanOrEqual(5);
    fusedJetSwitch.enabled = false;
    const off = await names();
    expect(off.filter((k) => k.startsWith('TfjsPinnMlpJet'))).toEqual([]);
    expect(off.length).toBeGreaterThan(on.length);
    net.dispose();
    tf.dispose([x, t]);
  });

  it('a large pass under a gradient takes the fused kernel with SIMD loops on wasm only (40,000 stacked rows)', async () => {
    const net = new MLP({ sizes: [2, 8, 1], activation: 'tanh', seed: 1 });
    const x = tf.randomUniform([10_000, 1]) as tf.Tensor2D;
    const t = tf.randomUniform([10_000, 1]) as tf.Tensor2D;
    const names = (await tf.profile(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(partials(net, { x, t }, ['u', 'u_x', 'u_t', 'u_xx'], { chunkSize: 10_000 }).u_xx) as tf.Scalar, net.variables);
      value.dispose();
      tf.dispose(Object.values(grads));
    })).kernels.map((k) => k.name);
    expect(names.includes('TfjsPinnMlpJetGrad')).toBe(backend === 'wasm');
    net.dispose();
    tf.dispose([x, t]);
  });
});
