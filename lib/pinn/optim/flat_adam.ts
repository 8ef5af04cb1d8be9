import * as tf from '@tensorflow/tfjs';

import { Adam, AdamState, GradientOptimizer, checkAdamState } from './adam.js';

/** Backends whose tensors live in memory JavaScript reads without a GPU round trip. */
const HOST_BACKENDS = ['cpu', 'wasm', 'tensorflow'];

// tf.train.adam's constants (its epsilon is the float32 backend epsilon), so both give the same updates and states.
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

/**
 * Adam with the moments as plain arrays and the update as one JavaScript
 * loop over all weights: no tfjs kernel at all, where tf.train.adam runs
 * about a dozen per weight tensor (130 for a 2-[20]x4-1 MLP, each with a
 * fixed cost of some 20 us on wasm, more than the rest of a small step).
 * Same formula, constants and state layout as {@link Adam} (a state saved by
 * one loads into the other).
 *
 * @example
 * const adam = new FlatAdam(1e-3);
 * adam.apply(net.variables, grads);
 */
export class FlatAdam implements GradientOptimizer {
  learningRate: number;
  private iterations = 0;
  private m: Float32Array[] | null = null;
  private v: Float32Array[] | null = null;
  /** The weights as this optimiser last wrote them, and the data each variable then held (a later assign replaces it). */
  private values: Float32Array[] = [];
  private written: object[] = [];

  constructor(lr: number) {
    this.learningRate = lr;
  }

  apply(vars: tf.Variable[], grads: tf.Tensor[]): void {
    this.applyValues(vars, grads.map((g) => g.dataSync() as Float32Array));
  }

  /**
   * {@link FlatAdam.apply} with the gradients already read (grads[i] the values of vars[i]'s gradient), for a
   * caller that read them anyway (the Trainer checks them for non-finite values): no second read.
   *
   * @example
   * const values = grads.map((g) => g.dataSync() as Float32Array);
   * if (values.every(allFinite)) adam.applyValues(net.variables, values);
   */
  applyValues(vars: tf.Variable[], grads: Float32Array[]): void {
    this.m ??= vars.map((x) => new Float32Array(x.size));
    this.v ??= vars.map((x) => new Float32Array(x.size));
    this.iterations++;
    const lr = this.learningRate;
    const c1 = 1 - BETA1 ** this.iterations;
    const c2 = 1 - BETA2 ** this.iterations;
    vars.forEach((x, i) => {
      const g = grads[i];
      const p = this.weights(x, i);
      const [m, v] = [this.m![i], this.v![i]];
      for (let j = 0; j < p.length; j++) {
        m[j] = BETA1 * m[j] + (1 - BETA1) * g[j];
        v[j] = BETA2 * v[j] + (1 - BETA2) * g[j] * g[j];
        p[j] -= (lr * (m[j] / c1)) / (EPSILON + Math.sqrt(v[j] / c2));
      }
      // A copy: the cpu backend keeps the array it is given, and p is updated in place next step.
      const next = tf.tensor(p.slice(), x.shape, 'float32');
      x.assign(next);
      next.dispose();
      this.written[i] = x.dataId;
    });
  }

  /** vars[i]'s values: the ones this optimiser wrote last, unless something else has assigned it since (then read). */
  private weights(x: tf.Variable, i: number): Float32Array {
    if (this.written[i] !== x.dataId || this.values[i]?.length !== x.size) {
      this.values[i] = Float32Array.from(x.dataSync() as Float32Array);
    }
    return this.values[i];
  }

  async state(): Promise<AdamState | null> {
    if (this.m === null || this.v === null) return null;
    return { iterations: this.iterations, moments: [...this.m, ...this.v].map((a) => Array.from(a)) };
  }

  checkState(state: AdamState, vars: tf.Variable[]): void {
    // One check for both layouts.
    checkAdamState(state, vars.map((v) => v.size));
  }

  async setState(state: AdamState, vars: tf.Variable[]): Promise<void> {
    this.checkState(state, vars);
    this.iterations = state.iterations;
    this.m = state.moments.slice(0, vars.length).map((a) => Float32Array.from(a));
    this.v = state.moments.slice(vars.length).map((a) => Float32Array.from(a));
  }

  dispose(): void {
    this.m = this.v = null;
    this.values = [];
    this.written = [];
  }
}

/** Switch for measuring tf.train.adam against FlatAdam in one process (bench only). */
export const flatAdamSwitch = { enabled: true };

/**
 * The trainer's Adam: {@link FlatAdam} where tensors live in host memory
 * (cpu, wasm, native TensorFlow), else tf.train.adam ({@link Adam}), whose
 * kernels stay on the GPU.
 *
 * @example
 * const adam = createAdam(2e-3); // FlatAdam on wasm
 * adam.apply(net.variables, grads);
 */
export function createAdam(lr: number): GradientOptimizer {
  return flatAdamSwitch.enabled && HOST_BACKENDS.includes(tf.getBackend()) ? new FlatAdam(lr) : new Adam(lr);
}
