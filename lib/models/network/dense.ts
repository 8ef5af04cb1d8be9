import * as tf from '@tensorflow/tfjs';

import { Draws } from './random.js';
import { StateDict, fromColumns, fromVector, toColumns } from './state_dict.js';

/** How a dense layer's kernel is stored: plain W, or factorised W = diag(exp(s)) V by output (Wang et al. 2022). */
export type DenseForm =
  | {
      /** Plain W. */
      kind: 'plain';
    }
  | {
      /** W = V ⊙ exp(s) per output column. */
      kind: 'factorized';
      /** The mean of the initial log-scales s. */
      mean: number;
      /** The standard deviation of the initial log-scales s. */
      std: number;
    };

/**
 * A dense layer z = h W + b, W [in,out] (tfjs's layout). Factorised, W = V ⊙ exp(s) per output column,
 * with V and s trained instead of W; s starts at Normal(mean, std) and V at W0 / exp(s) for a Glorot W0,
 * so the initial function equals the plain layer's. Saved in PyTorch's layout: `weight` [out][in], or
 * `scale` (s) [out] and `direction` (V) [out][in]; `bias` [out]. A Network builds its own (`Network.layers`);
 * the package exports the type only.
 *
 * @example
 * const d = net.layers.get('hidden.0')!; // a Network's first hidden layer
 * const w = tf.tidy(() => d.kernel()); // W [in,out]
 */
export class Dense {
  /** Input width. */
  readonly inputs: number;
  /** Output width. */
  readonly outputs: number;
  /** How the kernel is stored: plain or factorised. */
  readonly form: DenseForm;
  /** W [in,out] (plain) or V [in,out] (factorised). */
  readonly matrix: tf.Variable<tf.Rank.R2>;
  /** s [out] (factorised only). */
  readonly logScale: tf.Variable<tf.Rank.R1> | null;
  /** b [out], or null for a layer without bias. */
  readonly bias: tf.Variable<tf.Rank.R1> | null;

  constructor(inputs: number, outputs: number, form: DenseForm, draws: { weights: Draws; scales: Draws }, withBias: boolean) {
    this.inputs = inputs;
    this.outputs = outputs;
    this.form = form;
    const limit = Math.sqrt(6 / (inputs + outputs));
    const w = Float32Array.from({ length: inputs * outputs }, () => draws.weights.uniform(-limit, limit));
    let s: Float32Array | null = null;
    if (form.kind === 'factorized') {
      s = Float32Array.from({ length: outputs }, () => form.mean + form.std * draws.scales.normal());
      for (let i = 0; i < inputs; i++) for (let j = 0; j < outputs; j++) w[i * outputs + j] /= Math.exp(s[j]);
    }
    this.matrix = tf.tidy(() => tf.variable(tf.tensor2d(w, [inputs, outputs])));
    this.logScale = s === null ? null : tf.tidy(() => tf.variable(tf.tensor1d(s!)));
    this.bias = withBias ? tf.tidy(() => tf.variable(tf.zeros([outputs]) as tf.Tensor1D)) : null;
  }

  /** The kernel W [in,out] the layer applies: the matrix itself, or V ⊙ exp(s) (a new tensor). */
  kernel(): tf.Tensor2D {
    return this.logScale === null ? this.matrix : (tf.mul(this.matrix, tf.exp(this.logScale)) as tf.Tensor2D);
  }

  /** The trainable variables, in a fixed order. */
  get variables(): tf.Variable[] {
    return [this.matrix, ...(this.logScale ? [this.logScale] : []), ...(this.bias ? [this.bias] : [])];
  }

  /** The layer's entries of a state dict, under `prefix` (e.g. 'hidden.0'), from values already read. */
  entries(prefix: string, read: (v: tf.Variable) => Float32Array): StateDict {
    const out: StateDict = {};
    const m = toColumns(read(this.matrix), this.inputs, this.outputs);
    if (this.logScale === null) out[`${prefix}.weight`] = m;
    else {
      out[`${prefix}.scale`] = Array.from(read(this.logScale));
      out[`${prefix}.direction`] = m;
    }
    if (this.bias) out[`${prefix}.bias`] = Array.from(read(this.bias));
    return out;
  }

  /** Sets the layer from its entries of a state dict (all checked by {@link Dense.check} first). */
  load(prefix: string, dict: StateDict): void {
    const m = fromColumns(dict[this.logScale === null ? `${prefix}.weight` : `${prefix}.direction`], this.inputs, this.outputs, prefix);
    tf.tidy(() => {
      this.matrix.assign(tf.tensor2d(m, [this.inputs, this.outputs]));
      if (this.logScale) this.logScale.assign(tf.tensor1d(fromVector(dict[`${prefix}.scale`], this.outputs, `${prefix}.scale`)));
      if (this.bias) this.bias.assign(tf.tensor1d(fromVector(dict[`${prefix}.bias`], this.outputs, `${prefix}.bias`)));
    });
  }

  /** Throws, naming the entry, unless `dict` holds this layer's entries with the right shapes. */
  check(prefix: string, dict: StateDict): void {
    const key = this.logScale === null ? `${prefix}.weight` : `${prefix}.direction`;
    fromColumns(dict[key], this.inputs, this.outputs, `weights['${key}']`);
    if (this.logScale) fromVector(dict[`${prefix}.scale`], this.outputs, `weights['${prefix}.scale']`);
    if (this.bias) fromVector(dict[`${prefix}.bias`], this.outputs, `weights['${prefix}.bias']`);
  }

  /** The names of the layer's entries (for a state dict's key check). */
  keys(prefix: string): string[] {
    return [...(this.logScale === null ? [`${prefix}.weight`] : [`${prefix}.scale`, `${prefix}.direction`]), ...(this.bias ? [`${prefix}.bias`] : [])];
  }

  /** Frees the layer's variables. */
  dispose(): void {
    this.variables.forEach((v) => v.dispose());
  }
}
