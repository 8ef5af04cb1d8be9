import * as tf from '@tensorflow/tfjs';

/** Adam's JSON-safe state: the step count and the first then the second moments, one array per trained tensor. */
export interface AdamState {
  iterations: number;
  moments: number[][];
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
    if (state.moments.length !== 2 * vars.length) throw new Error(`The checkpoint's Adam state has ${state.moments.length} moments, expected ${2 * vars.length}.`);
    state.moments.forEach((m, i) => {
      const v = vars[i % vars.length];
      if (m.length !== v.size) throw new Error(`The checkpoint's Adam moment ${i} has ${m.length} values, expected ${v.size}.`);
    });
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
