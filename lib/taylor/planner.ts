import * as tf from '@tensorflow/tfjs';

import type { CheckedPartialsOptions, Inputs, PointwiseFn, PointwiseModel, Term } from '../derivatives/index.js';
import { withGradientDepth } from '../internals/engine.js';
import { MLP, Network } from '../models/index.js';
import { recordForwardCalls } from '../models/forward_calls.js';
import { evaluateJet } from './evaluate.js';
import { MultiIndex } from './multi_index.js';
import { outerTape, withoutUnusedTape } from './tape_off.js';

/**
 * Whether 'auto' should take Taylor mode for these terms. Measured with the
 * retired Taylor probe (docs/performance.md, 'Retired probes'; 2-[20]x4-1
 * tanh, N = 10,000, medians of 7): with any term of order >= 2 the jet pass
 * wins everywhere (wasm: 5.6x for the Burgers set, 20x for u_xxxx; cpu: 2.9x
 * and 24x). For first derivatives alone it
 * wins 4x on wasm and 2.9x on the cpu backend's typed-array path, but as tf
 * ops on cpu (when a gradient tape records, e.g. in training) it lost
 * slightly (0.7-0.9x) to reverse mode. Values alone need no derivatives.
 */
export function taylorPays(terms: readonly Term[], backend: string, taped: boolean): boolean {
  const order = Math.max(...terms.map((t) => t.chain.length));
  if (order >= 2) return true;
  return order === 1 && (backend !== 'cpu' || !taped);
}

/**
 * The Taylor-mode planner of `partials`: for a library MLP, one multivariate
 * jet pass whose variables are the inputs the terms differentiate by, over
 * the downward closure of the terms' multi-indices. Mixed partials come out
 * exactly (coefficient alpha times alpha!), with no reverse step. A function
 * that returns a library MLP's forward of exactly these inputs, such as
 * ({x, t}) => net.forward(x, t), is that MLP (see {@link modelBehind}).
 * Returns undefined (partials then uses reverse mode) when u is not an MLP or
 * the inputs or outputs do not match it, so reverse mode reports the mismatch.
 */
export function taylorPlanner(
  u: PointwiseFn | PointwiseModel,
  rows: Inputs,
  terms: readonly Term[],
  options: CheckedPartialsOptions,
): tf.Tensor[] | undefined {
  const model = u instanceof MLP || u instanceof Network ? u : typeof u === 'function' ? modelBehind(u, rows) : undefined;
  if (model === undefined) return undefined;
  return taylorOfModel(model, rows, terms, options);
}

/**
 * The library MLP a function is, on these inputs: one probe call of u, with
 * nothing recorded, shows whether u returned, as it is, the output of an
 * MLP's forward applied to exactly these input tensors by name. Then u and
 * the MLP are the same function here and Taylor mode gives u's derivatives;
 * anything else (a transformed output, other inputs, a matrix) is undefined.
 * The probe replaces u's one call when u is an MLP; otherwise it is an extra
 * forward pass on u's first use only.
 */
export function modelBehind(u: PointwiseFn, rows: Inputs): MLP | Network | undefined {
  if (notModels.has(u)) return undefined;
  let found: MLP | Network | undefined;
  withGradientDepth(0, () =>
    tf.tidy(() => {
      const { value, calls } = recordForwardCalls(() => u(rows));
      const call = calls.find((c) => c.output === value);
      if (call === undefined || !(call.model instanceof MLP || call.model instanceof Network)) return;
      const model = call.model;
      const names = Object.keys(rows);
      const sameInputs =
        names.length === model.inputNames.length &&
        call.columns.length === model.inputNames.length &&
        model.inputNames.every((name, i) => rows[name] !== undefined && call.columns[i] === rows[name]);
      if (sameInputs) found = model;
    }),
  );
  if (found === undefined) notModels.add(u);
  return found;
}

/**
 * Functions a probe found not to be a library MLP: they are not probed again, so u runs once per chunk after its
 * first use. A function found to be one is probed on every call, which is its only call (Taylor mode follows).
 */
const notModels = new WeakSet<PointwiseFn>();

function taylorOfModel(u: MLP | Network, rows: Inputs, terms: readonly Term[], options: CheckedPartialsOptions): tf.Tensor[] | undefined {
  if (options.method === 'auto' && !taylorPays(terms, tf.getBackend(), outerTape())) return undefined;
  const names = Object.keys(rows);
  const inputNames = u.inputNames;
  if (names.length !== inputNames.length || names.some((name) => !inputNames.includes(name))) return undefined;
  const width = u instanceof MLP ? u.sizes[u.sizes.length - 1] : u.outputWidth;
  if (options.outputs.length !== width) return undefined;
  const used = [...new Set(terms.flatMap((t) => t.chain))].sort((a, b) => a - b);
  const alphas: MultiIndex[] = terms.map((t) => used.map((v) => t.chain.filter((c) => c === v).length));
  return withoutUnusedTape(() => evaluate(u, rows, terms, used, alphas));
}

function evaluate(u: MLP | Network, rows: Inputs, terms: readonly Term[], used: number[], alphas: MultiIndex[]): tf.Tensor[] {
  const inputNames = u.inputNames;
  const names = Object.keys(rows);
  const width = u instanceof MLP ? u.sizes[u.sizes.length - 1] : u.outputWidth;
  const directions = used.map((v) => inputNames.map((name) => (name === names[v] ? 1 : 0)));
  const columns = inputNames.map((name) => rows[name] as tf.Tensor2D);
  return evaluateJet(u, columns, directions, terms.map((term, i) => ({ alpha: alphas[i], column: width === 1 ? undefined : term.output })));
}
