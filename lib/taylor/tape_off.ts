import { gradientDepth, withGradientDepth } from '../internals/index.js';

/** Whether, inside the planner, a gradient outside `partials` records (training, tf.grad). */
export function outerTape(): boolean {
  return gradientDepth() > 1;
}

/**
 * Runs `f` with gradient recording off when the only recording scope is the
 * one `partials` opens around its planner (depth 1): then nothing will ever
 * differentiate the result, and recording would only cost memory and, on
 * wasm, one copy of every saved input per op. Under any outer gradient
 * (tf.grad, variableGrads, minimize) it records as usual.
 */
export function withoutUnusedTape<T>(f: () => T): T {
  return gradientDepth() === 1 ? withGradientDepth(0, f) : f();
}
