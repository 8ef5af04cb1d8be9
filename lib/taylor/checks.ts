import * as tf from '@tensorflow/tfjs';

import { assertFinite } from '../derivatives/checks.js';
import { MAX_TAYLOR_ORDER } from '../derivatives/max_taylor_order.js';
import { MLP, Network } from '../models/index.js';


function describe(v: unknown): string {
  if (v instanceof tf.Tensor) return `a ${v.dtype} tensor of shape [${v.shape.join(',')}]`;
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object') return `an object (${(v as object).constructor?.name ?? 'no class'})`;
  return `${typeof v} ${String(v)}`;
}

/** Throws unless `model` is a library model: an MLP (TestNet included) or a Network. */
export function assertMLP(model: unknown, fn: string): asserts model is MLP | Network {
  if (!(model instanceof MLP || model instanceof Network)) {
    throw new Error(`Argument 'model' passed to '${fn}' must be a library MLP, TestNet or Network (Taylor mode knows their layers), but got ${describe(model)}; use partials(..., {method: 'reverse'}) for other functions.`);
  }
}

/** The model's input points as one float32 [N,in] matrix, from a record named by its inputs or a matrix. */
export function inputMatrix(model: MLP | Network, inputs: unknown, fn: string): tf.Tensor2D {
  const width = model.inputNames.length;
  if (inputs instanceof tf.Tensor) {
    if (inputs.rank !== 2 || inputs.shape[1] !== width || inputs.dtype !== 'float32') {
      throw new Error(`Argument 'inputs' passed to '${fn}' must be a float32 [N,${width}] matrix or a record {${model.inputNames.join(', ')}} of [N,1] columns, but got ${describe(inputs)}.`);
    }
    assertFinite([{ what: "Argument 'inputs'", t: inputs as tf.Tensor2D }], fn);
    return inputs as tf.Tensor2D;
  }
  if (inputs == null || typeof inputs !== 'object' || Array.isArray(inputs)) {
    throw new Error(`Argument 'inputs' passed to '${fn}' must be a record {${model.inputNames.join(', ')}} of [N,1] columns or a [N,${width}] matrix, but got ${describe(inputs)}.`);
  }
  const record = inputs as Record<string, unknown>;
  const extra = Object.keys(record).filter((k) => !model.inputNames.includes(k));
  if (extra.length > 0) {
    throw new Error(`Argument 'inputs' passed to '${fn}' has [${extra.join(', ')}], which the model does not take; its inputs are [${model.inputNames.join(', ')}].`);
  }
  const columns = model.inputNames.map((name) => {
    const c = record[name];
    if (c === undefined) {
      throw new Error(`Argument 'inputs' passed to '${fn}' lacks input '${name}' ([N,1]); the model's inputs are [${model.inputNames.join(', ')}].`);
    }
    if (!(c instanceof tf.Tensor) || c.rank !== 2 || c.shape[1] !== 1 || c.dtype !== 'float32') {
      throw new Error(`Input '${name}' passed to '${fn}' must be a float32 tensor of shape [N,1], but got ${describe(c)}.`);
    }
    return c as tf.Tensor2D;
  });
  const n = columns[0].shape[0];
  const bad = columns.findIndex((c) => c.shape[0] !== n);
  if (bad >= 0) {
    throw new Error(`Inputs passed to '${fn}' must all have the same number of rows: '${model.inputNames[0]}' has ${n}, '${model.inputNames[bad]}' has ${columns[bad].shape[0]}.`);
  }
  assertFinite(columns.map((t, i) => ({ what: `Input '${model.inputNames[i]}'`, t })), fn);
  return columns.length === 1 ? columns[0] : tf.concat(columns, 1);
}

/** The direction as a vector over the model's inputs: an input name becomes its unit vector. */
export function directionVector(model: MLP | Network, direction: unknown, fn: string): number[] {
  const names = model.inputNames;
  if (typeof direction === 'string') {
    const i = names.indexOf(direction);
    if (i < 0) {
      throw new Error(`Argument 'direction' passed to '${fn}' must name one of the model's inputs [${names.join(', ')}] or be a vector of ${names.length} numbers, but got '${direction}'.`);
    }
    return names.map((_, j) => (j === i ? 1 : 0));
  }
  if (!Array.isArray(direction) || direction.length !== names.length || direction.some((d) => typeof d !== 'number' || !Number.isFinite(d))) {
    throw new Error(`Argument 'direction' passed to '${fn}' must name one of the model's inputs [${names.join(', ')}] or be a vector of ${names.length} finite numbers, but got ${describe(direction)}.`);
  }
  if (direction.every((d) => d === 0)) {
    throw new Error(`Argument 'direction' passed to '${fn}' must not be the zero vector: every derivative along it would be zero.`);
  }
  return [...direction];
}

/** Throws unless `order` is an integer in 0..MAX_TAYLOR_ORDER. */
export function assertTaylorOrder(order: unknown, fn: string): asserts order is number {
  if (typeof order !== 'number' || !Number.isInteger(order) || order < 0 || order > MAX_TAYLOR_ORDER) {
    throw new Error(`Argument 'order' passed to '${fn}' must be an integer from 0 to ${MAX_TAYLOR_ORDER}, but got ${describe(order)}.`);
  }
}
