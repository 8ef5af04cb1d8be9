import { IndexSet, MultiIndex, below, keyOf, minus } from './multi_index.js';
import { JetOps, Value } from './ops.js';

/** A Taylor coefficient: [N,w], a broadcast row [1,w], or null for a known zero. */
export type Coefficient = Value | null;

/**
 * Truncated multivariate Taylor series of one [N,w] quantity: coefficient
 * alpha is d^alpha / alpha! of it, for every alpha of an {@link IndexSet}.
 *
 * Coefficients are computed on first use and kept, so a rule can refer to
 * lower coefficients of other jets (even mutually, as sin and cos do) and
 * only what the requested terms reach is ever computed. Values come from
 * `ops` (tf tensors owned by the caller's tf scope, or plain arrays).
 */
export class Jet {
  private readonly memo = new Map<string, Coefficient>();

  private readonly scaledMemo = new Map<string, Coefficient>();

  /**
   * @param compute coefficient alpha from coefficients computed before it.
   * @param computeScaled factor * coefficient alpha, when the jet can fold the
   *   factor in more cheaply than an extra elementwise op (a linear layer
   *   scales its [in,out] weights instead of the [N,out] result).
   */
  constructor(
    readonly ops: JetOps,
    readonly set: IndexSet,
    private readonly compute: (alpha: MultiIndex) => Coefficient,
    private readonly computeScaled?: (alpha: MultiIndex, factor: number) => Coefficient,
  ) {}

  /** Coefficient alpha; null when it is known to be zero. */
  at(alpha: MultiIndex): Coefficient {
    const key = keyOf(alpha);
    let c = this.memo.get(key);
    if (c === undefined) {
      c = this.compute(alpha);
      this.memo.set(key, c);
    }
    return c;
  }

  /** factor times coefficient alpha, kept like the coefficients. */
  scaled(alpha: MultiIndex, factor: number): Coefficient {
    if (factor === 1) return this.at(alpha);
    const key = `${keyOf(alpha)}*${factor}`;
    let c = this.scaledMemo.get(key);
    if (c === undefined) {
      if (this.computeScaled !== undefined) c = this.computeScaled(alpha, factor);
      else {
        const plain = this.at(alpha);
        c = plain === null ? null : this.ops.mul(plain, factor);
      }
      this.scaledMemo.set(key, c);
    }
    return c;
  }

  /** The value itself, coefficient 0. */
  value(): Value {
    return this.at(this.zero())!;
  }

  /** The zero multi-index of this jet's variables. */
  zero(): MultiIndex {
    return new Array<number>(this.set.vars).fill(0);
  }
}

/** Whether alpha is the zero index (the value, not a derivative). */
export function isZero(alpha: MultiIndex): boolean {
  return alpha.every((a) => a === 0);
}

/** The sum of tensors that may differ in shape by broadcasting; one addN when they agree. */
export function sumAll(ops: JetOps, terms: Value[]): Value {
  if (terms.length === 1) return terms[0];
  const shape = terms[0].shape.join(',');
  if (terms.every((t) => t.shape.join(',') === shape)) return ops.addN(terms);
  return terms.reduce((a, b) => ops.add(a, b));
}

/**
 * factor * (a * b)_alpha = factor * sum over beta <= alpha of a_beta b_(alpha-beta),
 * the Cauchy product coefficient. The factor is folded into a (free when a
 * comes from a linear layer); a jet times itself goes through {@link squareTerms}.
 */
export function productAt(a: Jet, b: Jet, alpha: MultiIndex, factor = 1): Coefficient {
  const ops = a.ops;
  if (a === b) return combine(ops, squareTerms(a, alpha, factor, true));
  const plus: Value[] = [];
  for (const beta of below(alpha)) {
    const ab = a.scaled(beta, factor);
    if (ab === null) continue;
    const bg = b.at(minus(alpha, beta));
    if (bg !== null) plus.push(ops.mul(ab, bg));
  }
  return combine(ops, { plus, minus: [] });
}

/** Tensors whose sum minus the sum of `minus` is a coefficient. */
export interface Terms {
  plus: Value[];
  minus: Value[];
}

/**
 * The terms of factor * (a * a)_alpha, each symmetric pair multiplied once:
 * (2 factor a_beta) a_(alpha-beta), where 2 factor a_beta is kept per beta
 * and reused by every alpha (for tanh's 1 - y^2 that is -2 y_0 once per
 * layer), plus the diagonal square. `withZero: false` leaves out the pair
 * with beta = 0 for rules that fold it into another term.
 */
export function squareTerms(a: Jet, alpha: MultiIndex, factor: number, withZero: boolean): Terms {
  const ops = a.ops;
  const plus: Value[] = [];
  const minusTerms: Value[] = [];
  for (const beta of below(alpha)) {
    const gamma = minus(alpha, beta);
    const [kb, kg] = [keyOf(beta), keyOf(gamma)];
    if (kb > kg) continue;
    if (kb < kg) {
      if (!withZero && isZero(beta)) continue;
      const ab = a.scaled(beta, 2 * factor);
      const ag = ab === null ? null : a.at(gamma);
      if (ab !== null && ag !== null) plus.push(ops.mul(ab, ag));
      continue;
    }
    const ab = a.at(beta);
    if (ab === null) continue;
    const sq = ops.square(ab);
    if (factor === 1) plus.push(sq);
    else if (factor === -1) minusTerms.push(sq);
    else plus.push(ops.mul(sq, factor));
  }
  return { plus, minus: minusTerms };
}

/** sum(plus) - sum(minus) in as few ops as the shapes allow; null when both are empty. */
export function combine(ops: JetOps, { plus, minus: sub }: Terms): Coefficient {
  if (plus.length === 0 && sub.length === 0) return null;
  if (sub.length === 0) return sumAll(ops, plus);
  if (plus.length === 0) return ops.neg(sumAll(ops, sub));
  return ops.sub(sumAll(ops, plus), sumAll(ops, sub));
}

/** The jet of a * b. */
export function product(a: Jet, b: Jet): Jet {
  return new Jet(a.ops, a.set, (alpha) => productAt(a, b, alpha));
}

/**
 * The jet y with y(0) = value and dy = s dz, i.e. for alpha != 0 and a
 * variable i with alpha_i > 0:
 *   alpha_i y_alpha = sum over beta <= alpha with beta_i > 0 of beta_i z_beta s_(alpha-beta).
 * Every elementwise activation's rule is this recurrence with its own s
 * (tanh: 1 - y^2, sigmoid: y(1 - y), exp: y, ...), which needs s only below
 * alpha's degree: O(n^2) products for order n instead of nested passes.
 */
export function integrate(z: Jet, s: Jet, value: () => Value): Jet {
  const ops = z.ops;
  return new Jet(ops, z.set, (alpha) => {
    if (isZero(alpha)) return value();
    const i = alpha.findIndex((a) => a > 0);
    const terms: Value[] = [];
    for (const beta of below(alpha)) {
      if (beta[i] === 0) continue;
      const zb = z.scaled(beta, beta[i]);
      if (zb === null) continue;
      const rest = s.at(minus(alpha, beta));
      if (rest !== null) terms.push(ops.mul(zb, rest));
    }
    if (terms.length === 0) return null;
    const sum = sumAll(ops, terms);
    return alpha[i] === 1 ? sum : ops.mul(sum, 1 / alpha[i]);
  });
}
