import { checkKeys } from '../../internals/index.js';
import { Rng } from '../../sampling/rng.js';
import type { DataCondition, Interval } from '../types.js';
import { NdArray } from '../../data/types.js';

/** Observed points and values, e.g. from {@link meshData} or a table's columns. */
export interface Observations {
  /** Coordinates by input name, N each. */
  points: Record<string, ArrayLike<number>>;
  /** N observed values. */
  values: ArrayLike<number>;
}

/** Options of {@link dataCondition}. */
export interface DataConditionOptions extends Observations {
  /** Keep this many points drawn at random without replacement (seeded). @default all */
  sample?: number;
  /**
   * Gaussian noise added to the values, as a fraction of their standard deviation
   * (Raissi et al.: u + noise · std(u) · randn). @default 0
   */
  noise?: number;
  /** Seed of the sub-sampling and the noise. @default 1 */
  seed?: number;
  /** The problem's domain: every point must lie inside it (checked when given). */
  domain?: Record<string, Interval>;
  /** Which output the values observe. @default the problem's first */
  output?: string;
  /** Weight of the misfit in the loss. @default 1 */
  weight?: number;
}

const KEYS = ['points', 'values', 'sample', 'noise', 'seed', 'domain', 'output', 'weight'];

function finiteColumn(v: ArrayLike<number>, what: string): Float64Array {
  if (v == null || typeof (v as ArrayLike<number>).length !== 'number' || typeof v === 'string') {
    throw new Error(`Option '${what}' passed to 'dataCondition' must be an array of numbers, but got ${v === null ? 'null' : typeof v}.`);
  }
  const out = Float64Array.from(v as ArrayLike<number>);
  const bad = out.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new Error(`Option '${what}' passed to 'dataCondition' holds ${out[bad]} at index ${bad}; observed data must be finite (drop or fill such points first).`);
  return out;
}

/**
 * A `data` condition for a {@link Problem}'s `conditions` from observed
 * values: checked for NaN, lengths and the domain, optionally sub-sampled and
 * made noisy (seeded, so a study can be repeated).
 *
 * @example
 * const mat = parseMat(bytes);
 * dataCondition({ ...meshData({ x: mat.x, t: mat.t }, mat.usol), sample: 2000, noise: 0.01 });
 */
export function dataCondition(options: DataConditionOptions): DataCondition {
  if (options === null || typeof options !== 'object') throw new Error(`Argument 'options' passed to 'dataCondition' must be an object with points and values, but got ${JSON.stringify(options)}.`);
  checkKeys(options, KEYS, "options passed to 'dataCondition'");
  const values = finiteColumn(options.values, 'values');
  const n = values.length;
  if (n === 0) throw new Error(`Option 'values' passed to 'dataCondition' is empty; give at least one observation.`);
  if (options.points === null || typeof options.points !== 'object' || Object.keys(options.points).length === 0) {
    throw new Error(`Option 'points' passed to 'dataCondition' must give the coordinates by input name, e.g. {x: [...], t: [...]}.`);
  }
  const points: Record<string, Float64Array> = {};
  for (const [name, col] of Object.entries(options.points)) {
    points[name] = finiteColumn(col, `points.${name}`);
    if (points[name].length !== n) throw new Error(`Option 'points.${name}' passed to 'dataCondition' has ${points[name].length} coordinates, but 'values' has ${n}; they must match one to one.`);
  }
  if (options.domain !== undefined) {
    const names = Object.keys(options.domain);
    const missing = names.filter((v) => !(v in points));
    const extra = Object.keys(points).filter((v) => !(v in options.domain!));
    if (missing.length > 0 || extra.length > 0) {
      throw new Error(`Option 'points' passed to 'dataCondition' must have one column per domain input [${names.join(', ')}], but has [${Object.keys(points).join(', ')}].`);
    }
    for (const v of names) {
      const [lo, hi] = options.domain[v];
      const bad = points[v].findIndex((x) => x < lo || x > hi);
      if (bad >= 0) throw new Error(`Option 'points.${v}' passed to 'dataCondition': point ${bad} has ${v} = ${points[v][bad]}, outside the domain [${lo}, ${hi}].`);
    }
  }
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new Error(`Option 'seed' passed to 'dataCondition' must be an integer, but got ${JSON.stringify(seed)}.`);
  const noise = options.noise ?? 0;
  if (typeof noise !== 'number' || !(noise >= 0) || !Number.isFinite(noise)) throw new Error(`Option 'noise' passed to 'dataCondition' must be a number >= 0 (a fraction of the values' standard deviation), but got ${JSON.stringify(noise)}.`);
  const sample = options.sample ?? n;
  if (!Number.isInteger(sample) || sample < 1 || sample > n) throw new Error(`Option 'sample' passed to 'dataCondition' must be an integer in [1, ${n}] (the number of observations), but got ${JSON.stringify(sample)}.`);
  if (options.weight !== undefined && !(typeof options.weight === 'number' && options.weight >= 0)) throw new Error(`Option 'weight' passed to 'dataCondition' must be a number >= 0, but got ${JSON.stringify(options.weight)}.`);
  const rng = new Rng(seed);
  let keep = Array.from({ length: n }, (_, i) => i);
  if (sample < n) {
    // Partial Fisher-Yates: the first `sample` entries are a uniform draw without replacement.
    for (let i = 0; i < sample; i++) {
      const j = i + Math.floor(rng.next() * (n - i));
      [keep[i], keep[j]] = [keep[j], keep[i]];
    }
    keep = keep.slice(0, sample);
  }
  let picked = keep.map((i) => values[i]);
  if (noise > 0) {
    const mean = picked.reduce((a, b) => a + b, 0) / picked.length;
    const std = Math.sqrt(picked.reduce((a, b) => a + (b - mean) ** 2, 0) / picked.length);
    picked = picked.map((v) => v + noise * std * gaussian(rng));
  }
  const condition: DataCondition = {
    kind: 'data',
    points: Object.fromEntries(Object.entries(points).map(([k, col]) => [k, keep.map((i) => col[i])])),
    values: picked,
  };
  if (options.output !== undefined) condition.output = options.output;
  if (options.weight !== undefined) condition.weight = options.weight;
  return condition;
}

