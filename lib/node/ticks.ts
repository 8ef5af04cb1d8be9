// Axis ticks of the pictures: round values (1, 2 or 5 times a power of ten)
// inside a range, and labels with as many decimals as the step needs.

/**
 * About `count` round tick values inside [lo, hi] (both included when round).
 *
 * @example
 * niceTicks(-1, 1, 4); // [-1, -0.5, 0, 0.5, 1]
 * niceTicks(0, 0.99, 5); // [0, 0.2, 0.4, 0.6, 0.8]
 */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw * 0.999) ?? 10 * power;
  const ticks: number[] = [];
  // Integer multiples of the step, so 0.1 + 0.2 style drift never shows in a label.
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) ticks.push(k * step);
  return ticks;
}

/**
 * Labels for ticks: fixed decimals from the step, or exponent form for very small or large values.
 *
 * @example
 * tickLabels([0, 0.5, 1]); // ['0', '0.5', '1']
 * tickLabels([0, 2e-4, 4e-4]); // ['0', '2.0e-4', '4.0e-4']
 */
export function tickLabels(ticks: number[]): string[] {
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : Math.abs(ticks[0]) || 1;
  const biggest = Math.max(...ticks.map(Math.abs));
  if (step < 1e-3 || biggest >= 1e5) return ticks.map((t) => (t === 0 ? '0' : t.toExponential(1)));
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  return ticks.map((t) => {
    const s = t.toFixed(decimals);
    const trimmed = s.includes('.') ? s.replace(/\.?0+$/, '') : s;
    return trimmed === '-0' ? '0' : trimmed;
  });
}
