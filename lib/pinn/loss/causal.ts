import * as tf from '@tensorflow/tfjs';

import { unrecorded } from '../../internals/engine.js';
import { checkKeys } from '../../internals/keys.js';
import { Problem } from '../types.js';

/**
 * Causal training (Wang, Sankaran & Perdikaris 2022, arXiv 2203.07404): the residual points, ordered by
 * the problem's time input, are split into `chunks` groups of (nearly) equal count; chunk i's loss
 * L_i is its mean squared residual, and it counts with weight w_i = exp(-epsilon · sum_{k<i} L_k),
 * held constant in the gradient, so later times are trained only once earlier ones fit.
 */
export interface CausalOptions {
  /** Time chunks M (each needs at least one residual point). @default 32 */
  chunks?: number;
  /** The causality parameter epsilon (0: all weights 1, the plain mean of the chunk losses). @default 1 */
  epsilon?: number;
}

/** {@link CausalOptions} with its defaults applied and checked. */
export type CheckedCausalOptions = Required<CausalOptions>;

/** The one home of the causal defaults (jaxpi's: 32 chunks, epsilon 1). */
export const CAUSAL_DEFAULTS: Readonly<CheckedCausalOptions> = Object.freeze({ chunks: 32, epsilon: 1 });

const show = (v: unknown) => (typeof v === 'number' ? String(v) : JSON.stringify(v));

/**
 * The Trainer's `causal` section with its defaults applied, or null (off); throws, naming the option, on a bad value.
 *
 * @example
 * checkCausalOptions({ chunks: 16 }); // { chunks: 16, epsilon: 1 }
 * checkCausalOptions({ chunks: 0 }); // throws: Option 'options.causal.chunks' passed to 'Trainer' must be an integer >= 1, but got 0.
 */
export function checkCausalOptions(causal: CausalOptions | null | undefined): CheckedCausalOptions | null {
  if (causal === undefined || causal === null) return null;
  const fail = (key: string, what: string, got: unknown): never => {
    throw new Error(`Option 'options.causal${key}' passed to 'Trainer' must be ${what}, but got ${show(got)}.`);
  };
  if (typeof causal !== 'object' || Array.isArray(causal)) fail('', 'an object or null', causal);
  checkKeys(causal, Object.keys(CAUSAL_DEFAULTS), "options.causal passed to 'Trainer'");
  const chunks = causal.chunks ?? CAUSAL_DEFAULTS.chunks;
  if (!Number.isInteger(chunks) || chunks < 1) fail('.chunks', 'an integer >= 1', chunks);
  const epsilon = causal.epsilon ?? CAUSAL_DEFAULTS.epsilon;
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || epsilon < 0) fail('.epsilon', 'a finite number >= 0', epsilon);
  return { chunks, epsilon };
}

/**
 * Throws, naming the option, when causal weights cannot apply to `problem`: it has no `time` input,
 * or fewer residual points (`interior`) than chunks.
 *
 * @example
 * checkCausalProblem(heatProblem(), { chunks: 32, epsilon: 1 }, 2000); // fine
 * checkCausalProblem(poisson2dProblem(), { chunks: 32, epsilon: 1 }, 2000); // throws: no time input
 */
export function checkCausalProblem(problem: Problem, causal: CheckedCausalOptions, interior: number): void {
  const where = "Option 'options.causal' passed to 'Trainer'";
  if (problem.time === undefined) {
    throw new Error(`${where} orders the residual points by time, but problem '${problem.name}' has no time input (its 'time' is not set; inputs: ${problem.inputs.join(', ')}); set options.causal to null.`);
  }
  if (interior < causal.chunks) {
    throw new Error(`${where} splits the residual points into ${causal.chunks} chunks (options.causal.chunks), but there are only ${interior} (options.sampling.domain): give at least one point per chunk.`);
  }
}

