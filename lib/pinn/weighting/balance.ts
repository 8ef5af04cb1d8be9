/**
 * One balancing update (both schemes): from each part's measure m_i (gradient norm or NTK trace of the
 * unweighted part), lambda_new_i = mean_j m_j / m_i, smoothed into the previous weights:
 * lambda_i <- momentum · lambda_i + (1 - momentum) · lambda_new_i (a part's first weight is 1).
 * A part whose measure is not a finite number > 0 (a fixed weight of 0, no gradient) keeps its weight and
 * is left out of the mean. With momentum 0 the weighted measures lambda_i · m_i all equal mean_j m_j.
 *
 * @example
 * balancedWeights({ residual: 100, initial: 1 }, {}, 0); // { residual: 0.505, initial: 50.5 }
 * balancedWeights({ residual: 100, initial: 1 }, { residual: 1, initial: 1 }, 0.9); // { residual: 0.9505, initial: 5.95 }
 */
export function balancedWeights(measures: Record<string, number>, previous: Record<string, number>, momentum: number): Record<string, number> {
  const usable = Object.values(measures).filter((m) => Number.isFinite(m) && m > 0);
  const mean = usable.reduce((a, b) => a + b, 0) / usable.length;
  const out: Record<string, number> = { ...previous };
  for (const [name, m] of Object.entries(measures)) {
    const old = previous[name] ?? 1;
    out[name] = Number.isFinite(m) && m > 0 ? momentum * old + (1 - momentum) * (mean / m) : old;
  }
  return out;
}
