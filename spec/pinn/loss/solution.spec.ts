import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

import { MLP, heatProblem } from '../../../lib/index.js';
import { residuals } from '../../../lib/pinn/loss/residuals.js';
import { describeOnBackends } from '../../helpers/backends.js';

// partials probes a function it has not seen (is it a library MLP's forward?). The trainer's solution under a
// function transform must be one function across steps, or every loss evaluation pays an extra forward pass.
describeOnBackends('solution of a problem with a function transform', () => {
  it('runs the network once per residual evaluation after the first, not twice', () => {
    const base = heatProblem(0.1);
    const problem = { ...base, transform: (n: tf.Tensor2D, p: Record<string, tf.Tensor2D>) => tf.mul(n, p.t) };
    const net = new MLP({ sizes: [2, 8, 1], seed: 1, inputs: problem.inputs });
    const forward = net.forward.bind(net);
    let calls = 0;
    (net as unknown as { forward: typeof forward }).forward = ((...args: Parameters<typeof forward>) => {
      calls++;
      return forward(...args);
    }) as typeof forward;
    const p = { x: tf.tensor2d([0.1, 0.5, 0.9], [3, 1]), t: tf.tensor2d([0.2, 0.4, 0.6], [3, 1]) };
    const counts = [0, 1, 2].map(() => {
      const before = calls;
      tf.dispose(residuals(problem, net, p));
      return calls - before;
    });
    expect(counts[1]).toBe(1);
    expect(counts[2]).toBe(1);
    expect(counts[0]).toBeLessThanOrEqual(2); // the first one may probe
    tf.dispose(Object.values(p));
    net.dispose();
  });
});
