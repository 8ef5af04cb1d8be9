import * as tf from '@tensorflow/tfjs';

import { MLP, Network } from '../models/index.js';
import { MAX_TAYLOR_ORDER } from './max_taylor_order.js';
import { applyFiniteGuard, assertColumn, assertFloatResult, describe, finiteGuard } from './checks.js';
import { evaluateInChunks, sliceRows } from './chunks.js';
import { CheckedPartialsOptions, PartialsOptions, checkPartialsOptions } from './partials_options.js';
import { gradStep, recordTape } from './tape.js';
import { Term, nodeKey, parseTerm } from './terms.js';

/** Named [N,1] input columns, e.g. `{x, t}`. */
export type Inputs = Record<string, tf.Tensor2D>;

/** A pointwise function of named columns returning [N,k]: row i depends on row i alone. */
export type PointwiseFn = (inputs: Inputs) => tf.Tensor;

/** Anything with a pointwise `forward` over named columns, such as the library's MLP. */
export interface PointwiseModel {
  /** The model's output `[N,k]` at the named `[N,1]` input columns; row i may depend on row i of the inputs only. */
  forward(inputs: Inputs): tf.Tensor;
}

/**
 * A Taylor-mode evaluator for library models, installed by the taylor layer.
 * Returns the requested terms, or undefined when it does not apply to `u`.
 */
export type TaylorPlanner = (
  u: PointwiseFn | PointwiseModel,
  inputs: Inputs,
  terms: readonly Term[],
  options: CheckedPartialsOptions,
) => tf.Tensor[] | undefined;

let taylorPlanner: TaylorPlanner | undefined;

/** Installs the Taylor-mode path of {@link partials}; called by the taylor layer on import. */
export function setTaylorPlanner(planner: TaylorPlanner | undefined): void {
  taylorPlanner = planner;
}

const FN = 'partials';

/**
 * The PINN workhorse: u and any of its partial derivatives, by name, at N points.
 *
 * Terms are 'u', 'u_x', 'u_xt', 'v_yy', ...: an output name, then one character
 * per input in differentiation order. The work is planned: mixed partials are
 * symmetric (u_xt = u_tx, computed once), u is evaluated once, and each
 * lower derivative is reused by every term above it; large N is cut into
 * chunks that fit `memoryBudget`. Results are new [N,1] tensors, one per
 * distinct term, differentiable with respect to the model's weights; the
 * inputs and whatever u captures or returns stay the caller's.
 *
 * @example
 * const d = partials(net, {x, t}, ['u', 'u_t', 'u_x', 'u_xx']); // a library MLP: Taylor mode
 * const e = partials(({x, t}) => net.forward(x, t).square(), {x, t}, ['u_x']); // any function: reverse mode
 */
