/**
 * The invariants of u_t + u u_x + δ² u_xxx = 0 for u sampled at n equally
 * spaced points of a period of length `period`: mass ∫u, momentum ∫u², and
 * energy ∫(u³/3 - δ² u_x²). The integrals are the trapezoid rule (exact for
 * the trigonometric polynomials the solver returns, spectrally accurate for
 * u³), ∫u_x² is Parseval's sum over a direct DFT: no FFT of the solver's.
 */
export function kdvInvariants(u: ArrayLike<number>, period: number, delta: number): [number, number, number] {
  const n = u.length;
  const h = period / n;
  let [mass, momentum, cubic, slope] = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    mass += u[i] * h;
    momentum += u[i] * u[i] * h;
    cubic += (u[i] ** 3 * h) / 3;
  }
  for (let k = 1; k < n / 2; k++) {
    let [re, im] = [0, 0];
    for (let i = 0; i < n; i++) {
      const angle = (2 * Math.PI * ((k * i) % n)) / n;
      re += u[i] * Math.cos(angle);
      im -= u[i] * Math.sin(angle);
    }
    // c_k = X_k / n; ∫|u_x|² = period Σ_{k≠0} (2πk/period)² |c_k|², both signs of k
    slope += 2 * period * ((2 * Math.PI * k) / period) ** 2 * ((re * re + im * im) / (n * n));
  }
  return [mass, momentum, cubic - delta * delta * slope];
}
