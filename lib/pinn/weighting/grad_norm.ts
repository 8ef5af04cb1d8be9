import * as tf from '@tensorflow/tfjs';

import { dropTapeAfterError } from '../../internals/engine.js';
import { Reads, read } from '../../internals/reads.js';
import { lossParts } from '../loss/parts.js';
import { withTransformCache } from '../loss/transform_cache.js';
import { LossSetting } from './setting.js';

/**
 * Each loss part's gradient norm ||grad L_i|| over all trained tensors, L_i the part without its fixed
 * weight (the norm of the weighted part divided by the weight; a part of weight 0 gets NaN), by part name:
 * the measure of gradient-norm balancing (Wang, Teng & Perdikaris 2021). One forward and backward pass
 * per part, all read back at once. With causal weights in `setting.adapt` the residual parts are the
 * causally weighted ones, as the optimiser sees them.
 *
 * @example
 * const norms = readSync(gradientNormsReads(setting)); // { residual: 12.3, initial: 0.04, ... }
 */
export function* gradientNormsReads(setting: LossSetting): Reads<Record<string, number>> {
  const { problem, net, tensors, weights, params, k, cache, adapt } = setting;
  let names = null as string[] | null;
  let fixed: Record<string, number> = {};
  const norms: tf.Scalar[] = [];
  try {
    for (let p = 0; names === null || p < names.length; p++) {
      const { value, grads } = tf.variableGrads(() => {
        const loss = withTransformCache(cache, () => lossParts(problem, net, tensors, weights, k(), undefined, adapt));
        names ??= Object.keys(loss.parts);
        fixed = loss.weights;
        return loss.parts[names[p]];
      }, params);
      norms.push(tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))) as tf.Scalar));
      value.dispose();
      tf.dispose(Object.values(grads));
    }
  } catch (error) {
    tf.dispose(norms);
    dropTapeAfterError();
    throw error;
  }
  const values = yield* read(norms);
  return Object.fromEntries((names ?? []).map((name, i) => [name, values[i][0] / fixed[name]]));
}
