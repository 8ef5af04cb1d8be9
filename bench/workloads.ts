import { PointSpec, pointCount } from './points.js';

/** A tfjs implementation of the derivatives: the library's two methods and the in-house baseline. */
export type Impl = 'reverse' | 'taylor' | 'naive';

/** Every tfjs implementation, in table order. */
export const IMPLS: readonly Impl[] = ['reverse', 'taylor', 'naive'];

/** Table labels of the implementations (PyTorch's is 'torch'). */
export const IMPL_LABELS: Record<Impl | 'torch', string> = {
  reverse: "partials 'reverse'",
  taylor: "partials 'taylor'",
  naive: 'nested tf.grad',
  torch: 'PyTorch autograd',
};

/** A PDE residual whose mean square one training step minimises. */
export type Residual = 'burgers' | 'beam';

/** The terms each residual needs, in the order both benches compute them. */
export const RESIDUAL_TERMS: Record<Residual, string[]> = {
  // u_t + u u_x - nu u_xx, nu = 0.01/pi
  burgers: ['u', 'u_t', 'u_x', 'u_xx'],
  // Euler-Bernoulli beam: u_tt + u_xxxx
  beam: ['u_tt', 'u_xxxx'],
};

/** Burgers' viscosity, as in the classic PINN benchmark. */
export const BURGERS_NU = 0.01 / Math.PI;

/** Adam's learning rate in the training-step rows. */
export const LEARNING_RATE = 1e-3;

/** The network of a workload, built from a seed so tfjs and PyTorch get the same weights. */
export interface NetSpec {
  kind: 'testnet' | 'mlp';
  /** [in, hidden..., out] */
  sizes: number[];
  activation: 'tanh' | 'sigmoid';
  seed: number;
}

/** One thing to time: derivatives at points, or one training step. */
export interface Workload {
  /** Table label, without N. */
  name: string;
  kind: 'derivatives' | 'train';
  net: NetSpec;
  points: PointSpec;
  /** Terms returned (derivatives) or needed by the residual (train). */
  terms: string[];
  residual?: Residual;
  /** The tfjs implementations timed on it. */
  impls: Impl[];
}

/** One row of the table before it is timed. */
export interface RowKey {
  workload: Workload;
  impl: Impl | 'torch';
  backend: string;
}

/** A timed (or skipped, or failed) row as the workers report it. */
export interface RowResult {
  id: string;
  status: 'ok' | 'over-budget' | 'skipped' | 'failed';
  ms: number | null;
  samples: number[];
  /** Mean |value| per term (derivatives) or the first step's loss (train), to check that implementations agree. */
  check: number[];
  note?: string;
  /** For rows over budget: the one run that was timed, which predicts larger N. */
  estimateMs?: number;
}

/**
 * The stable id of a row: workload, N, implementation, backend.
 *
 * @example
 * rowId(workload, 'taylor', 'wasm'); // 'MLP 2-[20]x4-1 {u_xxxx} N=10000|taylor|wasm'
 * rowId(workload, 'torch', 'torch');
 */
export function rowId(workload: Workload, impl: string, backend: string): string {
  return `${workload.name} N=${pointCount(workload.points)}|${impl}|${backend}`;
}

/**
 * Same work at another N: used to predict a row's time from its smaller sibling.
 *
 * @example
 * familyKey(at10k, 'reverse', 'cpu') === familyKey(at100k, 'reverse', 'cpu'); // true
 * familyKey(at10k, 'reverse', 'cpu') === familyKey(at10k, 'reverse', 'wasm'); // false
 */
export function familyKey(workload: Workload, impl: string, backend: string): string {
  return `${workload.name}|${impl}|${backend}`;
}

const mlp = (hidden: number, seed: number): NetSpec => ({
  kind: 'mlp',
  sizes: [2, ...Array<number>(hidden).fill(20), 1],
  activation: 'tanh',
  seed,
});
const TESTNET: NetSpec = { kind: 'testnet', sizes: [2, 5, 1], activation: 'sigmoid', seed: 0 };
const ALL: Impl[] = ['reverse', 'taylor', 'naive'];
// For one term of one variable the naive baseline is nested reverse with nothing to share.
const PLANNED: Impl[] = ['reverse', 'taylor'];

const ORDER_TERMS: Record<number, string> = { 1: 'u_x', 2: 'u_xx', 3: 'u_xxx', 4: 'u_xxxx', 6: 'u_xxxxxx' };

/**
 * The fixed suite, smaller points first within each workload so that big
 * rows can be predicted (and skipped) from small ones. `quick` keeps one
 * representative of each kind at small N, to finish in well under a minute.
 *
 * @example
 * suite({ quick: true }).length;
 * suite({ quick: false }).map((w) => w.name);
 */
export function suite(options: { quick: boolean }): Workload[] {
  const reference: Workload = {
    name: 'TestNet grid35 {u,u_x,u_t,u_xx}',
    kind: 'derivatives',
    net: TESTNET,
    points: { kind: 'grid', nx: 5, nt: 7 },
    terms: ['u', 'u_x', 'u_t', 'u_xx'],
    impls: ALL,
  };
  const derivs = (terms: string[], n: number, impls: Impl[]): Workload => ({
    name: `MLP 2-[20]x4-1 {${terms.join(',')}}`,
    kind: 'derivatives',
    net: mlp(4, 1),
    points: { kind: 'r2', n },
    terms,
    impls,
  });
  const train = (residual: Residual, hidden: number, n: number, impls: Impl[] = ALL): Workload => ({
    name: `train step ${residual === 'burgers' ? 'Burgers' : 'beam u_tt+u_xxxx'} MLP 2-[20]x${hidden}-1 Adam`,
    kind: 'train',
    net: mlp(hidden, 2),
    points: { kind: 'r2', n },
    terms: RESIDUAL_TERMS[residual],
    residual,
    impls,
  });
  if (options.quick) {
    return [
      reference,
      derivs(['u', 'u_x', 'u_t', 'u_xx'], 1_000, ALL),
      derivs(['u_xxxx'], 1_000, PLANNED),
      train('burgers', 8, 500, PLANNED),
      train('beam', 4, 500, PLANNED),
      // The default Burgers network: one Adam step where fixed per-kernel costs dominate.
      train('burgers', 4, 500, PLANNED),
    ];
  }
  const sizes = [10_000, 100_000];
  const out: Workload[] = [reference];
  for (const terms of [['u', 'u_x', 'u_t', 'u_xx'], ['u_xxxx']]) for (const n of sizes) out.push(derivs(terms, n, ALL));
  for (const order of [1, 2, 3, 6]) for (const n of sizes) out.push(derivs([ORDER_TERMS[order]], n, PLANNED));
  // The deeper Burgers network at the default plan's point counts too (issue 24's Adam-step targets), then at 10,000 with every implementation.
  for (const n of [500, 2_000]) out.push(train('burgers', 8, n, PLANNED));
  out.push(train('burgers', 8, 10_000), train('beam', 4, 10_000));
  // The default Burgers plan's network at its point counts (2,000 plus RAR) and around them.
  for (const n of [500, 2_000, 10_000]) out.push(train('burgers', 4, n, PLANNED));
  return out;
}
