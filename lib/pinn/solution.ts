import * as tf from '@tensorflow/tfjs';

import { ActivationName, MLP, Network, NetworkJSON, PinnNet, TorchLayer, networkSizes } from '../models/index.js';
import { toColumns } from './batch.js';
import { checkProblem } from './problem/check.js';
import { solutionTerms } from './loss/solution.js';
import { checkPointColumns, countPoints, pickPoints } from '../sampling/points.js';
import { Points, Problem } from './types.js';
import { predict } from './trainer/evaluation.js';

/** What {@link Solution.toJSON} writes: the raw network N, the learned parameters, and how u is formed. */
export interface SolutionJSON {
  /** Names the file format. */
  format: 'tfjs-pinn-solution';
  /** The format's version. */
  version: 1;
  /** The problem's name (checked against the problem it is loaded with). */
  problem: string;
  /** The network's input names, in order. */
  inputs: string[];
  /** The network's output names, in order. */
  outputs: string[];
  /** Layer sizes of N, inputs first. */
  sizes: number[];
  /** The activation between layers. */
  activation: ActivationName;
  /** Says which weights these are: always the raw network N, before the output transform. */
  weights: string;
  /** How u follows from N: the problem's output transform, which is not serialised. */
  u: string;
  /** Says how the weights are laid out: PyTorch's nn.Linear (weight[out][in]) for `layers`, a state dict for `network`. */
  layout: string;
  /** The plain MLP's layers (empty for a {@link Network}, whose weights are `network`). */
  layers: TorchLayer[];
  /** A {@link Network}: its options and weights by name (absent for the plain MLP). */
  network?: NetworkJSON;
  /** Learned coefficients by name, transform applied ({} for a forward problem). */
  parameters: Record<string, number>;
}

/** How u is formed from N for a problem, in words (for model.json and solution files). */
export function transformDescription(problem: Problem): string {
  const t = problem.transform;
  if (t === undefined) return 'u = N(inputs): the problem has no output transform';
  if (typeof t === 'function') return "u = transform(N(inputs), inputs): the problem module's own function, not serialised; load with the same module";
  return "u = value(inputs) + scale(inputs) * N(inputs): the problem's affine output transform, not serialised; load with the same module";
}

/**
 * A trained solution: u (the problem's output transform applied) and its
 * partial derivatives at any points, and the learned parameters. Saved as JSON
 * with the raw network N's weights; the problem's functions are not
 * serialised, so {@link Solution.fromJSON} takes the problem (from the same
 * module) to rebuild u. Browser-safe; owns its own copy of the weights.
 *
 * @example
 * const json = JSON.stringify(trainer.solution()); // later, in another process:
 * const s = Solution.fromJSON(JSON.parse(json), burgers.problem()); s.predict({ x, t });
 */
export class Solution {
  /** The problem it solves (its output transform turns N into u). */
  readonly problem: Problem;
  /** The raw network N: a copy of the trainer's weights (the plain MLP, or a Network). */
  readonly net: PinnNet;
  /** The learned coefficients by name, transform applied ({} for a forward problem). */
  readonly parameters: Record<string, number>;

  constructor(problem: Problem, net: PinnNet, parameters: Record<string, number> = {}) {
    this.problem = problem;
    this.net = net;
    this.parameters = { ...parameters };
  }

  /**
   * Rebuilds a solution from {@link Solution.toJSON} (or a job's model.json) and
   * the problem it was trained on; throws, saying what differs, when they do not fit.
   *
   * @example
   * const s = Solution.fromJSON(JSON.parse(text), heat.problem());
   * s.predict({ x: Float64Array.of(0.5), t: Float64Array.of(0.1) });
   */
  static fromJSON(json: SolutionJSON, problem: Problem): Solution {
    checkProblem(problem);
    if (json === null || typeof json !== 'object' || (!Array.isArray(json.layers) && json.network === undefined) || !Array.isArray(json.sizes)) {
      throw new Error(`Argument 'json' passed to 'Solution.fromJSON' must be a saved solution (from toJSON or a model.json), with sizes and layers.`);
    }
    if (json.format !== undefined && json.format !== 'tfjs-pinn-solution') throw new Error(`Argument 'json' passed to 'Solution.fromJSON' has format ${JSON.stringify(json.format)}, expected 'tfjs-pinn-solution'.`);
    if (json.problem !== problem.name) throw new Error(`The saved solution is for problem '${json.problem}', but 'Solution.fromJSON' was given problem '${problem.name}'.`);
    if ((json.inputs ?? []).join(',') !== problem.inputs.join(',') || (json.outputs ?? []).join(',') !== problem.outputs.join(',')) {
      throw new Error(`The saved solution maps [${json.inputs}] to [${json.outputs}], but problem '${problem.name}' maps [${problem.inputs}] to [${problem.outputs}].`);
    }
    const want = Object.keys(problem.parameters ?? {}).sort().join(',');
    const have = Object.keys(json.parameters ?? {}).sort().join(',');
    if (want !== have) throw new Error(`The saved solution has parameters [${have}], but problem '${problem.name}' trains [${want}].`);
    const net = json.network !== undefined ? Network.fromJSON(json.network) : MLP.fromLayers(json.layers, json.activation, { inputs: problem.inputs });
    if (networkSizes(net).join(',') !== json.sizes.join(',')) {
      net.dispose();
      throw new Error(`The saved solution's layers make a network [${networkSizes(net)}], but its sizes say [${json.sizes}].`);
    }
    if (net instanceof Network && net.inputNames.join(',') !== problem.inputs.join(',')) {
      net.dispose();
      throw new Error(`The saved solution's network takes [${json.network!.inputs}], but problem '${problem.name}' has inputs [${problem.inputs}].`);
    }
    return new Solution(problem, net, json.parameters ?? {});
  }

