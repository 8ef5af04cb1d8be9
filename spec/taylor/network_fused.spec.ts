import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

import { Network, partials } from '../../lib/index.js';
import { fusedJetSwitch } from '../../lib/taylor/fused/switches.js';
import { describeOnBackends } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';

// A 'mlp' Network runs its dense chain in the fused kernel from the embedding's stacked jet; with the switch off
// the same derivatives come from the tf-op jet. Both must agree, also in their gradients, recorded or not.
const withFused = <T>(on: boolean, f: () => T): T => {
  const was = fusedJetSwitch.enabled;
  fusedJetSwitch.enabled = on;
  try {
    return f();
  } finally {
    fusedJetSwitch.enabled = was;
  }
};

describeOnBackends('fused kernel from a stacked input jet (Network, architecture mlp)', () => {
  const net = () => new Network({ hidden: [12, 12], embedding: { periodic: { x: 2 }, fourier: { features: 8, trainable: true } }, factorization: {}, seed: 3 }, { inputs: ['x', 't'], outputs: 1 });
  const x = () => tf.randomUniform([30, 1], -1, 1, 'float32', 5) as tf.Tensor2D;
  const t = () => tf.randomUniform([30, 1], 0, 1, 'float32', 6) as tf.Tensor2D;
  const terms = ['u', 'u_t', 'u_xx', 'u_xt', 'u_xxx'] as const;

  it('gives the derivatives the tf-op jet gives', async () => {
    const [n, xs, ts] = [net(), x(), t()];
    // The fused path is taken: its kernel runs (and the check below compares two different computations).
    const profile = await tf.profile(() => withFused(true, () => tf.dispose(Object.values(partials(n, { x: xs, t: ts }, [...terms])))));
    expect(profile.kernelNames).toContain('TfjsPinnMlpJet');
    const a = withFused(true, () => partials(n, { x: xs, t: ts }, [...terms]));
    const b = withFused(false, () => partials(n, { x: xs, t: ts }, [...terms]));
    for (const term of terms) expectClose(a[term].dataSync(), b[term].dataSync(), 2e-6, term);
    tf.dispose([xs, ts, ...Object.values(a), ...Object.values(b)]);
    n.dispose();
  });

  it('gives the weight gradient of a residual loss that the tf-op jet gives (factorised weights and a trainable B included)', () => {
    const [n, xs, ts] = [net(), x(), t()];
    const before = tf.memory().numTensors;
    const loss = () => {
      const d = partials(n, { x: xs, t: ts }, ['u', 'u_t', 'u_xx']);
      return tf.mean(tf.square(tf.add(tf.sub(d.u_t, tf.mul(d.u_xx, 0.01)), tf.pow(d.u, 3)))) as tf.Scalar;
    };
    const ga = withFused(true, () => tf.variableGrads(loss, n.variables));
    const gb = withFused(false, () => tf.variableGrads(loss, n.variables));
    expect(Object.keys(ga.grads)).toHaveLength(n.variables.length);
    for (const k of Object.keys(gb.grads)) expectClose(ga.grads[k].dataSync(), gb.grads[k].dataSync(), 2e-5, `d loss / d ${k}`);
    tf.dispose([ga.value, gb.value, ...Object.values(ga.grads), ...Object.values(gb.grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([xs, ts]);
    n.dispose();
  });

  it('differentiates a derivative again when the gradient is recorded (u_x differentiated in x gives u_xx)', () => {
    const [n, xs, ts] = [net(), x(), t()];
    const viaGrad = withFused(true, () => tf.grad((v: tf.Tensor) => partials(n, { x: v as tf.Tensor2D, t: ts }, ['u_x']).u_x.sum())(xs));
    const direct = withFused(false, () => partials(n, { x: xs, t: ts }, ['u_xx']).u_xx);
    expectClose(viaGrad.dataSync(), direct.dataSync(), 2e-5, 'd/dx u_x');
    tf.dispose([xs, ts, viaGrad, direct]);
    n.dispose();
  });
});
