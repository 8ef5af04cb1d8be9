import * as tf from '@tensorflow/tfjs';

import { checkKeys } from '../internals/index.js';
import { ParameterSpec, ParameterTransform, Problem } from './types.js';

const TRANSFORMS: ParameterTransform[] = ['none', 'exp', 'softplus'];

/**
 * Checks a problem's `parameters`, naming the parameter and what is wrong.
 *
 * @example
 * checkParameters({ ...problem, parameters: { k: { init: 0.5 } } }); // fine
 * checkParameters({ ...problem, parameters: { k: { init: NaN } } }); // throws: parameters.k.init must be a finite number
 */
export function checkParameters(problem: Problem): void {
  const params = problem.parameters;
  for (const [name, v] of Object.entries(problem.exactParameters ?? {})) {
    if (!(name in (params ?? {}))) throw new Error(`Problem '${problem.name}': exactParameters.${name} names no trainable parameter; the parameters are [${Object.keys(params ?? {}).join(', ')}].`);
    if (!Number.isFinite(v)) throw new Error(`Problem '${problem.name}': exactParameters.${name} must be a finite number, but got ${JSON.stringify(v)}.`);
  }
  if (params === undefined) return;
  const where = `Problem '${problem.name}'`;
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new Error(`${where}: 'parameters' must be an object of named specs, e.g. { k: { init: 0 } }, but got ${JSON.stringify(params)}.`);
  }
  for (const [name, spec] of Object.entries(params)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`${where}: parameter name '${name}' must be letters, digits and underscores, starting with a letter (it names a loss.csv column).`);
    if (problem.inputs.includes(name) || problem.outputs.includes(name)) throw new Error(`${where}: parameter name '${name}' is also an input or output name; choose another.`);
    if (spec === null || typeof spec !== 'object') throw new Error(`${where}: parameters.${name} must be an object { init, transform? }, but got ${JSON.stringify(spec)}.`);
    checkKeys(spec, ['init', 'transform'], `${where}: parameters.${name}`);
    if (typeof spec.init !== 'number' || !Number.isFinite(spec.init)) throw new Error(`${where}: parameters.${name}.init must be a finite number (the initial raw value), but got ${JSON.stringify(spec.init)}.`);
    if (spec.transform !== undefined && !TRANSFORMS.includes(spec.transform)) {
      throw new Error(`${where}: parameters.${name}.transform must be one of ${TRANSFORMS.map((t) => `'${t}'`).join(', ')}, but got ${JSON.stringify(spec.transform)}.`);
    }
  }
}

/** The value transform(θ) of a raw number, in float64 (what history and summaries report). */
export function transformValue(spec: ParameterSpec, raw: number): number {
  switch (spec.transform ?? 'none') {
    case 'exp':
      return Math.exp(raw);
    case 'softplus':
      return raw > 30 ? raw : Math.log1p(Math.exp(raw));
    default:
      return raw;
  }
}

/**
 * The trainable parameters of a problem: one raw float32 scalar variable per
 * name, in the problem's order, and their transformed values as tensors
 * (for the residual, differentiable) or numbers (for history and files).
 *
 * @example
 * const ps = new ParameterSet({ k: { init: 0.5 } });
 * tf.tidy(() => ps.tensors().k.dataSync()[0]); // 0.5
 */
export class ParameterSet {
  readonly names: string[];
  readonly variables: tf.Variable[];

  constructor(readonly specs: Record<string, ParameterSpec> = {}) {
    this.names = Object.keys(specs);
    // The variable keeps the scalar's data; tidy frees the scalar's own handle.
    this.variables = this.names.map((n) => tf.tidy(() => tf.variable(tf.scalar(specs[n].init, 'float32'), true)));
  }

  /** transform(θ) per name as scalars; call inside the loss so gradients reach θ. */
  tensors(): Record<string, tf.Scalar> {
    const out: Record<string, tf.Scalar> = {};
    this.names.forEach((n, i) => {
      const v = this.variables[i] as tf.Scalar;
      const t = this.specs[n].transform ?? 'none';
      out[n] = t === 'exp' ? tf.exp(v) : t === 'softplus' ? tf.softplus(v) : v;
    });
    return out;
  }

  /** The raw values θ by name (what states save). */
  raw(): Record<string, number> {
    if (this.names.length === 0) return {};
    const values = tf.tidy(() => tf.stack(this.variables).dataSync());
    return Object.fromEntries(this.names.map((n, i) => [n, values[i]]));
  }

  /** The values transform(θ) by name (what history, summaries and solutions report). */
  values(): Record<string, number> {
    return this.valuesOf(this.raw());
  }

  /** The values transform(θ) by name for raw values θ by name (read back by the caller). */
  valuesOf(raw: Record<string, number>): Record<string, number> {
    return Object.fromEntries(this.names.map((n) => [n, transformValue(this.specs[n], raw[n])]));
  }

  /** Sets the raw values θ; throws, naming what is missing or extra, when the names differ. */
  setRaw(raw: Record<string, number>, where: string): void {
    const given = Object.keys(raw ?? {});
    if (given.slice().sort().join(',') !== this.names.slice().sort().join(',')) {
      throw new Error(`${where} has parameters [${given.join(', ')}], but the problem trains [${this.names.join(', ')}].`);
    }
    this.names.forEach((n, i) => {
      if (!Number.isFinite(raw[n])) throw new Error(`${where} has parameter '${n}' = ${raw[n]}; expected a finite number.`);
      tf.tidy(() => this.variables[i].assign(tf.scalar(raw[n], 'float32')));
    });
  }

  dispose(): void {
    this.variables.forEach((v) => v.dispose());
  }
}