/** A standard normal draw (Box-Muller). */
function gaussian(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * Observations on a tensor grid, flattened: `axes` gives each input's grid
 * coordinates (vectors of any orientation, e.g. MATLAB's [256,1]) in the
 * order of `values`' dimensions, and `values` has shape [n1, n2, ...].
 *
 * @example
 * const mat = parseMat(bytes); // x [256,1], t [100,1], usol [256,100]
 * meshData({ x: mat.x, t: mat.t }, mat.usol).values.length; // 25600
 */
export function meshData(axes: Record<string, NdArray | ArrayLike<number>>, values: NdArray): Observations {
  const names = Object.keys(axes ?? {});
  if (names.length === 0) throw new Error(`Argument 'axes' passed to 'meshData' must name at least one input's grid, e.g. {x: mat.x, t: mat.t}.`);
  const cols = names.map((k) => {
    const a = axes[k] as NdArray;
    const data = a && a.data instanceof Float64Array ? a.data : Float64Array.from(axes[k] as ArrayLike<number>);
    if (a?.shape && a.shape.filter((d) => d !== 1).length > 1) throw new Error(`Argument 'axes.${k}' passed to 'meshData' must be a vector, but has shape [${a.shape}].`);
    return data;
  });
  if (!values || !Array.isArray(values.shape) || !(values.data instanceof Float64Array)) throw new Error(`Argument 'values' passed to 'meshData' must be an NdArray {shape, data}, as the readers return.`);
  const want = cols.map((c) => c.length);
  const shape = values.shape.length > want.length && values.shape.slice(want.length).every((d) => d === 1) ? values.shape.slice(0, want.length) : values.shape;
  if (shape.join(',') !== want.join(',')) {
    throw new Error(`Argument 'values' passed to 'meshData' has shape [${values.shape}], but the axes (${names.join(', ')}) need [${want}]; transpose the array or reorder the axes.`);
  }
  const total = values.data.length;
  const points: Record<string, Float64Array> = Object.fromEntries(names.map((k) => [k, new Float64Array(total)]));
  const idx = new Array<number>(names.length).fill(0);
  for (let i = 0; i < total; i++) {
    names.forEach((k, d) => (points[k][i] = cols[d][idx[d]]));
    for (let d = names.length - 1; d >= 0; d--) {
      if (++idx[d] < want[d]) break;
      idx[d] = 0;
    }
  }
  return { points, values: values.data };
}
