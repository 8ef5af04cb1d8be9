/**
 * A multi-index over the jet's variables: how often each variable is
 * differentiated, e.g. [2, 1] for d^3/dx^2 dt over variables (x, t).
 */
export type MultiIndex = readonly number[];

/** The key of a multi-index in a {@link IndexSet}. */
export function keyOf(alpha: MultiIndex): string {
  return alpha.join(',');
}

/** Total order |alpha|. */
export function degree(alpha: MultiIndex): number {
  return alpha.reduce((s, a) => s + a, 0);
}

/** alpha! = prod alpha_i!: a Taylor coefficient times alpha! is the partial derivative. */
export function factorial(alpha: MultiIndex): number {
  let f = 1;
  for (const a of alpha) for (let k = 2; k <= a; k++) f *= k;
  return f;
}

/**
 * A downward-closed set of multi-indices (every beta <= alpha of a member is a
 * member), in order of increasing degree: the coefficients a jet carries.
 * Closure is what lets each coefficient be computed from lower ones alone.
 */
export interface IndexSet {
  /** Number of jet variables. */
  readonly vars: number;
  /** The members, by increasing degree; the first is the zero index. */
  readonly members: readonly MultiIndex[];
  /** Keys of the members. */
  readonly keys: ReadonlySet<string>;
  /** The largest degree of any member. */
  readonly maxDegree: number;
}

const closures = new Map<string, IndexSet>();

/**
 * The smallest downward-closed set holding every index in `wanted` (and the zero index). Made once per
 * distinct request and shared (a training step asks for the same set every time): do not change it.
 */
export function closure(vars: number, wanted: readonly MultiIndex[]): IndexSet {
  const key = `${vars}|${wanted.map(keyOf).join(';')}`;
  let set = closures.get(key);
  if (set === undefined) closures.set(key, (set = makeClosure(vars, wanted)));
  return set;
}

function makeClosure(vars: number, wanted: readonly MultiIndex[]): IndexSet {
  const found = new Map<string, MultiIndex>();
  const zero = new Array<number>(vars).fill(0);
  found.set(keyOf(zero), zero);
  for (const alpha of wanted) for (const beta of below(alpha)) found.set(keyOf(beta), beta);
  const members = [...found.values()].sort((a, b) => degree(a) - degree(b) || keyOf(a).localeCompare(keyOf(b)));
  return { vars, members, keys: new Set(found.keys()), maxDegree: degree(members[members.length - 1]) };
}

/** Every beta <= alpha (componentwise), alpha and the zero index included. */
export function below(alpha: MultiIndex): MultiIndex[] {
  let out: number[][] = [[]];
  for (const a of alpha) {
    const next: number[][] = [];
    for (const prefix of out) for (let b = 0; b <= a; b++) next.push([...prefix, b]);
    out = next;
  }
  return out;
}

/** alpha - beta. */
export function minus(alpha: MultiIndex, beta: MultiIndex): MultiIndex {
  return alpha.map((a, i) => a - beta[i]);
}

/** The multi-index for one variable to the power `order`, e.g. unit(1, 3, 2) = [0, 3]. */
export function unit(variable: number, order: number, vars: number): MultiIndex {
  return Array.from({ length: vars }, (_, i) => (i === variable ? order : 0));
}
