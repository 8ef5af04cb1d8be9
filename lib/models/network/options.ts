import { checkKeys } from '../../internals/keys.js';
import { ACTIVATIONS, ActivationName } from '../activations.js';

/** The trunk of a network: how the hidden layers are wired. */
export type Architecture = 'mlp' | 'modified' | 'pirate';

/** The architectures, in the order the docs list them. */
export const ARCHITECTURES: readonly Architecture[] = ['mlp', 'modified', 'pirate'];

/** An exact periodic embedding of one input: x -> [cos(2π x / period), sin(2π x / period)]. */
export interface PeriodicInput {
  /** The period L (the domain's length in that input for a periodic condition). */
  period: number;
  /** Train the angular frequency 2π/L (jaxpi does for time in its advection example). @default false */
  trainable?: boolean;
}

/** Random Fourier features of the (embedded) inputs: h -> [cos(h B), sin(h B)], B ~ Normal(0, scale²). */
export interface FourierOptions {
  /** Output width m (B has m/2 columns): an even integer. */
  features: number;
  /** The standard deviation of B's entries. @default 1 */
  scale?: number;
  /** Seed of B. @default the network's seed */
  seed?: number;
  /** Train B with the weights. @default false */
  trainable?: boolean;
}

/** Random weight factorisation (Wang et al. 2022): W = diag(exp(s)) V per layer, s ~ Normal(mean, std). */
export interface FactorizationOptions {
  /** The mean of the initial log-scales s. @default 0.5 */
  mean?: number;
  /** The standard deviation of the initial log-scales s, >= 0. @default 0.1 */
  std?: number;
}

/**
 * A network N(inputs) for a PINN: an optional input embedding, a trunk, a linear output layer.
 * The Trainer's `network` section takes exactly these.
 *
 * @example
 * const options: NetworkOptions = {
 *   hidden: [64, 64, 64], architecture: 'modified',
 *   embedding: { periodic: { x: 2 }, fourier: { features: 64, scale: 1 } },
 *   factorization: { mean: 0.5, std: 0.1 },
 * };
 */
export interface NetworkOptions {
  /** Hidden layer widths (all equal for 'modified' and 'pirate'). @default [20, 20, 20] */
  hidden?: number[];
  /** The hidden layers' activation. @default 'tanh' */
  activation?: ActivationName;
  /** Seed of the initial weights (and of Fourier features without their own). @default 1 */
  seed?: number;
  /**
   * 'mlp': plain fully connected layers. 'modified': Wang, Teng & Perdikaris (2021), every hidden
   * layer gated by two encoders U, V of the embedded input, h = act(hW + b) * U + (1 - act(hW + b)) * V.
   * 'pirate': PirateNet residual blocks (Wang et al. 2024), one block per hidden width, each
   * x -> alpha f(x) + (1 - alpha) x with a trainable alpha that starts at 0 (the network starts shallow).
   * @default 'mlp'
   */
  architecture?: Architecture;
  /** Input embedding: exact periodic per input, then random Fourier features. @default none */
  embedding?: {
    /** By input name: its period, or { period, trainable }. */
    periodic?: Record<string, number | PeriodicInput>;
    /** Random Fourier features of the inputs after the periodic embedding; null: none. @default null */
    fourier?: FourierOptions | null;
  } | null;
  /** Random weight factorisation of every dense layer; null: plain weights. @default null */
  factorization?: FactorizationOptions | null;
  /**
   * Map each input that is not periodically embedded to [-1, 1] from its range in the problem (the Trainer
   * gives the ranges: the domain's bounding box, or a time window's): a short time window, or a domain
   * [0, 2π], then looks to the first layer as [-1, 1] does. @default false
   */
  normalize?: boolean;
}

/** {@link NetworkOptions} with every default applied and checked (what checkpoints store). */
export interface CheckedNetworkOptions {
  /** Hidden layer widths. */
  hidden: number[];
  /** The hidden layers' activation. */
  activation: ActivationName;
  /** Seed of the initial weights. */
  seed: number;
  /** The trunk: 'mlp', 'modified' or 'pirate'. */
  architecture: Architecture;
  /** The input embedding, or null for none (also when it would embed nothing). */
  embedding: {
    /** The periodically embedded inputs by name ({} for none). */
    periodic: Record<string, {
      /** The period L. */
      period: number;
      /** Whether the frequency 2π/L is trained. */
      trainable: boolean;
    }>;
    /** Random Fourier features, or null for none. */
    fourier: {
      /** Output width m (even). */
      features: number;
      /** The standard deviation of B's entries. */
      scale: number;
      /** Seed of B (the network's seed unless given). */
      seed: number;
      /** Whether B is trained. */
      trainable: boolean;
    } | null;
  } | null;
  /** Random weight factorisation, or null for plain weights. */
  factorization: {
    /** The mean of the initial log-scales s. */
    mean: number;
    /** The standard deviation of the initial log-scales s. */
    std: number;
  } | null;
  /** Whether the inputs that are not periodically embedded are mapped to [-1, 1] from their ranges. */
  normalize: boolean;
}

