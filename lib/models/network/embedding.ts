import * as tf from '@tensorflow/tfjs';

import { NetworkAlgebra } from './algebra.js';
import { CheckedNetworkOptions } from './options.js';
import { seededDraws } from './random.js';
import { StateDict, fromRows, fromVector, toRows } from './state_dict.js';

type EmbeddingOptions = NonNullable<CheckedNetworkOptions['embedding']>;

/**
 * The input embedding: first the exact periodic embedding, input by input in the network's order
 * (a periodic input x -> cos(ω x), sin(ω x) with ω = 2π / period, side by side; the other inputs pass
 * through after them), then random Fourier features of that, [cos(h B), sin(h B)] with B ~ Normal(0, scale²)
 * of shape [width, features/2]. Any function of a periodic input's cos and sin is exactly periodic in it.
 * With `ranges` (the Trainer's `network.normalize`), the inputs that pass through are first mapped to [-1, 1]
 * from their range ((x - centre) / half-width), so a short time window or a long domain looks the same to the
 * first layer; periodic inputs keep their own coordinates (their period is in them).
 * State dict: `embedding.periodic.<input>` [1] (ω), `embedding.fourier.B` [width][features/2] (applied as h B);
 * the ranges are not weights (they come with the problem). A Network builds its own (`Network.embedding`);
 * the package exports the type only.
 *
 * @example
 * const net = new Network({ embedding: { periodic: { x: 2 } } }, { inputs: ['x', 't'], outputs: 1 });
 * net.embedding?.width; // 3: cos(πx), sin(πx), t
 */
export class Embedding {
  /** The embedded width: what the trunk's first layer takes. */
  readonly width: number;
  private readonly inputNames: readonly string[];
  private readonly periodic: { index: number; name: string; omega: tf.Variable<tf.Rank.R1> }[];
  /** Inputs that pass through, by index. */
  private readonly passing: number[];
  /** [in, 2k] with 1 where a periodic input feeds its cos and sin columns; constant. */
  private readonly selectTrig: tf.Tensor2D | null;
  /** π/2 for each cos column, 0 for each sin column, [2k]; constant. */
  private readonly trigPhase: tf.Tensor1D | null;
  /** [in, p] picking the passing inputs (scaled to [-1, 1] with `ranges`); constant. */
  private readonly selectPass: tf.Tensor2D | null;
  /** The passing inputs' shift to [-1, 1] with `ranges`, [p]; null without. */
  private readonly passShift: tf.Tensor1D | null;
  /** The Fourier matrix B [width after the periodic embedding, features/2], or null without Fourier features. */
  readonly fourier: tf.Variable<tf.Rank.R2> | null;
  private readonly fourierPhase: tf.Tensor1D | null;

  constructor(inputNames: readonly string[], options: EmbeddingOptions, ranges: Record<string, readonly [number, number]> | null = null) {
    this.inputNames = inputNames;
    const d = inputNames.length;
    const periodicNames = inputNames.filter((n) => n in options.periodic);
    this.passing = inputNames.map((_, i) => i).filter((i) => !(inputNames[i] in options.periodic));
    this.periodic = periodicNames.map((name) => ({
      index: inputNames.indexOf(name),
      name,
      omega: tf.tidy(() => tf.variable(tf.tensor1d([(2 * Math.PI) / options.periodic[name].period]), options.periodic[name].trainable)),
    }));
    const k = this.periodic.length;
    if (k > 0) {
      const select = new Float32Array(d * 2 * k);
      this.periodic.forEach((p, j) => {
        select[p.index * 2 * k + 2 * j] = 1;
        select[p.index * 2 * k + 2 * j + 1] = 1;
      });
      this.selectTrig = tf.tensor2d(select, [d, 2 * k]);
      this.trigPhase = tf.tensor1d(Array.from({ length: 2 * k }, (_, c) => (c % 2 === 0 ? Math.PI / 2 : 0)));
    } else [this.selectTrig, this.trigPhase] = [null, null];
    if ((k > 0 || ranges !== null) && this.passing.length > 0) {
      const pick = new Float32Array(d * this.passing.length);
      const shift = new Float32Array(this.passing.length);
      this.passing.forEach((i, c) => {
        const [lo, hi] = ranges?.[inputNames[i]] ?? [-1, 1];
        pick[i * this.passing.length + c] = 2 / (hi - lo);
        shift[c] = -(hi + lo) / (hi - lo);
      });
      this.selectPass = tf.tensor2d(pick, [d, this.passing.length]);
      this.passShift = ranges === null ? null : tf.tensor1d(shift);
    } else [this.selectPass, this.passShift] = [null, null];
    const afterPeriodic = 2 * k + this.passing.length;
    const f = options.fourier;
    if (f !== null) {
      const draws = seededDraws(f.seed);
      const b = Float32Array.from({ length: afterPeriodic * (f.features / 2) }, () => f.scale * draws.normal());
      this.fourier = tf.tidy(() => tf.variable(tf.tensor2d(b, [afterPeriodic, f.features / 2]), f.trainable));
      this.fourierPhase = tf.tensor1d(Array.from({ length: f.features }, (_, c) => (c < f.features / 2 ? Math.PI / 2 : 0)));
      this.width = f.features;
    } else {
      [this.fourier, this.fourierPhase] = [null, null];
      this.width = afterPeriodic;
    }
  }

