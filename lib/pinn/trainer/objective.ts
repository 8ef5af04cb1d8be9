import * as tf from '@tensorflow/tfjs';

import { PointwiseModel } from '../../derivatives/index.js';
import { dropTapeAfterError } from '../../internals/engine.js';
import { Reads, read, readSync } from '../../internals/reads.js';
import { Batch, TensorBatch } from '../batch.js';
import { LossAdaptation, LossShare, LossWeights, lossParts } from '../loss/parts.js';
import { TransformTermsCache, withTransformCache } from '../loss/transform_cache.js';
import { Problem } from '../types.js';

/** The loss at the current parameters, its parts read back, and one gradient per parameter tensor. */
export interface LossAndGrads {
  /** The loss, read back. */
  loss: number;
  /** Its weighted parts by name, read back. */
  parts: Record<string, number>;
  /** grads[i] belongs to params[i] (zeros where the loss does not depend on it); the caller disposes them. */
  grads: tf.Tensor[];
}

/**
 * The loss and its gradients with respect to `params` (the trained tensors, in order).
 * `k` gives the problem's trainable parameter values; it is called inside the
 * recorded loss so that gradients reach their raw variables.
 *
 * @example
 * const { loss, grads } = lossAndGrads(problem, net, batch, weights, net.variables);
 * grads.forEach((g) => g.dispose());
 */
export function lossAndGrads(problem: Problem, net: PointwiseModel, batch: TensorBatch, weights: LossWeights, params: tf.Variable[], k: () => Record<string, tf.Scalar> = () => ({})): LossAndGrads {
  return readSync(lossAndGradsReads(problem, net, batch, weights, params, k, 'none'));
}

/** What else `lossAndGradsReads` reads back with the loss: nothing, whether the gradient is finite, or the gradient flattened. */
export type GradientRead = 'none' | 'finite' | 'flat';

/** {@link LossAndGrads} plus what was asked to be read of the gradient. */
export interface LossAndGradsRead extends LossAndGrads {
  /** With 'finite': whether every gradient entry is finite. */
  finite?: boolean;
  /** With 'flat': the gradients as one flat vector (as `flatValues` flattens the trained tensors). */
  flat?: Float64Array;
  /** With `adapt`: the weight each part was multiplied by (fixed times adaptive; see LossParts.weights). */
  weights?: Record<string, number>;
  /** With causal weights (`adapt.causal`): the smallest of them. */
  causalMinWeight?: number;
}

/**
 * {@link lossAndGrads} as {@link Reads}, reading the loss, its parts and (`gradient`) the gradient's
 * finiteness or values in one go: one read-back per evaluation, synchronous or not. With `cache`, the output
 * transform's terms are computed once per point set (the gradient is by `params` only, never by the points).
 * With `share`, the loss of one part of the points (a worker's shard, see {@link LossShare}); with `adapt`,
 * adaptive and causal weights (see {@link LossAdaptation}), the smallest causal weight read with the loss.
 *
 * @example
 * const { loss, grads, finite } = await readAsync(lossAndGradsReads(problem, net, batch, weights, vars, k, 'finite'));
 * grads.forEach((g) => g.dispose());
 */