/** The one home of the network defaults. */
export const NETWORK_DEFAULTS = Object.freeze({
  /** Hidden layer widths: three layers of 20. */
  hidden: [20, 20, 20] as readonly number[],
  /** The hidden layers' activation. */
  activation: 'tanh' as ActivationName,
  /** Seed of the initial weights. */
  seed: 1,
  /** The trunk. */
  architecture: 'mlp' as Architecture,
  /** `embedding.fourier.scale`: the standard deviation of B's entries. */
  fourierScale: 1,
  /** `factorization.mean`. */
  factorizationMean: 0.5,
  /** `factorization.std`. */
  factorizationStd: 0.1,
});

/** Where options come from, for messages: `Option '${prefix}key' passed to '${fn}' ...`. */
export interface NetworkOptionSite {
  /** The function or class the options were passed to, e.g. 'Trainer'. */
  fn: string;
  /** What precedes an option's key in messages, e.g. 'options.network.' ('' for the top level). */
  prefix: string;
  /** The inputs the network takes, when known: periodic embeddings must name them. */
  inputs?: readonly string[];
}

const show = (v: unknown) => (typeof v === 'number' ? String(v) : JSON.stringify(v));

/**
 * Applies the network defaults and checks every option: unknown keys (with the nearest valid one),
 * integers and ranges, and that what the architecture needs holds (equal widths for 'modified' and
 * 'pirate'); messages name the option as the caller wrote it.
 *
 * @example
 * checkNetworkOptions({ hidden: [32, 32] }).architecture; // 'mlp'
 * checkNetworkOptions({ architecture: 'modified', hidden: [32, 16] }); // throws: equal widths
 */
export function checkNetworkOptions(options: NetworkOptions = {}, site: NetworkOptionSite = { fn: 'Network', prefix: '' }): CheckedNetworkOptions {
  const fail = (key: string, what: string, got: unknown): never => {
    throw new Error(`Option '${site.prefix}${key}' passed to '${site.fn}' must be ${what}, but got ${show(got)}.`);
  };
  const where = (key: string) => (site.prefix === '' && key === '' ? `options passed to '${site.fn}'` : `${site.prefix}${key}`.replace(/\.$/, '') + ` passed to '${site.fn}'`);
  if (options === null || typeof options !== 'object' || Array.isArray(options)) fail('', 'an object', options);
  checkKeys(options, ['hidden', 'activation', 'seed', 'architecture', 'embedding', 'factorization', 'normalize'], where(''));
  const hidden = options.hidden ?? [...NETWORK_DEFAULTS.hidden];
  if (!Array.isArray(hidden) || hidden.length === 0 || hidden.some((h) => !Number.isInteger(h) || h < 1)) fail('hidden', 'a non-empty array of positive integers', hidden);
  const activation = options.activation ?? NETWORK_DEFAULTS.activation;
  if (!ACTIVATIONS.includes(activation)) fail('activation', `one of ${ACTIVATIONS.join(', ')}`, activation);
  const seed = options.seed ?? NETWORK_DEFAULTS.seed;
  if (!Number.isSafeInteger(seed) || seed < 0) fail('seed', 'an integer >= 0', seed);
  const architecture = options.architecture ?? NETWORK_DEFAULTS.architecture;
  if (!ARCHITECTURES.includes(architecture)) fail('architecture', `one of ${ARCHITECTURES.map((a) => `'${a}'`).join(', ')}`, architecture);
  if (architecture !== 'mlp' && hidden.some((h) => h !== hidden[0])) fail('hidden', `equal widths for architecture '${architecture}' (its gates U and V have one width)`, hidden);
  const normalize = options.normalize ?? false;
  if (typeof normalize !== 'boolean') fail('normalize', 'true or false', normalize);
  return { hidden: [...hidden], activation, seed, architecture, embedding: checkEmbedding(options.embedding, seed, site, fail, where), factorization: checkFactorization(options.factorization, fail, where), normalize };
}

