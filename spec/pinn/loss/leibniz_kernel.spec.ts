import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

import { LeibnizTerm, leibnizKernel } from '../../../lib/pinn/loss/leibniz_kernel.js';
import { describeOnBackends } from '../../helpers/backends.js';

// The Leibniz-rule kernel (u terms of u = value + scale·N in one kernel) against the same sums as tf ops: values,
// gradients by every input, and a second derivative through the recorded gradient.

// Burgers-like: u, u_x, u_xx from N, N_x, N_xx (nets 0..2), scale s, s_x, s_xx (0..2), value g, g_x, g_xx (0..2).
const TERMS: LeibnizTerm[] = [
  { value: 0, products: [{ scale: 0, net: 0, c: 1 }] },
  { value: 1, products: [{ scale: 1, net: 0, c: 1 }, { scale: 0, net: 1, c: 1 }] },
  { value: 2, products: [{ scale: 2, net: 0, c: 1 }, { scale: 1, net: 1, c: 2 }, { scale: 0, net: 2, c: 1 }] },
];

const reference = (n: tf.Tensor[], s: tf.Tensor[], g: tf.Tensor[]) =>
  TERMS.map((t) => tf.addN([g[t.value], ...t.products.map((p) => tf.mul(tf.mul(s[p.scale], n[p.net]), p.c))]));

const columns = (seed: number, k: number, n: number) => Array.from({ length: k }, (_, i) => tf.randomNormal([n, 1], 0, 1, 'float32', seed + i) as tf.Tensor2D);

const close = (a: tf.Tensor, b: tf.Tensor, what: string) => {
  const [x, y] = [a.dataSync(), b.dataSync()];
  const scale = Math.max(1, ...Array.from(y, Math.abs));
  x.forEach((v, i) => expect(Math.abs(v - y[i]) / scale, `${what} at ${i}`).toBeLessThan(1e-6));
};

describeOnBackends('Leibniz kernel', () => {
  it('runs as one kernel here and equals the tf ops in value and in the gradient by every input', async () => {
    const before = tf.memory().numTensors;
    const [n, s, g] = [columns(1, 3, 37), columns(10, 3, 37), columns(20, 3, 37)];
    const all = [...n, ...s, ...g];
    const weights = columns(30, 3, 37);
    const loss = (use: 'kernel' | 'ops') => (...xs: tf.Tensor[]) => {
      const [nn, ss, gg] = [xs.slice(0, 3), xs.slice(3, 6), xs.slice(6)];
      const u = use === 'kernel' ? leibnizKernel(nn as tf.Tensor2D[], ss as tf.Tensor2D[], gg as tf.Tensor2D[], TERMS)! : reference(nn, ss, gg);
      return tf.addN(u.map((ui, i) => tf.sum(tf.mul(ui, weights[i])))) as tf.Scalar;
    };
    const kernels = (await tf.profile(() => tf.dispose(leibnizKernel(n, s, g, TERMS)!))).kernels.map((k) => k.name);
    expect(kernels).toEqual(['TfjsPinnLeibniz']);
    // Under one gradient (a training step) the variant whose gradient reads its scratch tensor runs, and only one input is cloned for the tape.
    const taped = (await tf.profile(() => tf.dispose(tf.grads(loss('kernel'))(all)))).kernels.map((k) => k.name);
    expect(taped.filter((k) => k.startsWith('TfjsPinnLeibniz'))).toEqual(['TfjsPinnLeibnizOnce', 'TfjsPinnLeibnizOnceGrad']);
    tf.tidy(() => {
      const got = leibnizKernel(n, s, g, TERMS)!;
      reference(n, s, g).forEach((r, i) => close(got[i], r, `u term ${i}`));
      const [gk, go] = [tf.grads(loss('kernel'))(all), tf.grads(loss('ops'))(all)];
      gk.forEach((d, i) => close(d, go[i], `gradient by input ${i}`));
    });
    tf.dispose([...all, ...weights]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('second derivatives through the recorded gradient (by N, then by the scale) equal the tf ops', () => {
    const [n, s, g] = [columns(1, 3, 11), columns(10, 3, 11), columns(20, 3, 11)];
    const second = (use: 'kernel' | 'ops') =>
      tf.grad((s0: tf.Tensor) =>
        tf.sum(tf.square(tf.grad((n2: tf.Tensor) => {
          const ss = [s0, s[1], s[2]] as tf.Tensor2D[];
          const nn = [n[0], n[1], n2] as tf.Tensor2D[];
          const u = use === 'kernel' ? leibnizKernel(nn, ss, g, TERMS)! : reference(nn, ss, g);
          return tf.sum(tf.square(u[2])) as tf.Scalar;
        })(n[2]))) as tf.Scalar,
      )(s[0]);
    tf.tidy(() => close(second('kernel'), second('ops'), 'd/ds of (d/dN_xx)^2'));
    tf.dispose([...n, ...s, ...g]);
  });
});
