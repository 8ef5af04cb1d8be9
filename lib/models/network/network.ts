import * as tf from '@tensorflow/tfjs';

import { syncReadsBroken } from '../../backend/sync_reads.js';
import { checkKeys } from '../../internals/keys.js';
import { forwardColumns } from '../columns.js';
import { noteForward } from '../forward_calls.js';
import { NetworkAlgebra, TENSOR_ALGEBRA } from './algebra.js';
import { Dense, DenseForm } from './dense.js';
import { Embedding } from './embedding.js';
import { CheckedNetworkOptions, NetworkOptions, checkNetworkOptions } from './options.js';
import { seededDraws } from './random.js';
import { StateDict } from './state_dict.js';

/** What {@link Network.toJSON} writes: enough to rebuild the network with its weights. */
export interface NetworkJSON {
  /** Names the file format. */
  format: 'tfjs-pinn-network';
  /** The format's version. */
  version: 1;
  /** The input names, in column order. */
  inputs: string[];
  /** Output columns. */
  outputs: number;
  /** The inputs' ranges, with options.normalize. */
  ranges?: Record<string, [number, number]>;
  /** The network's options, every default applied. */
  options: CheckedNetworkOptions;
  /** The weights by name in PyTorch's layout (see {@link Network.stateDict}). */
  weights: StateDict;
}

/**
 * A PINN network N(inputs) beyond the plain MLP: an optional input embedding (exact periodic per
 * input, random Fourier features), a trunk ('mlp', 'modified' or 'pirate'), optionally random weight
 * factorisation on every dense layer, and a linear output layer. Its forward pass and its Taylor-mode
 * pass are one description ({@link Network.pass}) over an algebra of tensors or of jets.
 *
 * Weights by name (PyTorch's `state_dict` layout, `weight` [out][in]): `encoder.u`, `encoder.v`
 * ('modified', 'pirate'), `input` ('pirate' when the embedding's width is not the hidden width),
 * `hidden.<i>` ('mlp', 'modified'), `blocks.<b>.<0|1|2>` and `blocks.<b>.alpha` ('pirate'), `output`; each
 * dense layer as `.weight` and `.bias`, or factorised as `.scale` (s, W = exp(s) V by output) and
 * `.direction` (V); the embedding as `embedding.periodic.<input>` (ω) and `embedding.fourier.B`.
 *
 * @example
 * const net = new Network({ hidden: [64, 64], architecture: 'modified', embedding: { periodic: { x: 2 } } }, { inputs: ['x', 't'], outputs: 1 });
 * net.forward({ x, t }); // [N,1]
 */
export class Network {
  /** The options with every default applied and checked. */
  readonly options: CheckedNetworkOptions;
  /** The input names, in the order of the input columns. */
  readonly inputNames: readonly string[];
  /** Output columns. */
  readonly outputWidth: number;
  /** The input embedding (periodic, Fourier features, normalisation), or null when the inputs go in as they are. */
  readonly embedding: Embedding | null;
  /** Dense layers by name, in the order of the state dict. */
  readonly layers: ReadonlyMap<string, Dense>;
  /** Widths [in, hidden..., out] (as MLP.sizes). */
  get sizes(): readonly number[] {
    return [this.inputNames.length, ...this.options.hidden, this.outputWidth];
  }

  /** The activation (as MLP.activation). */
  get activation(): CheckedNetworkOptions['activation'] {
    return this.options.activation;
  }

  /** PirateNet gates by block, [1] each (0 at the start). */
  readonly gates: tf.Variable<tf.Rank.R1>[];

  /** The inputs' ranges that `normalize` maps to [-1, 1] (null without it). */
  readonly ranges: Record<string, [number, number]> | null;

