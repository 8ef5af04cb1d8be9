import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

import { MLP, partial } from '../../lib/index.js';
import { describeOnBackends } from '../helpers/backends.js';
import { expectClose, goldenTolerance } from '../helpers/close.js';
import { expectGoldenAgreement, goldenCases } from '../helpers/golden.js';

const col = (v: number[]) => tf.tensor2d(v, [v.length, 1]);

describeOnBackends('agreement with PyTorch float64 autograd', () => {
  for (const c of goldenCases()) {
    it(`${c.name}: u and its partials to fourth order through partials`, () => {
      expectGoldenAgreement(c, 'reverse', 'through partials');
    });

    it(`${c.name}: the same through nested partial calls`, () => {
      const net = MLP.fromLayers(c.layers, c.activation);
      const x = col(c.x);
      const t = col(c.t);
      const u = (a: tf.Tensor2D, b: tf.Tensor2D) => net.forward(a, b);
      const uxxt = partial((tt) => partial((xx) => u(xx, tt), x, 2), t);
      const uxxxx = partial((xx) => u(xx, t), x, 4, { seed: 'ones' });
      expectClose(uxxt.dataSync(), c.partials.xxt, goldenTolerance(3), `${c.name} xxt`);
      expectClose(uxxxx.dataSync(), c.partials.xxxx, goldenTolerance(4), `${c.name} xxxx`);
      tf.dispose([x, t, uxxt, uxxxx]);
      net.dispose();
    });
  }
});

it('holds the three reference cases with their weights', () => {
  expect(goldenCases().map((c) => c.name)).toEqual(['testnet-seed-grid', 'mlp-tanh-20x3', 'mlp-sin-16x2']);
});
