/** Linear learning-rate warm-up: from `from` times the rate to the full rate over `steps` steps. */
export interface Warmup {
  /** Steps of the warm-up. */
  steps: number;
  /** The fraction of the rate at the first step, in [0, 1). @default 0 */
  from: number;
}

/** Exponential decay of the learning rate: times `rate` every `every` steps. */
export interface Decay {
  /** Steps per factor of `rate`. */
  every: number;
  /** In (0, 1]. */
  rate: number;
  /**
   * true: the rate drops by `rate` at once every `every` steps (rate^floor(s / every)); false: it
   * falls smoothly, rate^(s / every), as optax's exponential_decay (jaxpi's schedule). @default true
   */
  staircase: boolean;
}

/** A learning-rate schedule: the Trainer's checked `adam` section (its lr, warmup and decay). */
export interface Schedule {
  /** The base learning rate. */
  lr: number;
  /** Linear warm-up at the start, or null for none. */
  warmup: Warmup | null;
  /** Exponential decay after the warm-up, or null for none. */
  decay: Decay | null;
}

/**
 * The learning rate of the Adam step taken after `step` steps (0 for the first): during a warm-up of
 * N steps lr · (from + (1 - from) · step / N), then lr · rate^(k / every) with k the steps since the
 * warm-up ended (floor(k / every) with a staircase), as optax's warmup_exponential_decay_schedule.
 * Without a warm-up and with a staircase decay it is the Trainer's schedule before warm-ups existed.
 *
 * @example
 * learningRate({ lr: 1e-3, warmup: null, decay: { every: 100, rate: 0.5, staircase: true } }, 250); // 2.5e-4
 * learningRate({ lr: 1e-3, warmup: { steps: 10, from: 0 }, decay: null }, 5); // 5e-4
 */
export function learningRate(schedule: Schedule, step: number): number {
  const { lr, warmup, decay } = schedule;
  if (warmup !== null && step < warmup.steps) return lr * (warmup.from + ((1 - warmup.from) * step) / warmup.steps);
  if (decay === null) return lr;
  const k = step - (warmup?.steps ?? 0);
  return lr * decay.rate ** (decay.staircase ? Math.floor(k / decay.every) : k / decay.every);
}