export function partials<T extends string>(
  u: PointwiseFn | PointwiseModel,
  inputs: Inputs,
  terms: readonly T[],
  options: PartialsOptions = {},
): Record<T, tf.Tensor2D> {
  const call = asFunction(u);
  const opts = checkPartialsOptions(options, FN);
  const names = checkInputs(inputs);
  if (!Array.isArray(terms) || terms.length === 0) {
    throw new Error(`Argument 'terms' passed to '${FN}' must be a non-empty array of term names like ['u', 'u_x'], but got ${describe(terms)}.`);
  }
  // A repeated term is asked for once: the result has one key per term.
  const unique: T[] = [...new Set<T>(terms)];
  const parsed = unique.map((t) => parseTerm(t, names, opts.outputs, FN));
  const taylor = checkTaylorUse(u, names, parsed, opts);
  const guard = finiteGuard(names.map((name) => ({ what: `Input '${name}'`, t: inputs[name] })), FN);
  const n = inputs[names[0]].shape[0];
  const work = `${names.join()}|${unique.join()}|${opts.outputs.join()}|${opts.method}|${opts.seed}`;
  let chunked: ReturnType<typeof evaluateInChunks>;
  try {
    chunked = evaluateInChunks(
      n,
      (start, size) => {
        const rows: Inputs = {};
        for (const name of names) rows[name] = sliceRows(inputs[name], start, size);
        try {
          if (taylor) {
            const viaTaylor = recordTape(() => taylor(u, rows, parsed, opts) ?? []);
            if (viaTaylor.outputs.length > 0) return viaTaylor;
          }
          if (opts.method === 'taylor') {
            throw new Error(`Option method 'taylor' passed to '${FN}' needs u to be a library MLP or TestNet; use 'auto' or 'reverse' for other functions.`);
          }
          return recordTape(() => reverseTree(call, rows, names, parsed, opts));
        } finally {
          for (const name of names) rows[name].dispose();
        }
      },
      { chunkSize: opts.chunkSize, memoryBudget: opts.memoryBudget, bytesPerRow: measuredCost(u, work) },
    );
  } catch (error) {
    guard?.dispose();
    throw error;
  }
  const { bytesPerRow } = chunked;
  const outputs = applyFiniteGuard(chunked.outputs, guard);
  // No rows measure nothing: the next call probes again.
  if (n > 0) rememberCost(u, work, bytesPerRow);
  const result = {} as Record<T, tf.Tensor2D>;
  unique.forEach((t, i) => (result[t] = outputs[i] as tf.Tensor2D));
  return result;
}

/**
 * The Taylor planner to try, or undefined for reverse mode. For a library
 * MLP, method 'taylor' must fit the model (else an error naming the
 * mismatch), and a term above MAX_TAYLOR_ORDER is an error under 'taylor'
 * and 'auto' alike: nested reverse mode there doubles its cost with every
 * order (seconds at order 10 even for a [2,4,1] MLP at two points), so it
 * is left to an explicit method 'reverse'.
 */
function checkTaylorUse(u: PointwiseFn | PointwiseModel, names: string[], terms: readonly Term[], opts: CheckedPartialsOptions): TaylorPlanner | undefined {
  if (opts.method === 'reverse') return undefined;
  if (!(u instanceof MLP || u instanceof Network)) return taylorPlanner;
  const high = terms.find((t) => t.chain.length > MAX_TAYLOR_ORDER);
  if (high !== undefined) {
    throw new Error(`Term '${high.name}' passed to '${FN}' has order ${high.chain.length}, above MAX_TAYLOR_ORDER = ${MAX_TAYLOR_ORDER}, the highest order Taylor mode (method '${opts.method}') computes for a library MLP; pass method 'reverse' to compute it by nested reverse mode, whose cost doubles with every order.`);
  }
  if (opts.method !== 'taylor') return taylorPlanner;
  const takes = u.inputNames;
  if (names.length !== takes.length || names.some((name) => !takes.includes(name))) {
    throw new Error(`Option method 'taylor' passed to '${FN}' needs the inputs of the MLP: it takes [${takes.join(', ')}], but the inputs are [${names.join(', ')}].`);
  }
  const width = u instanceof MLP ? u.sizes[u.sizes.length - 1] : u.outputWidth;
  if (opts.outputs.length !== width) {
    throw new Error(`Option method 'taylor' passed to '${FN}' needs one name in options.outputs per output column of the MLP: it has ${width}, but options.outputs is [${opts.outputs.join(', ')}].`);
  }
  return taylorPlanner;
}

/**
 * Bytes per row measured for (u, work) by an earlier call, so that a training
 * loop calling partials thousands of times probes its memory cost only once.
 */
const costs = new WeakMap<object, Map<string, number>>();

function measuredCost(u: object, work: string): number | undefined {
  return costs.get(u)?.get(work);
}

function rememberCost(u: object, work: string, bytesPerRow: number): void {
  if (!costs.has(u)) costs.set(u, new Map());
  costs.get(u)!.set(work, bytesPerRow);
}

