import { checkKeys } from '../internals/index.js';
import { assertOneOf, assertOptionsObject, describe } from './checks.js';
import { Seed } from './tape.js';

/** Options of {@link partials}. */
export interface PartialsOptions {
  /**
   * Names of u's output columns, one character string or longer, used in terms.
   * @default ['u']
   */
  outputs?: string[];
  /**
   * How each backward pass is seeded: 'sum' (gradient of the sum) or 'ones'
   * (explicit ones seed). Same numbers.
   * @default 'sum'
   */
  seed?: Seed;
  /**
   * 'reverse': nested reverse mode, any function u. 'taylor': Taylor mode,
   * u must be a library model. 'auto': Taylor mode where it applies.
   * @default 'auto'
   */
  method?: 'auto' | 'reverse' | 'taylor';
  /** Points per chunk; overrides memoryBudget. */
  chunkSize?: number;
  /**
   * Bytes of tensor memory one chunk may use; the chunk size is measured from
   * a probe chunk. Large fourth-order evaluations abort the wasm backend in
   * one piece, so this is on by default. The cost is measured once per
   * (u, terms) and remembered.
   * @default 536870912 (512 MiB)
   */
  memoryBudget?: number;
}

/** {@link PartialsOptions} with defaults applied and every value checked. */
export interface CheckedPartialsOptions {
  /** Names of u's output columns, in order. */
  outputs: string[];
  /** How the gradient is seeded (the numbers are the same either way). */
  seed: Seed;
  /** Taylor mode, nested reverse mode, or the choice by `u` and the terms. */
  method: 'auto' | 'reverse' | 'taylor';
  /** Points per chunk, or undefined to size chunks by `memoryBudget`. */
  chunkSize: number | undefined;
  /** Bytes one chunk may take. */
  memoryBudget: number;
}

/**
 * Default memory budget of one chunk: 512 MiB. A fourth-order reverse pass
 * of a 2-[20]x4-1 MLP holds about 100 kB per row, so 100,000 rows in one
 * piece (10 GB) abort the wasm module, whose heap ends at 4 GB.
 */
export const DEFAULT_MEMORY_BUDGET = 512 * 1024 * 1024;

const OPTION_KEYS = ['outputs', 'seed', 'method', 'chunkSize', 'memoryBudget'] as const;

/** Applies the defaults of {@link PartialsOptions} and checks every option. */
export function checkPartialsOptions(options: PartialsOptions, fn: string): CheckedPartialsOptions {
  assertOptionsObject(options, fn);
  checkKeys(options, OPTION_KEYS, `options passed to '${fn}'`);
  const outputs = options.outputs ?? ['u'];
  if (!Array.isArray(outputs) || outputs.length === 0 || outputs.some((o) => typeof o !== 'string' || o.length === 0 || o.includes('_'))) {
    throw new Error(`Option 'outputs' passed to '${fn}' must be a non-empty array of names without '_', but got ${JSON.stringify(outputs)}.`);
  }
  if (new Set(outputs).size !== outputs.length) {
    throw new Error(`Option 'outputs' passed to '${fn}' must not repeat a name, but got ${JSON.stringify(outputs)}.`);
  }
  const seed = options.seed ?? 'sum';
  assertOneOf(seed, ['sum', 'ones'] as const, 'seed', fn);
  const method = options.method ?? 'auto';
  assertOneOf(method, ['auto', 'reverse', 'taylor'] as const, 'method', fn);
  const { chunkSize } = options;
  if (chunkSize !== undefined && (!Number.isSafeInteger(chunkSize) || chunkSize < 1)) {
    throw new Error(`Option 'chunkSize' passed to '${fn}' must be a positive integer, but got ${describe(chunkSize)}.`);
  }
  const memoryBudget = options.memoryBudget ?? DEFAULT_MEMORY_BUDGET;
  if (typeof memoryBudget !== 'number' || !(memoryBudget > 0) || !Number.isFinite(memoryBudget)) {
    throw new Error(`Option 'memoryBudget' passed to '${fn}' must be a positive number of bytes, but got ${describe(memoryBudget)}.`);
  }
  return { outputs, seed, method, chunkSize, memoryBudget };
}
