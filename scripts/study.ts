import * as tf from '@tensorflow/tfjs';

import { TestNet, partial } from '../lib/index.js';

/** One derivative of the study, computed both ways. */
export interface BothWays {
  /** Gradient of the sum of the outputs. */
  sum: number[];
  /** Back-propagating a seed of ones shaped like the output. */
  ones: number[];
}

/** What the reference study prints, as numbers. */
export interface StudyResult {
  x: number[];
  t: number[];
  uShape: number[];
  u: number[];
  u_x: BothWays;
  u_t: BothWays;
  u_xx: BothWays;
  /** Largest |sum - ones| over the three derivatives: zero, the two ways are one computation. */
  maxDifference: number;
}

/** The study's grid: a 5 x 7 meshgrid, x in [-1, 1] (fastest) and t in [0, 1], as [35,1] columns. */
export function studyGrid(): { x: number[]; t: number[] } {
  const xs = [-1, -0.5, 0, 0.5, 1];
  const ts = Array.from({ length: 7 }, (_, i) => i / 6);
  return { x: ts.flatMap(() => xs), t: ts.flatMap((t) => xs.map(() => t)) };
}

/**
 * Reproduces the study: u on the grid, du/dx and du/dt both ways, and d2u/dx2
 * by applying the same step to the first derivative, both ways.
 */
export function runStudy(net: TestNet): StudyResult {
  const { x: xv, t: tv } = studyGrid();
  let result: StudyResult | undefined;
  tf.tidy(() => {
    const x = tf.tensor2d(xv, [xv.length, 1]);
    const t = tf.tensor2d(tv, [tv.length, 1]);
    const u = net.forward(x, t);
    const both = (f: (method: 'sum' | 'ones') => tf.Tensor): BothWays => ({
      sum: Array.from(f('sum').dataSync()),
      ones: Array.from(f('ones').dataSync()),
    });
    const u_x = both((seed) => partial((c) => net.forward(c, t), x, 1, { seed }));
    const u_t = both((seed) => partial((c) => net.forward(x, c), t, 1, { seed }));
    const u_xx = both((seed) => partial((c) => net.forward(c, t), x, 2, { seed }));
    const maxDifference = Math.max(
      ...[u_x, u_t, u_xx].flatMap((d) => d.sum.map((v, i) => Math.abs(v - d.ones[i]))),
    );
    result = { x: xv, t: tv, uShape: u.shape, u: Array.from(u.dataSync()), u_x, u_t, u_xx, maxDifference };
  });
  return result!;
}