  constructor(options: NetworkOptions, io: { inputs: readonly string[]; outputs: number; ranges?: Record<string, readonly [number, number]> }) {
    if (!Array.isArray(io?.inputs) || io.inputs.length === 0 || io.inputs.some((n) => typeof n !== 'string' || n.length === 0) || new Set(io.inputs).size !== io.inputs.length) {
      throw new Error(`Argument 'io.inputs' passed to 'Network' must name the inputs by distinct non-empty strings, but got ${JSON.stringify(io?.inputs)}.`);
    }
    if (!Number.isInteger(io.outputs) || io.outputs < 1) throw new Error(`Argument 'io.outputs' passed to 'Network' must be a positive integer, but got ${JSON.stringify(io.outputs)}.`);
    this.options = checkNetworkOptions(options, { fn: 'Network', prefix: '', inputs: io.inputs });
    this.inputNames = [...io.inputs];
    this.outputWidth = io.outputs;
    const o = this.options;
    this.ranges = null;
    if (o.normalize) {
      const ranges = io.ranges;
      const bad = this.inputNames.find((n) => !Array.isArray(ranges?.[n]) || ranges[n].length !== 2 || !(ranges[n][0] < ranges[n][1]) || !ranges[n].every(Number.isFinite));
      if (bad !== undefined) throw new Error(`Argument 'io.ranges' passed to 'Network' must give a finite range [lo, hi], lo < hi, for every input with options.normalize, but '${bad}' has ${JSON.stringify(ranges?.[bad])}.`);
      this.ranges = Object.fromEntries(this.inputNames.map((n) => [n, [ranges![n][0], ranges![n][1]]]));
    }
    this.embedding = o.embedding === null && !o.normalize ? null : new Embedding(this.inputNames, o.embedding ?? { periodic: {}, fourier: null }, this.ranges);
    const form: DenseForm = o.factorization === null ? { kind: 'plain' } : { kind: 'factorized', ...o.factorization };
    // Two streams: the Glorot draws are those of the unfactorised network of the same seed, so factorising
    // changes the parametrisation, not the initial function.
    const draws = { weights: seededDraws(o.seed), scales: seededDraws(o.seed + 0x9e3779b9) };
    const layers = new Map<string, Dense>();
    const add = (name: string, inputs: number, outputs: number) => layers.set(name, new Dense(inputs, outputs, form, draws, true));
    let width = this.embedding?.width ?? this.inputNames.length;
    if (o.architecture !== 'mlp') {
      add('encoder.u', width, o.hidden[0]);
      add('encoder.v', width, o.hidden[0]);
    }
    if (o.architecture === 'pirate') {
      if (width !== o.hidden[0]) add('input', width, o.hidden[0]);
      width = o.hidden[0];
      o.hidden.forEach((w, b) => [0, 1, 2].forEach((k) => add(`blocks.${b}.${k}`, w, w)));
    } else {
      o.hidden.forEach((w, i) => {
        add(`hidden.${i}`, width, w);
        width = w;
      });
    }
    add('output', width, io.outputs);
    this.layers = layers;
    this.gates = o.architecture === 'pirate' ? o.hidden.map(() => tf.tidy(() => tf.variable(tf.zeros([1]) as tf.Tensor1D))) : [];
  }

  /**
   * The network applied to `x` ([N,in], or its jet) in `alg`: the one description of the network, which
   * the forward pass runs on tensors and Taylor mode on jets.
   */
  pass<V>(alg: NetworkAlgebra<V>, x: V): V {
    const o = this.options;
    const dense = (name: string, h: V) => {
      const d = this.layers.get(name)!;
      return alg.linear(h, d.kernel(), d.bias ?? undefined);
    };
    const act = (h: V) => alg.activate(h, o.activation);
    let h = this.embedding === null ? x : this.embedding.apply(alg, x);
    if (o.architecture === 'mlp') {
      o.hidden.forEach((_, i) => (h = act(dense(`hidden.${i}`, h))));
      return dense('output', h);
    }
    const u = act(dense('encoder.u', h));
    const v = act(dense('encoder.v', h));
    const uv = alg.sub(u, v);
    // h U + (1 - h) V = V + h (U - V): one product per gate.
    const gate = (z: V) => alg.add(v, alg.mul(z, uv));
    if (o.architecture === 'modified') {
      o.hidden.forEach((_, i) => (h = gate(act(dense(`hidden.${i}`, h)))));
      return dense('output', h);
    }
    if (this.layers.has('input')) h = dense('input', h);
    o.hidden.forEach((_, b) => {
      const f = gate(act(dense(`blocks.${b}.0`, h)));
      const g = gate(act(dense(`blocks.${b}.1`, f)));
      const k = act(dense(`blocks.${b}.2`, g));
      // alpha k + (1 - alpha) h = h + alpha (k - h): alpha = 0 at the start, so the block is the identity.
      h = alg.add(h, alg.scale(alg.sub(k, h), this.gates[b]));
    });
    return dense('output', h);
  }

