import * as tf from '@tensorflow/tfjs';

import { IndexSet, MultiIndex, below, keyOf, minus } from './multi_index.js';

/** A Taylor coefficient: [N,w], a broadcast row [1,w], or null for a known zero. */
export type Coefficient = tf.Tensor | null;

/**
 * Truncated multivariate Taylor series of one [N,w] quantity: coefficient
 * alpha is d^alpha / alpha! of it, for every alpha of an {@link IndexSet}.
 *
 * Coefficients are computed on first use and kept, so a rule can refer to
 * lower coefficients of other jets (even mutually, as sin and cos do) and
 * only what the requested terms reach is ever computed. Tensors belong to
 * the caller's tf scope.
 */
export class Jet {
  private readonly memo = new Map<string, Coefficient>();

  constructor(
    readonly set: IndexSet,
    private readonly compute: (alpha: MultiIndex) => Coefficient,
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

  /** The value itself, coefficient 0. */
  value(): tf.Tensor {
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
export function sumAll(terms: tf.Tensor[]): tf.Tensor {
  if (terms.length === 1) return terms[0];
  const shape = terms[0].shape.join(',');
  if (terms.every((t) => t.shape.join(',') === shape)) return tf.addN(terms);
  return terms.reduce((a, b) => tf.add(a, b));
}

/**
 * factor * (a * b)_alpha, the Cauchy product coefficient sum over beta <= alpha
 * of a_beta b_(alpha-beta). When a and b are one jet, symmetric pairs are
 * multiplied once.
 */
export function productAt(a: Jet, b: Jet, alpha: MultiIndex, factor = 1): Coefficient {
  const terms: tf.Tensor[] = [];
  const doubled: tf.Tensor[] = [];
  for (const beta of below(alpha)) {
    const gamma = minus(alpha, beta);
    if (a === b) {
      const order = keyOf(beta).localeCompare(keyOf(gamma));
      if (order > 0) continue;
      const ab = a.at(beta);
      if (ab === null) continue;
      if (order === 0) terms.push(tf.square(ab));
      else {
        const ag = a.at(gamma);
        if (ag !== null) doubled.push(tf.mul(ab, ag));
      }
      continue;
    }
    const ab = a.at(beta);
    if (ab === null) continue;
    const bg = b.at(gamma);
    if (bg !== null) terms.push(tf.mul(ab, bg));
  }
  if (terms.length === 0 && doubled.length === 0) return null;
  const parts: tf.Tensor[] = [];
  if (doubled.length > 0) parts.push(tf.mul(sumAll(doubled), 2 * factor));
  if (terms.length > 0) {
    const plain = sumAll(terms);
    parts.push(factor === 1 ? plain : tf.mul(plain, factor));
  }
  return sumAll(parts);
}

/** The jet of a * b. */
export function product(a: Jet, b: Jet): Jet {
  return new Jet(a.set, (alpha) => productAt(a, b, alpha));
}

/**
 * The jet y with y(0) = value and dy = s dz, i.e. for alpha != 0 and a
 * variable i with alpha_i > 0:
 *   alpha_i y_alpha = sum over beta <= alpha with beta_i > 0 of beta_i z_beta s_(alpha-beta).
 * Every elementwise activation's rule is this recurrence with its own s
 * (tanh: 1 - y^2, sigmoid: y(1 - y), exp: y, ...), which needs s only below
 * alpha's degree: O(n^2) products for order n instead of nested passes.
 */
export function integrate(z: Jet, s: Jet, value: () => tf.Tensor): Jet {
  const scaled = new Map<string, Coefficient>();
  const scaledZ = (beta: MultiIndex, i: number): Coefficient => {
    const key = `${keyOf(beta)}|${i}`;
    let c = scaled.get(key);
    if (c === undefined) {
      const zb = z.at(beta);
      c = zb === null || beta[i] === 1 ? zb : tf.mul(zb, beta[i]);
      scaled.set(key, c);
    }
    return c;
  };
  return new Jet(z.set, (alpha) => {
    if (isZero(alpha)) return value();
    const i = alpha.findIndex((a) => a > 0);
    const terms: tf.Tensor[] = [];
    for (const beta of below(alpha)) {
      if (beta[i] === 0) continue;
      const zb = scaledZ(beta, i);
      if (zb === null) continue;
      const rest = s.at(minus(alpha, beta));
      if (rest !== null) terms.push(tf.mul(zb, rest));
    }
    if (terms.length === 0) return null;
    const sum = sumAll(terms);
    return alpha[i] === 1 ? sum : tf.mul(sum, 1 / alpha[i]);
  });
}

/** A coefficient with N rows: a broadcast row (a derivative of a linear map) is repeated. */
export function fullRows(c: tf.Tensor, n: number): tf.Tensor {
  return c.shape[0] === n ? c : tf.broadcastTo(c, [n, ...c.shape.slice(1)]);
}
