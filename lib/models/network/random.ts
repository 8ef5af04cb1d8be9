import seedrandom from 'seedrandom';

/** Uniform and normal draws from one seeded stream. */
export interface Draws {
  uniform(lo: number, hi: number): number;
  normal(): number;
}

/**
 * A seeded source of uniform and normal numbers for initial weights: the same draws on every backend.
 *
 * @example
 * const r = seededDraws(7); r.normal(); r.uniform(-1, 1);
 */
export function seededDraws(seed: number): Draws {
  const rand = seedrandom(String(seed));
  return {
    uniform: (lo, hi) => lo + (hi - lo) * rand(),
    // Box–Muller; 1 - rand() is in (0, 1], so the log is finite.
    normal: () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()),
  };
}
