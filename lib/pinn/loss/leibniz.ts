import * as tf from '@tensorflow/tfjs';

import { PointwiseModel, partials } from '../../derivatives/index.js';
import { LeibnizTerm, leibnizKernel } from './leibniz_kernel.js';
import { activeTransformCache } from './transform_cache.js';
import { Columns } from '../types.js';

/** A term as an output name and a count per input: 'u_xxt' -> {output: 'u', counts: [2, 1]}. */
function parse(term: string, inputs: readonly string[]): { output: string; counts: number[] } {
  const cut = term.lastIndexOf('_');
  const output = cut < 0 ? term : term.slice(0, cut);
  const counts = inputs.map(() => 0);
  for (const c of cut < 0 ? '' : term.slice(cut + 1)) {
    const i = inputs.indexOf(c);
    if (i < 0) throw new Error(`Term '${term}' differentiates by '${c}', but the inputs are [${inputs.join(', ')}].`);
    counts[i]++;
  }
  return { output, counts };
}

function name(output: string, counts: number[], inputs: readonly string[]): string {
  const chain = counts.map((c, i) => inputs[i].repeat(c)).join('');
  return chain.length === 0 ? output : `${output}_${chain}`;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** All multi-indices β ≤ α. */
function below(alpha: number[]): number[][] {
  return alpha.reduce<number[][]>((acc, a) => acc.flatMap((b) => Array.from({ length: a + 1 }, (_, k) => [...b, k])), [[]]);
}

/**
 * value and scale may not use every input; a zero multiple keeps partials' dependence check satisfied. One
 * such function per (f, inputs): partials learns what a function is (not a library MLP: one probe) and its
 * memory cost once per function object, so a fresh closure per call paid both at every call, 20 ms of a
 * Burgers step at N = 1024 on wasm with fresh points every step (bench/toolbox_costs.ts).
 */
function anchored(f: (p: Columns) => tf.Tensor, inputs: string[]): (q: Columns) => tf.Tensor2D {
  let byInputs = ANCHORED.get(f);
  if (byInputs === undefined) ANCHORED.set(f, (byInputs = new Map()));
  const key = inputs.join('\u0000');
  let g = byInputs.get(key);
  if (g === undefined) byInputs.set(key, (g = (q: Columns) => tf.add(f(q), tf.mul(tf.addN(inputs.map((v) => q[v])), 0)) as tf.Tensor2D));
  return g;
}

const ANCHORED = new WeakMap<object, Map<string, (q: Columns) => tf.Tensor2D>>();

/**
 * The terms of u = value + scale ⊙ N from those of N, value and scale, by the
 * Leibniz rule ∂^α(hN) = Σ_{β≤α} C(α,β) ∂^{α-β}h ∂^β N. N's terms come from
 * `partials(net, ...)` (Taylor mode where it applies); value and scale do not
 * depend on the weights and are differentiated in reverse mode.
 *
 * @example
 * const d = affineTerms(net, (p) => tf.neg(tf.sin(p.x)), (p) => p.t, { x, t }, ['u', 'u_xx'], ['u']);
 * d.u_xx; // [N,1], the same as partials of the transformed function
 */
export function affineTerms(
  net: PointwiseModel,
  value: (p: Columns) => tf.Tensor,
  scale: (p: Columns) => tf.Tensor,
  p: Columns,
  terms: readonly string[],
  outputs: string[],
): Record<string, tf.Tensor2D> {
  const inputs = Object.keys(p);
  const parsed = terms.map((t) => ({ term: t, ...parse(t, inputs) }));
  const netTerms = new Set<string>();
  const gTerms = new Set<string>();
  const hTerms = new Set<string>();
  for (const { output, counts } of parsed) {
    gTerms.add(name(output, counts, inputs));
    for (const beta of below(counts)) {
      netTerms.add(name(output, beta, inputs));
      hTerms.add(name(output, counts.map((a, i) => a - beta[i]), inputs));
    }
  }
  const anchor = (f: (p: Columns) => tf.Tensor) => anchored(f, inputs);
  const opts = { outputs };
  const cache = activeTransformCache();
  const termsOf = (f: (p: Columns) => tf.Tensor, names: string[]) => {
    const make = () => partials(anchor(f), p, names, opts);
    return cache === undefined ? make() : cache.lookup(f, p, names, make);
  };
  return tf.tidy(() => {
    const dn = partials(net, p, [...netTerms], opts);
    const dg = termsOf(value, [...gTerms]);
    const dh = termsOf(scale, [...hTerms]);
    const out: Record<string, tf.Tensor2D> = {};
    const [nNames, hNames, gNames] = [[...netTerms], [...hTerms], [...gTerms]];
    const plan: LeibnizTerm[] = parsed.map(({ output, counts }) => ({
      value: gNames.indexOf(name(output, counts, inputs)),
      products: below(counts).map((beta) => ({
        scale: hNames.indexOf(name(output, counts.map((a, i) => a - beta[i]), inputs)),
        net: nNames.indexOf(name(output, beta, inputs)),
        c: beta.reduce((s, b, i) => s * binomial(counts[i], b), 1),
      })),
    }));
    const fused = leibnizKernel(nNames.map((t) => dn[t]), hNames.map((t) => dh[t]), gNames.map((t) => dg[t]), plan);
    if (fused !== undefined) {
      parsed.forEach(({ term }, i) => (out[term] = fused[i]));
      return out;
    }
    for (const { term, output, counts } of parsed) {
      const pieces: tf.Tensor[] = [dg[name(output, counts, inputs)]];
      for (const beta of below(counts)) {
        const c = beta.reduce((s, b, i) => s * binomial(counts[i], b), 1);
        const prod = tf.mul(dh[name(output, counts.map((a, i) => a - beta[i]), inputs)], dn[name(output, beta, inputs)]);
        pieces.push(c === 1 ? prod : tf.mul(prod, c));
      }
      out[term] = tf.addN(pieces) as tf.Tensor2D;
    }
    return out;
  });
}
