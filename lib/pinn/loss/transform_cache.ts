import * as tf from '@tensorflow/tfjs';

import { unrecorded } from '../../internals/engine.js';

import { Columns } from '../types.js';

interface Entry {
  points: tf.Tensor[];
  terms: Record<string, tf.Tensor2D>;
}

const functionIds = new WeakMap<object, number>();
let nextFunctionId = 0;
const idOf = (f: object) => {
  let id = functionIds.get(f);
  if (id === undefined) functionIds.set(f, (id = nextFunctionId++));
  return id;
};

/**
 * The partials of an output transform's `value` and `scale` at point sets
 * that stay fixed for many steps: they do not depend on the weights, so the
 * Trainer computes them once per point set instead of once per step (in
 * reverse mode they were most of a Burgers step's kernels). An entry lives
 * while its point tensors do and is freed on the next lookup after they are
 * disposed (on resampling), or by {@link TransformTermsCache.dispose}.
 *
 * Only for losses that are never differentiated with respect to the points:
 * the cached terms are constants. The Trainer's loss is one (it differentiates
 * by weights and parameters only); `partials` and `Solution` never use a cache.
 *
 * @example
 * const cache = new TransformTermsCache();
 * withTransformCache(cache, () => lossParts(problem, net, batch)); // computes and keeps the transform's terms
 */
export class TransformTermsCache {
  private readonly entries = new Map<string, Entry>();

  /** The terms of `f` (value or scale) at `p`, computed by `make` on first use at these point tensors. */
  lookup(f: object, p: Columns, names: readonly string[], make: () => Record<string, tf.Tensor2D>): Record<string, tf.Tensor2D> {
    this.sweep();
    const points = Object.keys(p).sort().map((k) => p[k]);
    const key = `${idOf(f)}|${[...names].sort().join(',')}|${Object.keys(p).sort().map((k) => `${k}:${p[k].id}`).join(',')}`;
    let entry = this.entries.get(key);
    if (entry === undefined) {
      // Constants of the loss from now on, kept beyond the caller's tidy: computed off the loss's tape (partials
      // differentiates the transform on a tape of its own), so that its gradients neither walk nor grow that tape.
      const terms = unrecorded(() => tf.tidy(make));
      Object.values(terms).forEach((t) => tf.keep(t));
      entry = { points, terms };
      this.entries.set(key, entry);
    }
    return entry.terms;
  }

  /** Frees every entry. */
  dispose(): void {
    for (const entry of this.entries.values()) tf.dispose(Object.values(entry.terms));
    this.entries.clear();
  }

  /** How many point sets have terms kept (for specs). */
  get size(): number {
    this.sweep();
    return this.entries.size;
  }

  private sweep(): void {
    for (const [key, entry] of this.entries) {
      if (entry.points.some((t) => t.isDisposed)) {
        tf.dispose(Object.values(entry.terms));
        this.entries.delete(key);
      }
    }
  }
}

let active: TransformTermsCache | undefined;

/**
 * Runs `f` with `cache` serving the output transform's terms (see
 * {@link TransformTermsCache}); outside it, nothing is cached.
 *
 * @example
 * const { total } = withTransformCache(cache, () => lossParts(problem, net, batch));
 * activeTransformCache(); // undefined again
 */
export function withTransformCache<T>(cache: TransformTermsCache | undefined, f: () => T): T {
  const before = active;
  active = cache;
  try {
    return f();
  } finally {
    active = before;
  }
}

/** The cache set by {@link withTransformCache} around the current call, if any. */
export function activeTransformCache(): TransformTermsCache | undefined {
  return active;
}
