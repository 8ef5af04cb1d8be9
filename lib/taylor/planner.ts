import * as tf from '@tensorflow/tfjs';

import type { CheckedPartialsOptions, Inputs, PointwiseFn, PointwiseModel, Term } from '../derivatives/index.js';
import { MLP } from '../models/index.js';
import { fullRows } from './jet.js';
import { MultiIndex, closure, factorial } from './multi_index.js';
import { mlpJet } from './pass.js';
import { withoutUnusedTape } from './tape_off.js';

/**
 * Whether 'auto' should take Taylor mode for these terms. Measured on wasm
 * and cpu (bench/taylor_probe.ts): the jet pass wins for every term set with
 * a derivative, since it replaces each backward pass by a few products.
 */
export function taylorPays(terms: readonly Term[]): boolean {
  return terms.some((t) => t.chain.length > 0);
}

/**
 * The Taylor-mode planner of `partials`: for a library MLP, one multivariate
 * jet pass whose variables are the inputs the terms differentiate by, over
 * the downward closure of the terms' multi-indices. Mixed partials come out
 * exactly (coefficient alpha times alpha!), with no reverse step. Returns
 * undefined (partials then uses reverse mode) when u is not an MLP or the
 * inputs or outputs do not match it, so reverse mode reports the mismatch.
 */
export function taylorPlanner(
  u: PointwiseFn | PointwiseModel,
  rows: Inputs,
  terms: readonly Term[],
  options: CheckedPartialsOptions,
): tf.Tensor[] | undefined {
  if (!(u instanceof MLP)) return undefined;
  if (options.method === 'auto' && !taylorPays(terms)) return undefined;
  const names = Object.keys(rows);
  const inputNames = u.inputNames;
  if (names.length !== inputNames.length || names.some((name) => !inputNames.includes(name))) return undefined;
  const width = u.sizes[u.sizes.length - 1];
  if (options.outputs.length !== width) return undefined;
  const used = [...new Set(terms.flatMap((t) => t.chain))].sort((a, b) => a - b);
  const alphas: MultiIndex[] = terms.map((t) => used.map((v) => t.chain.filter((c) => c === v).length));
  return withoutUnusedTape(() => evaluate(u, rows, terms, used, alphas));
}

function evaluate(u: MLP, rows: Inputs, terms: readonly Term[], used: number[], alphas: MultiIndex[]): tf.Tensor[] {
  const inputNames = u.inputNames;
  const names = Object.keys(rows);
  const width = u.sizes[u.sizes.length - 1];
  const directions = used.map((v) => inputNames.map((name) => (name === names[v] ? 1 : 0)));
  const columns = inputNames.map((name) => rows[name]);
  const points = (columns.length === 1 ? columns[0] : tf.concat(columns, 1)) as tf.Tensor2D;
  const jet = mlpJet(u, points, directions, closure(used.length, alphas));
  const n = points.shape[0];
  return terms.map((term, i) => {
    const c = jet.at(alphas[i]);
    if (c === null) return tf.zeros([n, 1]);
    const column = width === 1 ? c : tf.slice(c, [0, term.output], [c.shape[0], 1]);
    const f = factorial(alphas[i]);
    return fullRows(f === 1 ? column : tf.mul(column, f), n);
  });
}
