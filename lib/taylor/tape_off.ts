import * as tf from '@tensorflow/tfjs';

interface EngineState {
  gradientDepth: number;
}

function engineState(): EngineState {
  return (tf.engine() as unknown as { state: EngineState }).state;
}

/** Whether, inside the planner, a gradient outside `partials` records (training, tf.grad). */
export function outerTape(): boolean {
  return engineState().gradientDepth > 1;
}

/**
 * Runs `f` with gradient recording off when the only recording scope is the
 * one `partials` opens around its planner (depth 1): then nothing will ever
 * differentiate the result, and recording would only cost memory and, on
 * wasm, one copy of every saved input per op. Under any outer gradient
 * (tf.grad, variableGrads, minimize) it records as usual.
 */
export function withoutUnusedTape<T>(f: () => T): T {
  const state = engineState();
  if (state.gradientDepth !== 1) return f();
  state.gradientDepth = 0;
  try {
    return f();
  } finally {
    state.gradientDepth = 1;
  }
}
