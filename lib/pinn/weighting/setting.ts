import * as tf from '@tensorflow/tfjs';

import { PointwiseModel } from '../../derivatives/index.js';
import { Batch, TensorBatch } from '../batch.js';
import { LossAdaptation, LossWeights } from '../loss/parts.js';
import { TransformTermsCache } from '../loss/transform_cache.js';
import { Problem } from '../types.js';

/** Where a trainer's loss is evaluated, as the balancing schemes measure it. */
export interface LossSetting {
  problem: Problem;
  net: PointwiseModel;
  /** The points (plain arrays; the NTK scheme subsamples them). */
  batch: Batch;
  /** The same points as tensors. */
  tensors: TensorBatch;
  /** The fixed weights (options.weights). */
  weights: LossWeights;
  /** The trained tensors (Trainer.trainables()): the gradients are taken with respect to all of them. */
  params: tf.Variable[];
  /** The problem's trainable parameters' values (called inside the recorded loss). */
  k: () => Record<string, tf.Scalar>;
  /** The output transform's cached terms at `tensors` (the trainer's cache). */
  cache?: TransformTermsCache;
  /** The causal weighting in effect (no adaptive scale: the schemes measure the parts without it). */
  adapt?: LossAdaptation;
}