  /** JSON-safe: the raw network N's weights (PyTorch layout), the parameters, and how u is formed. */
  toJSON(): SolutionJSON {
    return this.toJSONWith(this.net instanceof MLP ? { layers: this.net.toLayers() } : { network: this.net.toJSON() });
  }

  /** The JSON around the network's weights, read one way or the other: an MLP's layers, or a Network's JSON. */
  private toJSONWith(weights: { layers: TorchLayer[] } | { network: NetworkJSON }): SolutionJSON {
    return {
      format: 'tfjs-pinn-solution',
      version: 1,
      problem: this.problem.name,
      inputs: [...this.problem.inputs],
      outputs: [...this.problem.outputs],
      sizes: networkSizes(this.net),
      activation: this.net instanceof MLP ? this.net.activation : this.net.options.activation,
      weights: 'the raw network N (before the output transform)',
      u: transformDescription(this.problem),
      ...('layers' in weights
        ? { layout: 'pytorch: weight [out][in], bias [out] per nn.Linear', layers: weights.layers }
        : { layout: "a Network (see network.options): its state dict by name in network.weights, each dense layer's weight [out][in] and bias [out] (factorised: scale [out], direction [out][in])", layers: [], network: weights.network }),
      parameters: { ...this.parameters },
    };
  }

  /**
   * {@link Solution.toJSON} reading the weights back only asynchronously: works on every backend,
   * WebGPU included (where toJSON's synchronous read would give wrong values).
   *
   * @example
   * const json = await solution.toJSONAsync(); // as solution.toJSON() gives
   */
  async toJSONAsync(): Promise<SolutionJSON> {
    return this.toJSONWith(this.net instanceof MLP ? { layers: await this.net.toLayersAsync() } : { network: await this.net.toJSONAsync() });
  }

  /**
   * u at plain points (transform applied), one Float64Array per output.
   *
   * @example
   * const [u] = solution.predict({ x: Float64Array.of(0, 0.5), t: Float64Array.of(0.2, 0.2) });
   */
  predict(points: Points, chunk = 8192): Float64Array[] {
    checkPointColumns(points, this.problem.inputs, 'Solution.predict');
    return predict(this.problem, this.net, points, chunk);
  }

  /**
   * `partials` terms of u (transform applied) at plain points, e.g. ['u', 'u_x', 'u_xx'], in chunks.
   *
   * @example
   * const d = solution.partials({ x, t }, ['u_x', 'u_t']);
   * d.u_x; // Float64Array
   */
  partials(points: Points, terms: string[], chunk = 4096): Record<string, Float64Array> {
    checkPointColumns(points, this.problem.inputs, 'Solution.partials');
    if (!Array.isArray(terms) || terms.length === 0) throw new Error(`Argument 'terms' passed to 'Solution.partials' must list partials terms such as ['u', 'u_x'], but got ${JSON.stringify(terms)}.`);
    const n = countPoints(points);
    const out: Record<string, Float64Array> = Object.fromEntries(terms.map((t) => [t, new Float64Array(n)]));
    for (let s = 0; s < n; s += chunk) {
      const idx = Array.from({ length: Math.min(chunk, n - s) }, (_, i) => s + i);
      const values = tf.tidy(() => {
        const d = solutionTerms(this.problem, this.net, toColumns(pickPoints(points, idx)), terms);
        return terms.map((t) => d[t].dataSync());
      });
      terms.forEach((t, j) => out[t].set(values[j], s));
    }
    return out;
  }

  /** Frees the network's weights. */
  dispose(): void {
    this.net.dispose();
  }

}