function asFunction(u: PointwiseFn | PointwiseModel): PointwiseFn {
  if (typeof u === 'function') return u;
  if (u != null && typeof (u as PointwiseModel).forward === 'function') return (inputs) => (u as PointwiseModel).forward(inputs);
  throw new Error(`Argument 'u' passed to '${FN}' must be a function of named [N,1] inputs or a model with forward(), but got ${describe(u)}.`);
}

/** Checks that inputs are named by single characters and are float32 [N,1] columns with one N. */
function checkInputs(inputs: Inputs): string[] {
  if (inputs == null || typeof inputs !== 'object' || inputs instanceof tf.Tensor || Array.isArray(inputs)) {
    throw new Error(`Argument 'inputs' passed to '${FN}' must be a record of named [N,1] tensors like {x, t}, but got ${describe(inputs)}.`);
  }
  const names = Object.keys(inputs);
  if (names.length === 0) throw new Error(`Argument 'inputs' passed to '${FN}' must name at least one input, but got {}.`);
  for (const name of names) {
    if ([...name].length !== 1 || name === '_') {
      throw new Error(`Input '${name}' passed to '${FN}' must be named by a single character other than '_', because terms like 'u_xt' spell one character per input after the '_'.`);
    }
    assertColumn(inputs[name], `inputs.${name}`, FN);
  }
  const n = inputs[names[0]].shape[0];
  for (const name of names) {
    if (inputs[name].shape[0] !== n) {
      throw new Error(`Inputs passed to '${FN}' must all have the same number of rows: '${names[0]}' has ${n}, '${name}' has ${inputs[name].shape[0]}.`);
    }
  }
  return names;
}

/**
 * Nested reverse mode over the tree of requested derivatives: one forward
 * pass, then one backward pass per tree node that has children, taken with
 * respect to all of that node's child variables at once.
 */
function reverseTree(u: PointwiseFn, rows: Inputs, names: string[], terms: readonly Term[], opts: CheckedPartialsOptions): tf.Tensor[] {
  const xs = names.map((name) => rows[name]);
  const n = xs[0].shape[0];
  const y = u(rows);
  const k = opts.outputs.length;
  if (!(y instanceof tf.Tensor) || y.rank !== 2 || y.shape[0] !== n || y.shape[1] !== k) {
    throw new Error(`'${FN}': u must return [N,${k}] (one column per output [${opts.outputs.join(', ')}]) with N = ${n}, but returned ${describe(y)}.`);
  }
  assertFloatResult(y, FN);
  const values = new Map<string, tf.Tensor>();
  const children = new Map<string, Set<number>>();
  let depth = 0;
  for (const term of terms) {
    depth = Math.max(depth, term.chain.length);
    values.set(nodeKey(term.output, []), k === 1 ? y : tf.slice(y, [0, term.output], [n, 1]));
    for (let j = 0; j < term.chain.length; j++) {
      const parent = nodeKey(term.output, term.chain.slice(0, j));
      if (!children.has(parent)) children.set(parent, new Set());
      children.get(parent)!.add(term.chain[j]);
    }
  }
  for (let d = 0; d < depth; d++) {
    for (const term of terms) {
      if (term.chain.length <= d) continue;
      const chain = term.chain.slice(0, d);
      const parent = nodeKey(term.output, chain);
      const vars = children.get(parent);
      if (vars === undefined) continue;
      children.delete(parent);
      const order = [...vars].sort((a, b) => a - b);
      const grads = gradStep(values.get(parent)!, order.map((i) => xs[i]), opts.seed);
      order.forEach((v, i) => {
        if (grads[i] === undefined && d === 0) {
          throw new Error(`'${FN}': output '${opts.outputs[term.output]}' does not depend on input '${names[v]}' (no path from it to u's output); its derivatives would be zeros. Check that u uses inputs.${names[v]}.`);
        }
        // Constant in this variable: the next derivative is a true zero.
        values.set(nodeKey(term.output, [...chain, v]), grads[i] ?? tf.zerosLike(xs[0]));
      });
    }
  }
  return terms.map((term) => values.get(nodeKey(term.output, term.chain))!);
}