  /**
   * u at N points, [N, outputs]. Takes the input columns positionally (`forward(x, t)`, each [N,1]),
   * as one [N, in] matrix, or as a record named by `inputNames`.
   *
   * @example
   * net.forward({ x, t });
   */
  forward(...args: tf.Tensor[] | [Record<string, tf.Tensor>]): tf.Tensor2D {
    const columns = forwardColumns(args, this.inputNames, this.inputNames.length, 'Network.forward');
    const output = tf.tidy(() => this.pass(TENSOR_ALGEBRA, (columns.length === 1 ? columns[0] : tf.concat(columns, 1)) as tf.Tensor2D));
    // Lets partials see that ({x, t}) => net.forward(x, t) is this network, and use Taylor mode.
    noteForward({ model: this, columns, output });
    return output;
  }

  /** The trainable variables, in a fixed order: the embedding's trainable ones, each layer's, the gates. */
  get variables(): tf.Variable[] {
    return [...(this.embedding?.variables ?? []), ...[...this.layers.values()].flatMap((d) => d.variables), ...this.gates];
  }

  /** Every variable, trainable or not. */
  private get allVariables(): tf.Variable[] {
    return [...(this.embedding?.allVariables ?? []), ...[...this.layers.values()].flatMap((d) => d.variables), ...this.gates];
  }

  /**
   * The weights by name in PyTorch's layout (see the class comment). Reads synchronously; where that gives
   * wrong values (WebGPU on SwiftShader) it throws: use {@link Network.stateDictAsync}.
   *
   * @example
   * JSON.stringify(net.stateDict()); // { 'hidden.0.weight': [[...]], ... }
   */
  stateDict(): StateDict {
    const broken = syncReadsBroken();
    if (broken !== undefined) throw new Error(`'Network.stateDict' reads synchronously, which gives wrong values here (${broken}); use 'await net.stateDictAsync()'.`);
    return this.entries(new Map(this.allVariables.map((v) => [v, v.dataSync() as Float32Array])));
  }

  /** {@link Network.stateDict} without a synchronous read: works on every backend. */
  async stateDictAsync(): Promise<StateDict> {
    const vars = this.allVariables;
    const values = await Promise.all(vars.map((v) => v.data() as Promise<Float32Array>));
    return this.entries(new Map(vars.map((v, i) => [v, values[i]])));
  }

  private entries(values: Map<tf.Variable, Float32Array>): StateDict {
    const read = (v: tf.Variable) => values.get(v)!;
    const out: StateDict = { ...(this.embedding?.entries(read) ?? {}) };
    for (const [name, d] of this.layers) Object.assign(out, d.entries(name, read));
    this.gates.forEach((g, b) => (out[`blocks.${b}.alpha`] = Array.from(read(g))));
    return out;
  }

  /** The names a state dict of this network holds. */
  stateKeys(): string[] {
    return [...(this.embedding?.keys() ?? []), ...[...this.layers].flatMap(([name, d]) => d.keys(name)), ...this.gates.map((_, b) => `blocks.${b}.alpha`)];
  }

