/** One row of the loss history. */
export interface StepRecord {
  /** The step's number, from 1 (Adam steps and L-BFGS iterations counted together). */
  step: number;
  /** The phase it belongs to. */
  phase: 'adam' | 'lbfgs';
  /** The step's weighted loss (the sum of `parts`). */
  loss: number;
  /** The weighted loss parts by name ('residual', 'initial', ...). */
  parts: Record<string, number>;
  /** The problem's trainable parameters after this step, transform applied (absent when it has none). */
  parameters?: Record<string, number>;
  /**
   * With options.balance: the weight each part was multiplied by in this step's loss, its fixed weight
   * times its adaptive one (so a part's unweighted value is parts[name] / weights[name]).
   */
  weights?: Record<string, number>;
  /** With options.causal: the smallest causal weight in this step's loss (near 1: the residual is small at all times). */
  causalMinWeight?: number;
}

/**
 * Thrown when the loss or its gradient turns NaN or infinite: training stops before any update
 * with them, and the trainer keeps its last finite state (weights and optimiser state), so
 * `await trainer.state()` is finite and loads.
 *
 * @example
 * try { await trainer.run(); } catch (e) { if (e instanceof NonFiniteLossError) console.log(e.record.step, e.nonFinite); }
 * const last = await trainer.state(); // finite: the state before the bad step
 */
export class NonFiniteLossError extends Error {
  constructor(
    /** The step at which it happened, with the loss parts (some of them not finite). */
    readonly record: StepRecord,
    /** Which was not finite: the loss itself, or its gradient at a finite loss. */
    readonly nonFinite: 'loss' | 'gradient' = 'loss',
  ) {
    const parts = Object.entries(record.parts).map(([k, v]) => `${k} ${v}`).join(', ');
    const what = nonFinite === 'loss' ? `the loss is ${record.loss} (${parts})` : `the gradient is not finite (the loss is ${record.loss}: ${parts})`;
    super(
      `Training stopped at step ${record.step} (${record.phase}): ${what}. The trainer keeps its last finite state (trainer.state()); try a smaller learning rate, other loss weights or a smaller network.`,
    );
    this.name = 'NonFiniteLossError';
  }
}

/** What `Trainer.run` returns. */
export interface TrainResult {
  /** Steps taken in all (the trainer's step count at the end). */
  steps: number;
  /** The last step's loss. */
  loss: number;
  /** Why it stopped: 'steps', 'tolerance', 'converged: ...' or 'stopped'. */
  reason: string;
}
