import type * as tf from '@tensorflow/tfjs';

/** A call of a library model's forward: the model, its input columns in the model's order, and its output. */
export interface ForwardCall {
  model: object;
  columns: readonly tf.Tensor[];
  output: tf.Tensor;
}

let calls: ForwardCall[] | undefined;

/** Called by the models' forward; records only inside {@link recordForwardCalls}. */
export function noteForward(call: ForwardCall): void {
  calls?.push(call);
}

/**
 * Runs `f` and returns what it returned with the library model forward calls made meanwhile:
 * how `partials` recognises `({x, t}) => net.forward(x, t)` as the model itself.
 *
 * @example
 * const { value, calls } = recordForwardCalls(() => u({ x, t }));
 * calls.some((c) => c.output === value); // u returned a model's output as it is
 */
export function recordForwardCalls<T>(f: () => T): { value: T; calls: ForwardCall[] } {
  const outer = calls;
  const mine: ForwardCall[] = [];
  calls = mine;
  try {
    return { value: f(), calls: mine };
  } finally {
    calls = outer;
  }
}