  /**
   * Overwrites the weights with a state dict of the same network; checks all of it first and changes
   * nothing when an entry is missing, extra or of the wrong shape.
   *
   * @example
   * other.loadStateDict(net.stateDict()); // the same function now
   */
  loadStateDict(dict: StateDict): void {
    this.checkStateDict(dict, 'Network.loadStateDict');
    this.embedding?.load(dict);
    for (const [name, d] of this.layers) d.load(name, dict);
    tf.tidy(() => this.gates.forEach((g, b) => g.assign(tf.tensor1d(dict[`blocks.${b}.alpha`] as number[]))));
  }

  /**
   * Throws, naming the entry, unless `dict` is a whole state dict of this network (every entry, no other,
   * each of the right shape and finite); changes nothing.
   *
   * @example
   * net.checkStateDict(checkpoint.weights, 'Trainer.setState');
   */
  checkStateDict(dict: StateDict, fn = 'Network.checkStateDict'): void {
    if (dict === null || typeof dict !== 'object' || Array.isArray(dict)) throw new Error(`Argument 'weights' passed to '${fn}' must be a state dict (an object of arrays by name), but got ${JSON.stringify(dict)?.slice(0, 60)}.`);
    const keys = this.stateKeys();
    checkKeys(dict, keys, `weights passed to '${fn}'`);
    const missing = keys.filter((k) => !(k in dict));
    if (missing.length > 0) throw new Error(`Argument 'weights' passed to '${fn}' lacks ${missing.map((k) => `'${k}'`).join(', ')} (this network's entries: ${keys.join(', ')}).`);
    this.embedding?.check(dict);
    for (const [name, d] of this.layers) d.check(name, dict);
    this.gates.forEach((_, b) => checkScalar(dict[`blocks.${b}.alpha`], `weights['blocks.${b}.alpha']`));
  }

  /**
   * The network as JSON: its inputs, outputs, checked options and weights.
   *
   * @example
   * const copy = Network.fromJSON(JSON.parse(JSON.stringify(net)));
   */
  toJSON(): NetworkJSON {
    return { format: 'tfjs-pinn-network', version: 1, inputs: [...this.inputNames], outputs: this.outputWidth, ...this.rangesJSON(), options: structuredClone(this.options), weights: this.stateDict() };
  }

  /** {@link Network.toJSON} without a synchronous read: works on every backend, WebGPU included. */
  async toJSONAsync(): Promise<NetworkJSON> {
    return { format: 'tfjs-pinn-network', version: 1, inputs: [...this.inputNames], outputs: this.outputWidth, ...this.rangesJSON(), options: structuredClone(this.options), weights: await this.stateDictAsync() };
  }

  private rangesJSON(): { ranges?: Record<string, [number, number]> } {
    return this.ranges === null ? {} : { ranges: structuredClone(this.ranges) };
  }

  /**
   * A network from {@link Network.toJSON}'s output (or a checkpoint's `network` and `weights`).
   *
   * @example
   * Network.fromJSON(json).forward({ x, t });
   */
  static fromJSON(json: NetworkJSON): Network {
    if (json?.format !== 'tfjs-pinn-network' || json.version !== 1) {
      throw new Error(`Argument 'json' passed to 'Network.fromJSON' must be a network written by Network.toJSON (format 'tfjs-pinn-network', version 1), but has format ${JSON.stringify(json?.format)}, version ${JSON.stringify(json?.version)}.`);
    }
    const net = new Network(json.options, { inputs: json.inputs, outputs: json.outputs, ranges: json.ranges });
    try {
      net.loadStateDict(json.weights);
    } catch (error) {
      net.dispose();
      throw error;
    }
    return net;
  }

  /** Frees the weights and the embedding's constants. */
  dispose(): void {
    this.embedding?.dispose();
    for (const d of this.layers.values()) d.dispose();
    this.gates.forEach((g) => g.dispose());
  }
}

function checkScalar(value: unknown, what: string): void {
  if (!Array.isArray(value) || value.length !== 1 || typeof value[0] !== 'number' || !Number.isFinite(value[0])) throw new Error(`${what} must be an array of 1 finite number.`);
}
