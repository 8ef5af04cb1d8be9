import { expect } from 'vitest';

/** Largest |got - ref| divided by the largest |ref|: the agreement measure used against references. */
export function relativeError(got: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (got.length !== ref.length) throw new Error(`length ${got.length} does not match reference length ${ref.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    if (!Number.isFinite(got[i])) return Infinity;
    diff = Math.max(diff, Math.abs(got[i] - ref[i]));
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Expects `got` to match `ref` to a relative tolerance (see {@link relativeError}). */
export function expectClose(got: ArrayLike<number>, ref: ArrayLike<number>, tol: number, what = 'values'): void {
  const err = relativeError(got, ref);
  expect(err, `${what}: relative error ${err.toExponential(2)} exceeds ${tol}`).toBeLessThanOrEqual(tol);
}

/** The tolerance the golden comparison allows for a derivative of this order (float32 vs PyTorch float64). */
export function goldenTolerance(order: number): number {
  return order <= 2 ? 1e-4 : 1e-3;
}
