import type { Trainer } from './trainer.js';

/** One row of the loss history. */
export interface StepRecord {
  step: number;
  phase: 'adam' | 'lbfgs';
  loss: number;
  /** The weighted loss parts by name ('residual', 'initial', ...). */
  parts: Record<string, number>;
  /** The problem's trainable parameters after this step, transform applied (absent when it has none). */
  parameters?: Record<string, number>;
}

/**
 * Thrown when the loss turns NaN or infinite; training stops, the last good state stays where it was saved.
 *
 * @example
 * try { await trainer.run(); } catch (e) { if (e instanceof NonFiniteLossError) console.log(e.record.step); }
 * // the weights stay as before the bad step
 */
export class NonFiniteLossError extends Error {
  constructor(readonly record: StepRecord) {
    const parts = Object.entries(record.parts).map(([k, v]) => `${k} ${v}`).join(', ');
    super(`Training stopped at step ${record.step} (${record.phase}): the loss is ${record.loss} (${parts}). The last good checkpoint is kept; try a smaller learning rate, other loss weights or a smaller network.`);
    this.name = 'NonFiniteLossError';
  }
}

/** What {@link Trainer.run} returns. */
export interface TrainResult {
  steps: number;
  loss: number;
  /** Why it stopped: 'steps', 'tolerance', 'converged: ...' or 'stopped'. */
  reason: string;
}

/** Called after every step (awaited); call `trainer.stop()` to end the run after this step. */
export type StepCallback = (record: StepRecord, trainer: Trainer) => unknown;
