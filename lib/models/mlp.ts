import * as tf from '@tensorflow/tfjs';

import { syncReadsBroken } from '../backend/sync_reads.js';
import { ACTIVATIONS, ActivationName, activation } from './activations.js';
import { forwardColumns } from './columns.js';
import { noteForward } from './forward_calls.js';
import { initialLayers } from './init.js';
import { FROM_LAYERS_KEYS, MLPOptions, checkMLPOptions, checkOptionKeys } from './mlp_options.js';
import { TorchLayer, checkTorchLayers, transpose } from './torch_layers.js';

/**
 * A fully connected network u(x, t, ...) with trainable `tf.Variable`s,
 * weights exchangeable with PyTorch's `nn.Linear` layout.
 *
 * @example
 * const net = new MLP({ sizes: [2, 20, 20, 1], activation: 'tanh', seed: 1 });
 * const u = net.forward({ x, t }); // [N,1]
 */
export class MLP {
  /** Layer widths [in, hidden..., out]. */
  readonly sizes: readonly number[];
  /** Name of the activation between layers. */
  readonly activation: ActivationName;
  /** Names of the input columns, in the order the first layer takes them. */
  readonly inputNames: readonly string[];
  /** Weights in tfjs layout, [in, out] per layer (PyTorch's transposed). */
  readonly weights: tf.Variable<tf.Rank.R2>[];
  /** Biases, [out] per layer. */
  readonly biases: tf.Variable<tf.Rank.R1>[];
  private readonly act: (x: tf.Tensor) => tf.Tensor;

  constructor(options: MLPOptions, layers?: TorchLayer[]) {
    const checked = checkMLPOptions(options, 'MLP');
    if (layers !== undefined) {
      const given = checkTorchLayers(layers, 'MLP');
      if (given.join(',') !== checked.sizes.join(',')) {
        throw new Error(`Argument 'layers' passed to 'MLP' has sizes [${given}], but options.sizes is [${checked.sizes}].`);
      }
    }
    this.sizes = checked.sizes;
    this.activation = checked.activation;
    this.act = activation(checked.activation);
    this.inputNames = checked.inputs;
    const source = layers ?? initialLayers(checked.sizes, checked.init, checked.seed);
    const trainable = checked.trainable;
    // tidy frees the initial-value tensors; the variables survive it.
    this.weights = tf.tidy(() => source.map((l) => tf.variable(tf.tensor2d(transpose(l.weight)), trainable)));
    this.biases = tf.tidy(() => source.map((l) => tf.variable(tf.tensor1d(l.bias), trainable)));
  }

  /**
   * An MLP holding the given PyTorch-layout weights (`[{weight: [out][in], bias: [out]}, ...]`).
   *
   * @example
   * const net = MLP.fromLayers(torchState, 'tanh');
   * net.toLayers(); // the same numbers back
   */
  static fromLayers(layers: TorchLayer[], activation: ActivationName = 'tanh', options: Omit<MLPOptions, 'sizes' | 'activation'> = {}): MLP {
    checkOptionKeys(options, FROM_LAYERS_KEYS, 'MLP.fromLayers');
    if (!ACTIVATIONS.includes(activation)) {
      throw new Error(`Argument 'activation' passed to 'MLP.fromLayers' must be one of ${ACTIVATIONS.join(', ')}, but got ${JSON.stringify(activation)}.`);
    }
    const sizes = checkTorchLayers(layers, 'MLP.fromLayers');
    return new MLP({ ...options, sizes, activation }, layers);
  }

  /**
   * u at N points, [N, out]. Takes the input columns positionally (`forward(x, t)`,
   * each [N,1]), as one [N, in] matrix, or as a record named by `inputNames`.
   *
   * @example
   * net.forward(x, t);
   * net.forward({ x, t });
   */
  forward(...args: tf.Tensor[] | [Record<string, tf.Tensor>]): tf.Tensor2D {
    const columns = this.columns(args);
    const output = tf.tidy(() => {
      let h = columns.length === 1 ? columns[0] : tf.concat(columns, 1);
      const last = this.weights.length - 1;
      this.weights.forEach((w, i) => {
        h = tf.add(tf.matMul(h, w), this.biases[i]);
        if (i < last) h = this.act(h);
      });
      return h as tf.Tensor2D;
    });
    // Lets partials see that a function like ({x, t}) => net.forward(x, t) is this model, and use Taylor mode.
    noteForward({ model: this, columns, output });
    return output;
  }

  /** The trainable variables, [W0, b0, W1, b1, ...]. */
  get variables(): tf.Variable[] {
    return this.weights.flatMap((w, i) => [w, this.biases[i]]);
  }

  /**
   * The weights in PyTorch's layout, ready for `nn.Linear.load_state_dict` or JSON.
   *
   * @example
   * fs.writeFileSync('w.json', JSON.stringify(net.toLayers()));
   * MLP.fromLayers(JSON.parse(fs.readFileSync('w.json', 'utf8')), net.activation);
   */
  toLayers(): TorchLayer[] {
    const broken = syncReadsBroken();
    if (broken !== undefined) throw new Error(`'MLP.toLayers' reads synchronously, which gives wrong values here (${broken}); use 'await net.toLayersAsync()'.`);
    return this.weights.map((w, i) => ({
      weight: transpose(w.arraySync()),
      bias: this.biases[i].arraySync(),
    }));
  }

  /**
   * {@link MLP.toLayers} without a synchronous read (`await data()`): works on every backend,
   * WebGPU on SwiftShader's fallback adapter included, where toLayers would read zeros.
   *
   * @example
   * const layers = await net.toLayersAsync();
   * MLP.fromLayers(layers, net.activation); // the same network
   */
  async toLayersAsync(): Promise<TorchLayer[]> {
    return Promise.all(
      this.weights.map(async (w, i) => ({
        weight: transpose((await w.array()) as number[][]),
        bias: (await this.biases[i].array()) as number[],
      })),
    );
  }

  /**
   * Overwrites the weights with PyTorch-layout layers of the same sizes (e.g. from a checkpoint).
   *
   * @example
   * net.setLayers(checkpoint.layers);
   * net.toLayers(); // checkpoint.layers
   */
  setLayers(layers: TorchLayer[]): void {
    const sizes = checkTorchLayers(layers, 'MLP.setLayers');
    if (sizes.join(',') !== this.sizes.join(',')) {
      throw new Error(`Argument 'layers' passed to 'MLP.setLayers' has sizes [${sizes}], but this network has [${this.sizes}].`);
    }
    tf.tidy(() => {
      layers.forEach((l, i) => {
        this.weights[i].assign(tf.tensor2d(transpose(l.weight)));
        this.biases[i].assign(tf.tensor1d(l.bias));
      });
    });
  }

  /** Frees the weights. */
  dispose(): void {
    this.variables.forEach((v) => v.dispose());
  }

  private columns(args: tf.Tensor[] | [Record<string, tf.Tensor>]): tf.Tensor[] {
    return forwardColumns(args, this.inputNames, this.sizes[0], 'MLP.forward');
  }
}