  /** The embedding of the inputs h [N,in] in `alg`: weights built here are tensors of the caller's scope. */
  apply<V>(alg: NetworkAlgebra<V>, h: V): V {
    let e = h;
    if (this.periodic.length > 0) {
      const omegas = tf.concat(this.periodic.flatMap((p) => [p.omega, p.omega]));
      const trig = alg.sin(alg.linear(h, tf.mul(this.selectTrig!, omegas) as tf.Tensor2D, this.trigPhase!));
      e = this.selectPass === null ? trig : alg.concat([trig, alg.linear(h, this.selectPass, this.passShift ?? undefined)]);
    } else if (this.selectPass !== null) e = alg.linear(h, this.selectPass, this.passShift ?? undefined);
    if (this.fourier !== null) e = alg.sin(alg.linear(e, tf.concat([this.fourier, this.fourier], 1) as tf.Tensor2D, this.fourierPhase!));
    return e;
  }

  /** The trainable variables (trainable frequencies, a trainable B). */
  get variables(): tf.Variable[] {
    return [...this.periodic.map((p) => p.omega), ...(this.fourier ? [this.fourier] : [])].filter((v) => v.trainable);
  }

  /** The embedding's entries of a state dict (ω per periodic input, B), from values already read. */
  entries(read: (v: tf.Variable) => Float32Array): StateDict {
    const out: StateDict = {};
    for (const p of this.periodic) out[`embedding.periodic.${p.name}`] = Array.from(read(p.omega));
    if (this.fourier) out['embedding.fourier.B'] = toRows(read(this.fourier), this.fourier.shape[0], this.fourier.shape[1]);
    return out;
  }

  /** The names of the embedding's state dict entries. */
  keys(): string[] {
    return [...this.periodic.map((p) => `embedding.periodic.${p.name}`), ...(this.fourier ? ['embedding.fourier.B'] : [])];
  }

  /** Throws, naming the entry, unless `dict` holds the embedding's entries with the right shapes. */
  check(dict: StateDict): void {
    for (const p of this.periodic) fromVector(dict[`embedding.periodic.${p.name}`], 1, `weights['embedding.periodic.${p.name}']`);
    if (this.fourier) fromRows(dict['embedding.fourier.B'], this.fourier.shape[0], this.fourier.shape[1], "weights['embedding.fourier.B']");
  }

  /** Sets ω and B from their entries of a state dict. */
  load(dict: StateDict): void {
    tf.tidy(() => {
      for (const p of this.periodic) p.omega.assign(tf.tensor1d(fromVector(dict[`embedding.periodic.${p.name}`], 1, p.name)));
      if (this.fourier) this.fourier.assign(tf.tensor2d(fromRows(dict['embedding.fourier.B'], this.fourier.shape[0], this.fourier.shape[1], 'B'), this.fourier.shape));
    });
  }

  /** Every variable, trainable or not (for reading the state dict). */
  get allVariables(): tf.Variable[] {
    return [...this.periodic.map((p) => p.omega), ...(this.fourier ? [this.fourier] : [])];
  }

  /** Frees the embedding's variables and constant tensors. */
  dispose(): void {
    this.allVariables.forEach((v) => v.dispose());
    for (const t of [this.selectTrig, this.trigPhase, this.selectPass, this.passShift, this.fourierPhase]) t?.dispose();
  }

  /** The input names in order (for messages). */
  get inputs(): readonly string[] {
    return this.inputNames;
  }
}