type Fail = (key: string, what: string, got: unknown) => never;

function checkEmbedding(e: NetworkOptions['embedding'], seed: number, site: NetworkOptionSite, fail: Fail, where: (key: string) => string): CheckedNetworkOptions['embedding'] {
  if (e === undefined || e === null) return null;
  if (typeof e !== 'object' || Array.isArray(e)) fail('embedding', 'null or { periodic, fourier }', e);
  checkKeys(e, ['periodic', 'fourier'], where('embedding'));
  const periodic: Record<string, { period: number; trainable: boolean }> = {};
  if (e.periodic !== undefined) {
    if (e.periodic === null || typeof e.periodic !== 'object' || Array.isArray(e.periodic)) fail('embedding.periodic', "an object { input: period } such as { x: 2 }", e.periodic);
    for (const [name, spec] of Object.entries(e.periodic)) {
      const key = `embedding.periodic.${name}`;
      if (site.inputs !== undefined && !site.inputs.includes(name)) fail(key, `keyed by an input of the network [${site.inputs.join(', ')}]`, name);
      const s = typeof spec === 'number' ? { period: spec } : spec;
      if (s === null || typeof s !== 'object' || Array.isArray(s)) fail(key, 'a period (a number > 0) or { period, trainable }', spec);
      checkKeys(s, ['period', 'trainable'], where(key));
      if (typeof s.period !== 'number' || !(s.period > 0) || !Number.isFinite(s.period)) fail(`${key}.period`, 'a finite number > 0', s.period);
      const trainable = s.trainable ?? false;
      if (typeof trainable !== 'boolean') fail(`${key}.trainable`, 'true or false', trainable);
      periodic[name] = { period: s.period, trainable };
    }
  }
  let fourier: NonNullable<CheckedNetworkOptions['embedding']>['fourier'] = null;
  if (e.fourier !== undefined && e.fourier !== null) {
    const f = e.fourier;
    if (typeof f !== 'object' || Array.isArray(f)) fail('embedding.fourier', 'null or { features, scale, seed, trainable }', f);
    checkKeys(f, ['features', 'scale', 'seed', 'trainable'], where('embedding.fourier'));
    if (!Number.isInteger(f.features) || f.features < 2 || f.features % 2 !== 0) fail('embedding.fourier.features', 'an even integer >= 2 (cos and sin of each of features/2 projections)', f.features);
    const scale = f.scale ?? NETWORK_DEFAULTS.fourierScale;
    if (typeof scale !== 'number' || !(scale > 0) || !Number.isFinite(scale)) fail('embedding.fourier.scale', 'a finite number > 0', scale);
    const fSeed = f.seed ?? seed;
    if (!Number.isSafeInteger(fSeed) || fSeed < 0) fail('embedding.fourier.seed', 'an integer >= 0', fSeed);
    const trainable = f.trainable ?? false;
    if (typeof trainable !== 'boolean') fail('embedding.fourier.trainable', 'true or false', trainable);
    fourier = { features: f.features, scale, seed: fSeed, trainable };
  }
  if (Object.keys(periodic).length === 0 && fourier === null) return null;
  return { periodic, fourier };
}

function checkFactorization(f: NetworkOptions['factorization'], fail: Fail, where: (key: string) => string): CheckedNetworkOptions['factorization'] {
  if (f === undefined || f === null) return null;
  if (typeof f !== 'object' || Array.isArray(f)) fail('factorization', 'null or { mean, std }', f);
  checkKeys(f, ['mean', 'std'], where('factorization'));
  const mean = f.mean ?? NETWORK_DEFAULTS.factorizationMean;
  const std = f.std ?? NETWORK_DEFAULTS.factorizationStd;
  if (typeof mean !== 'number' || !Number.isFinite(mean)) fail('factorization.mean', 'a finite number', mean);
  if (typeof std !== 'number' || !(std >= 0) || !Number.isFinite(std)) fail('factorization.std', 'a finite number >= 0', std);
  return { mean, std };
}

/**
 * Whether checked options describe the plain MLP (no embedding, no factorisation): the Trainer then
 * builds the library's {@link MLP}, whose checkpoints and fused Taylor kernel are those of earlier versions.
 */
export function isPlainMLP(o: CheckedNetworkOptions): boolean {
  return o.architecture === 'mlp' && o.embedding === null && o.factorization === null && !o.normalize;
}
