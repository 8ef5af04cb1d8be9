import { checkKeys } from '../internals/index.js';
import { ACTIVATIONS, ActivationName } from './activations.js';
import { InitName } from './init.js';

/** Options of {@link MLP}. */
export interface MLPOptions {
  /** Layer widths [in, hidden..., out], e.g. [2, 20, 20, 1]. */
  sizes: number[];
  /** Activation between layers. @default 'tanh' */
  activation?: ActivationName;
  /** Weight initialisation. @default 'glorot' */
  init?: InitName;
  /** Seed for reproducible initial weights (same on every backend), a safe integer. @default random */
  seed?: number;
  /**
   * Names of the input columns, for `forward({x, t})`.
   * @default ['x'], ['x', 't'], ['x', 'y', 't'] or ['x', 'y', 'z', 't'] by input width
   */
  inputs?: string[];
  /** Whether the weights are trainable variables. @default true */
  trainable?: boolean;
}

/** {@link MLPOptions} with defaults applied and every value checked. */
export interface CheckedMLPOptions {
  sizes: number[];
  activation: ActivationName;
  init: InitName;
  seed: number | undefined;
  inputs: string[];
  trainable: boolean;
}

const MLP_KEYS = ['sizes', 'activation', 'init', 'seed', 'inputs', 'trainable'] as const;

/** The keys `MLP.fromLayers` takes in its options: the layers fix sizes, the argument the activation. */
export const FROM_LAYERS_KEYS = ['init', 'seed', 'inputs', 'trainable'] as const;

/** The keys `TestNet` takes: its layout is fixed. */
export const TEST_NET_KEYS = ['seed', 'init'] as const;

const DEFAULT_INPUTS: Record<number, string[]> = { 1: ['x'], 2: ['x', 't'], 3: ['x', 'y', 't'], 4: ['x', 'y', 'z', 't'] };

/** Throws unless `options` is an object with only `keys`; `fn` is the entry point as the caller wrote it. */
export function checkOptionKeys(options: unknown, keys: readonly string[], fn: string): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new Error(`Argument 'options' passed to '${fn}' must be an object of options, but got ${options === null || options === undefined ? String(options) : JSON.stringify(options)}.`);
  }
  checkKeys(options, keys, `options passed to '${fn}'`);
}

/** Throws unless `seed` is undefined or a safe integer (any other number would seed silently by its string). */
export function checkSeed(seed: unknown, fn: string): void {
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    const got = typeof seed === 'string' ? `'${seed}'` : `${typeof seed} ${String(seed)}`;
    throw new Error(`Option 'seed' passed to '${fn}' must be a safe integer (reproducible weights), but got ${got}.`);
  }
}

/** Throws unless `init` is undefined or one of the initialisations. */
export function checkInit(init: unknown, fn: string): void {
  if (init !== undefined && init !== 'glorot' && init !== 'torch') {
    throw new Error(`Option 'init' passed to '${fn}' must be 'glorot' or 'torch', but got ${JSON.stringify(init)}.`);
  }
}

/** Applies the defaults of {@link MLPOptions} and checks every option; `fn` names the entry point in messages. */
export function checkMLPOptions(options: MLPOptions, fn: string, keys: readonly string[] = MLP_KEYS): CheckedMLPOptions {
  checkOptionKeys(options, keys, fn);
  const sizes = options.sizes;
  if (!Array.isArray(sizes) || sizes.length < 2 || sizes.some((s) => !Number.isSafeInteger(s) || s < 1)) {
    throw new Error(`Option 'sizes' passed to '${fn}' must be an array of at least two positive integers [in, ..., out], but got ${JSON.stringify(sizes)}.`);
  }
  const activation = options.activation ?? 'tanh';
  if (!ACTIVATIONS.includes(activation)) {
    throw new Error(`Option 'activation' passed to '${fn}' must be one of ${ACTIVATIONS.join(', ')}, but got ${JSON.stringify(activation)}.`);
  }
  checkInit(options.init, fn);
  checkSeed(options.seed, fn);
  const inputs = options.inputs ?? DEFAULT_INPUTS[sizes[0]] ?? Array.from({ length: sizes[0] }, (_, i) => `x${i}`);
  if (!Array.isArray(inputs) || inputs.length !== sizes[0] || inputs.some((name) => typeof name !== 'string' || name.length === 0) || new Set(inputs).size !== inputs.length) {
    throw new Error(`Option 'inputs' passed to '${fn}' must name ${sizes[0]} distinct input columns by non-empty strings, but got ${JSON.stringify(inputs)}.`);
  }
  const trainable = options.trainable ?? true;
  if (typeof trainable !== 'boolean') {
    throw new Error(`Option 'trainable' passed to '${fn}' must be true or false, but got ${JSON.stringify(trainable).replace(/"/g, "'")}.`);
  }
  return { sizes: [...sizes], activation, init: options.init ?? 'glorot', seed: options.seed, inputs: [...inputs], trainable };
}