/**
 * The chunk averaging matrix C, [N, M]: C[j, i] = 1 / n_i when point j is in chunk i (n_i its points),
 * else 0, with the points ranked by time (ties by index) and rank r in chunk floor(r · M / N), so
 * chunks hold floor or ceil of N / M points. square(r)^T C is then the chunks' mean squared residuals.
 *
 * @example
 * const c = causalChunkMatrix(Float64Array.of(0.9, 0.1, 0.5, 0.3), 2); // chunk 0: points 1, 3; chunk 1: 2, 0
 * c.arraySync(); // [[0, 0.5], [0.5, 0], [0, 0.5], [0.5, 0]]
 */
export function causalChunkMatrix(times: ArrayLike<number>, chunks: number): tf.Tensor2D {
  const n = times.length;
  if (!Number.isInteger(chunks) || chunks < 1 || n < chunks) throw new Error(`'causalChunkMatrix' needs at least one point per chunk, but got ${n} points for ${chunks} chunks.`);
  const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => times[a] - times[b] || a - b);
  const chunkOf = new Int32Array(n);
  const counts = new Int32Array(chunks);
  order.forEach((j, rank) => {
    const i = Math.floor((rank * chunks) / n);
    chunkOf[j] = i;
    counts[i]++;
  });
  const values = new Float32Array(n * chunks);
  for (let j = 0; j < n; j++) values[j * chunks + chunkOf[j]] = 1 / counts[chunkOf[j]];
  return tf.tensor2d(values, [n, chunks]);
}

/** What {@link causalResidualLoss} gives: one loss per residual and the smallest weight. */
export interface CausalLoss {
  /** Per residual, mean_i w_i L_i (its chunk losses L_i weighted by the shared causal weights). */
  losses: tf.Scalar[];
  /** min_i w_i, the last chunk's weight: near 1 once the residual is small at all times. */
  minWeight: tf.Scalar;
  /** The weights w_i, [M] (constants of the gradient). */
  weights: tf.Tensor1D;
}

/**
 * The causal residual losses. Each residual r (one column [N,1] per residual of a system) has chunk
 * losses L_{r,i} = mean over chunk i of r^2 (see {@link causalChunkMatrix}); the weights are shared:
 * w_i = exp(-epsilon · sum_{k<i} sum_r L_{r,k}), the chunk losses summed over the residuals (unweighted),
 * so the whole system moves forward in time together; and residual r's loss is mean_i w_i L_{r,i}.
 * The weights carry no gradient. With epsilon 0 (or one chunk of equal points) it is the plain mean square.
 *
 * @example
 * const { losses, minWeight } = causalResidualLoss([r], causalChunkMatrix(t, 32), 1);
 * losses[0]; // replaces tf.mean(tf.square(r)) in the loss
 */
export function causalResidualLoss(rs: tf.Tensor2D[], chunks: tf.Tensor2D, epsilon: number): CausalLoss {
  const [n, m] = chunks.shape;
  rs.forEach((r, i) => {
    if (r.shape[0] !== n) throw new Error(`'causalResidualLoss': residual ${i} has ${r.shape[0]} rows, but the chunk matrix was made for ${n} points.`);
  });
  return tf.tidy(() => {
    // [N, R]^T x [N, M]: each residual's chunk means, one row per residual.
    const chunkLosses = tf.matMul(tf.square(rs.length === 1 ? rs[0] : tf.concat(rs, 1)), chunks, true, false) as tf.Tensor2D;
    // Off the tape: constants of the gradient, and no backward pass through them.
    const weights = unrecorded(() => tf.exp(tf.mul(tf.cumsum(tf.sum(chunkLosses, 0), 0, true), -epsilon))) as tf.Tensor1D;
    // [R, M] x [M, 1] / M: each residual's mean_i w_i L_i.
    const means = tf.div(tf.matMul(chunkLosses, weights.reshape([m, 1])), m);
    const losses = rs.length === 1 ? [means.reshape([]) as tf.Scalar] : (tf.unstack(means.reshape([rs.length])) as tf.Scalar[]);
    return { losses, minWeight: tf.min(weights) as tf.Scalar, weights };
  });
}