export function* lossAndGradsReads(
  problem: Problem,
  net: PointwiseModel,
  batch: TensorBatch,
  weights: LossWeights,
  params: tf.Variable[],
  k: () => Record<string, tf.Scalar>,
  gradient: GradientRead,
  cache?: TransformTermsCache,
  share?: LossShare,
  adapt?: LossAdaptation,
): Reads<LossAndGradsRead> {
  let kept: Record<string, tf.Scalar> = {};
  let minWeight: tf.Scalar | undefined;
  let weightsUsed: Record<string, number> = {};
  let result: { value: tf.Scalar; grads: tf.NamedTensorMap };
  try {
    result = tf.variableGrads(() => {
      const { total, parts, weights: used, causalMinWeight } = withTransformCache(cache, () => lossParts(problem, net, batch, weights, k(), share, adapt));
      kept = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, tf.keep(v)]));
      weightsUsed = used;
      if (causalMinWeight !== undefined) minWeight = tf.keep(causalMinWeight);
      return total;
    }, params);
  } catch (error) {
    // tfjs leaves the tape (and the tensors saved on it) behind after an error in the loss; a failed step must not leak.
    Object.values(kept).forEach((v) => v.dispose());
    minWeight?.dispose();
    dropTapeAfterError();
    throw error;
  }
  const { value } = result;
  // A parameter the loss does not reach (the output bias of a pure-Neumann problem) has gradient zero.
  const grads = params.map((v) => result.grads[v.name] ?? tf.zerosLike(v));
  const names = Object.keys(kept);
  // On cpu and wasm a read costs no kernel: the flat gradient is read piece by piece and joined here, not by
  // 2 kernels per tensor (reshape, concat); elsewhere one concatenated read beats one read per tensor.
  const piecewise = gradient === 'flat' && READ_IS_CHEAP.includes(tf.getBackend());
  const extra = gradient === 'finite' ? [finiteFlag(grads)] : gradient === 'flat' && !piecewise ? [flatten(grads)] : [];
  // The smallest causal weight is read with the parts (no read-back of its own).
  const also = minWeight === undefined ? [] : [minWeight];
  let values: tf.TypedArray[];
  try {
    values = yield* read([value, ...names.map((n) => kept[n]), ...also, ...extra], piecewise ? grads : []);
  } catch (error) {
    grads.forEach((g) => g.dispose());
    throw error;
  }
  const out: LossAndGradsRead = { loss: values[0][0], parts: Object.fromEntries(names.map((n, i) => [n, values[i + 1][0]])), grads };
  const at = names.length + 1 + also.length;
  if (adapt !== undefined) out.weights = weightsUsed;
  if (minWeight !== undefined) out.causalMinWeight = values[names.length + 1][0];
  if (gradient === 'finite') out.finite = values[at][0] === 1;
  if (gradient === 'flat') out.flat = piecewise ? joined(values.slice(at)) : Float64Array.from(values[at]);
  return out;
}

/** Backends whose reads are a copy from memory, without a kernel or a transfer. */
const READ_IS_CHEAP = ['cpu', 'wasm'];

/** The arrays end to end as one Float64Array. */
function joined(arrays: tf.TypedArray[]): Float64Array {
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/**
 * A loss evaluation a {@link Trainer} can be given instead of its own (see Trainer.setLossEvaluator):
 * the same numbers as `lossAndGradsReads` at the trained tensors' current values on `batch`,
 * computed elsewhere (the Node entry's parallelTrainer: point shards on worker threads).
 *
 * @example
 * trainer.setLossEvaluator(evaluator); // from the next loss evaluation on; trainer.dispose() disposes it
 * const { loss, grads } = readSync(evaluator.lossReads(batch, trainer.trainables(), 'none'));
 */
export interface LossEvaluator {
  /** The loss, parts and gradients (new tensors, the caller disposes them) with what `gradient` asks read too. */
  lossReads(batch: Batch, params: tf.Variable[], gradient: GradientRead): Reads<LossAndGradsRead>;
  /** Frees what it holds (ends its threads). */
  dispose(): void;
}

/** 1 when every gradient entry is finite, else 0 (a scalar; 1 for no gradients). */
function finiteFlag(grads: tf.Tensor[]): tf.Tensor {
  if (grads.length === 0) return tf.scalar(1);
  return tf.tidy(() => tf.min(tf.stack(grads.map((g) => tf.min(tf.cast(tf.isFinite(g), 'float32'))))));
}

/** The tensors concatenated into one flat vector, in order. */
function flatten(tensors: tf.Tensor[]): tf.Tensor {
  return tf.tidy(() => tf.concat(tensors.map((v) => v.reshape([-1]))));
}

/**
 * The tensors as one flat Float64 vector (in order, each flattened row-major).
 *
 * @example
 * const x = flatValues(net.variables);
 * setFlatValues(net.variables, x); // no change
 */
export function flatValues(tensors: tf.Tensor[]): Float64Array {
  return readSync(flatValuesReads(tensors));
}

/**
 * {@link flatValues} as {@link Reads}.
 *
 * @example
 * const x = await readAsync(flatValuesReads(net.variables));
 * setFlatValues(net.variables, x); // no change
 */
export function* flatValuesReads(tensors: tf.Tensor[]): Reads<Float64Array> {
  const [values] = yield* read([flatten(tensors)]);
  return Float64Array.from(values);
}

/**
 * Writes a flat vector from {@link flatValues} back into the variables (as float32).
 *
 * @example
 * const x = flatValues(net.variables);
 * setFlatValues(net.variables, x); // no change
 */
export function setFlatValues(vars: tf.Variable[], x: Float64Array): void {
  let at = 0;
  tf.tidy(() => {
    for (const v of vars) {
      v.assign(tf.tensor(Float32Array.from(x.subarray(at, at + v.size)), v.shape, 'float32'));
      at += v.size;
    }
  });
}
