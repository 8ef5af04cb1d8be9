import * as tf from '@tensorflow/tfjs';

/** Adam's JSON-safe state: the step count and the first then the second moments, one array per trained tensor. */
export interface AdamState {
  iterations: number;
  moments: number[][];
}

/**
 * Throws, naming the field, unless `state` is a whole Adam state for trained tensors of `sizes`: a
 * non-negative integer step count, then 2 x sizes.length moments (first, then second) of the right
 * lengths, all finite, the second ones >= 0 (a negative one makes a NaN step). Changes nothing.
 *
 * @example
 * checkAdamState({ iterations: 3, moments: [[0.1, 0], [0.2], [1e-4, 0], [1e-3]] }, [2, 1]); // fine
 * checkAdamState({ iterations: -5, moments: [] }, [2, 1]); // throws, naming adam.iterations
 */
export function checkAdamState(state: unknown, sizes: readonly number[]): asserts state is AdamState {
  const s = state as Partial<AdamState> | null;
  if (s === null || typeof s !== 'object' || Array.isArray(s)) {
    throw new Error(`The checkpoint's Adam state (adam) must be null or {iterations, moments}, but got ${JSON.stringify(state)?.slice(0, 80)}.`);
  }
  const { iterations, moments } = s;
  if (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations < 0) {
    throw new Error(`The checkpoint's Adam step count (adam.iterations) must be an integer >= 0, but got ${JSON.stringify(iterations)}.`);
  }
  const n = sizes.length;
  if (!Array.isArray(moments)) throw new Error(`The checkpoint's Adam moments (adam.moments) must be an array of ${2 * n} arrays (first moments, then second), but got ${JSON.stringify(moments)?.slice(0, 80)}.`);
  if (moments.length !== 2 * n) throw new Error(`The checkpoint's Adam state has ${moments.length} moments, expected ${2 * n}.`);
  moments.forEach((m: unknown, i) => {
    const size = sizes[i % n];
    if (!Array.isArray(m)) throw new Error(`The checkpoint's Adam moment ${i} (adam.moments[${i}]) must be an array of ${size} numbers, but got ${JSON.stringify(m)?.slice(0, 80)}.`);
    if (m.length !== size) throw new Error(`The checkpoint's Adam moment ${i} has ${m.length} values, expected ${size}.`);
    const second = i >= n;
    const j = m.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v) || (second && v < 0));
    if (j >= 0) {
      throw new Error(`The checkpoint's Adam moment ${i} (adam.moments[${i}][${j}]) is ${JSON.stringify(m[j])}; ${second ? 'a second moment must be a finite number >= 0' : 'a first moment must be a finite number'}.`);
    }
  });
}

/**
 * A first-order optimiser the trainer drives: one update per step from
 * gradients it is given, with a state that saves and loads. {@link Adam} is
 * one; a flat-vector Adam can implement the same interface.
 */
export interface GradientOptimizer {
  /** The learning rate of the next update (the trainer sets it for decay). */
  learningRate: number;
  /** Updates `vars` from `grads` (same order and shapes). */
  apply(vars: tf.Variable[], grads: tf.Tensor[]): void;
  /** The state, or null before the first update. */
  state(): Promise<AdamState | null>;
  /** Throws, saying what differs, when `state` does not fit `vars`; changes nothing. */
  checkState(state: AdamState, vars: tf.Variable[]): void;
  /** Loads a checked state for `vars`. */
  setState(state: AdamState, vars: tf.Variable[]): Promise<void>;
  dispose(): void;
}

/**
 * Adam over tf.Variables (tf.train.adam underneath), with a JSON-safe state.
 *
 * @example
 * const adam = new Adam(1e-3);
 * adam.apply(net.variables, grads);
 */
export class Adam implements GradientOptimizer {
  private opt: tf.AdamOptimizer;

  constructor(private lr: number) {
    this.opt = tf.train.adam(lr);
  }

  get learningRate(): number {
    return this.lr;
  }

  set learningRate(lr: number) {
    this.lr = lr;
    (this.opt as unknown as { learningRate: number }).learningRate = lr;
  }

  apply(vars: tf.Variable[], grads: tf.Tensor[]): void {
    this.opt.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: grads[i] })));
  }

  async state(): Promise<AdamState | null> {
    let out: AdamState | null = null;
    const weights = await this.opt.getWeights();
    if (weights.length > 1) {
      out = { iterations: (await weights[0].tensor.data())[0], moments: await Promise.all(weights.slice(1).map(async (w) => Array.from(await w.tensor.data()))) };
    }
    // getWeights makes a new step-count tensor; the moments are the optimiser's own variables.
    weights[0]?.tensor.dispose();
    return out;
  }

  checkState(state: AdamState, vars: tf.Variable[]): void {
    checkAdamState(state, vars.map((v) => v.size));
  }

  async setState(state: AdamState, vars: tf.Variable[]): Promise<void> {
    this.checkState(state, vars);
    const named = state.moments.map((m, i) => {
      const v = vars[i % vars.length];
      return { name: `${v.name}/${i < vars.length ? 'm' : 'v'}`, tensor: tf.tensor(m, v.shape) };
    });
    this.opt.dispose();
    this.opt = tf.train.adam(this.lr);
    const iter = tf.scalar(state.iterations, 'int32');
    await this.opt.setWeights([{ name: 'iter', tensor: iter }, ...named]);
    // setWeights copies the moments into new variables and only reads the step count.
    [iter, ...named.map((w) => w.tensor)].forEach((t) => t.dispose());
  }

  dispose(): void {
    this.opt.dispose();
  }
}
