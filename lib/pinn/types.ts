import * as tf from '@tensorflow/tfjs';

import type { Geometry } from '../geometry/types.js';
import type { Columns, Interval, Points } from '../sampling/types.js';

export type { Columns, Interval, Points } from '../sampling/types.js';

/**
 * A named part of a box's boundary: `'x-min'`, `'x-max'`, `'t-min'`, ...
 * (the face where that input sits at its lower or upper bound).
 */
export type Part = `${string}-min` | `${string}-max`;

/**
 * A boundary value: a constant, or a function of the boundary points (and the
 * outward unit normals there, one [N,1] column per input) returning [N,1].
 */
export type Value = number | ((p: Columns, normals: Columns) => tf.Tensor);

/**
 * Where on the boundary a condition holds: part names ('x-min', 'edge2',
 * 'circle', 'hole', or 'boundary' for all of it; see the geometry's
 * `pieces()`), or a predicate on a boundary point, e.g. `(p) => p.y > 0.99`,
 * which selects from the whole boundary.
 */
export type BoundarySelector = string | string[] | ((point: Record<string, number>) => boolean);

interface ConditionBase {
  /** Which output it constrains. @default the first output */
  output?: string;
  /** Weight of its mean squared misfit in the loss. @default 1 */
  weight?: number;
  /**
   * True when the problem's output transform satisfies it exactly: it is then
   * left out of the loss (specs still check that the transform satisfies it).
   * @default false
   */
  imposed?: boolean;
}

/** u = value on the selected boundary. */
export interface DirichletCondition extends ConditionBase {
  /** Says this is a Dirichlet condition. */
  kind: 'dirichlet';
  /** Where on the boundary it holds. */
  on: BoundarySelector;
  /** u there. */
  value: Value;
}

/** Outward normal derivative du/dn = n · ∇u = value on the selected boundary (the true normal of the geometry). */
export interface NeumannCondition extends ConditionBase {
  /** Says this is a Neumann condition. */
  kind: 'neumann';
  /** Where on the boundary it holds. */
  on: BoundarySelector;
  /** du/dn there. */
  value: Value;
}

/** Robin: a u + b du/dn = value on the selected boundary. */
export interface RobinCondition extends ConditionBase {
  /** Says this is a Robin condition. */
  kind: 'robin';
  /** Where on the boundary it holds. */
  on: BoundarySelector;
  /** Coefficient of u. */
  a: Value;
  /** Coefficient of the outward normal derivative. */
  b: Value;
  /** The right-hand side. */
  value: Value;
}

/**
 * Any condition written with `partials` terms: `residual(d, p, normals)`
 * must vanish at the selected boundary points, e.g. a slip wall
 * `(d, p, n) => d.u.mul(n.x).add(d.v.mul(n.y))`. `output` and `imposed` do not apply.
 */
export interface OperatorCondition extends ConditionBase {
  /** Says this is an operator condition. */
  kind: 'operator';
  /** Where on the boundary it holds. */
  on: BoundarySelector;
  /** The terms the residual reads, e.g. ['u', 'u_x', 'v_y']. */
  terms: string[];
  /** [N,1] misfit from the terms, the points and the outward unit normals. */
  residual: (d: Record<string, tf.Tensor2D>, p: Columns, normals: Columns) => tf.Tensor;
}

/** u (and its first `derivatives` derivatives in `input`) equal at `input`'s two ends. */
export interface PeriodicCondition extends ConditionBase {
  /** Says this is a periodic condition. */
  kind: 'periodic';
  /** The input whose two ends are matched (a box's interval). */
  input: string;
  /** Also match derivatives up to this order. @default 0 */
  derivatives?: number;
}

/** u = value at the start time (the `t-min` face of the problem's time input). */
export interface InitialCondition extends ConditionBase {
  /** Says this is an initial condition. */
  kind: 'initial';
  /** u at the start time. */
  value: Value;
}

/** du/dt = value at the start time (second-order in time, e.g. the wave equation). */
export interface InitialVelocityCondition extends ConditionBase {
  /** Says this is an initial-velocity condition. */
  kind: 'initialVelocity';
  /** du/dt at the start time. */
  value: Value;
}

/** Observed values of one output at given points. */
export interface DataCondition extends ConditionBase {
  /** Says this is a data condition. */
  kind: 'data';
  /** Coordinates by input name, N each. */
  points: Record<string, number[]>;
  /** N observed values. */
  values: number[];
}

/** Any condition a {@link Problem} can state. */
export type Condition =
  | DirichletCondition
  | NeumannCondition
  | RobinCondition
  | OperatorCondition
  | PeriodicCondition
  | InitialCondition
  | InitialVelocityCondition
  | DataCondition;

/**
 * The PDE residual(s): receives the requested `partials` terms ([N,1] each),
 * the collocation points and the current values of the problem's trainable
 * `parameters` (scalars, transform applied; `{}` when it has none); returns
 * one [N,1] residual, or several for a system. The trainer always passes `k`;
 * it is optional so that `(d, p)` residuals and wrappers calling
 * `base.residual(d, p)` keep working: write `(d, p, k = {}) => ...`.
 */
export type Residual = (d: Record<string, tf.Tensor2D>, p: Columns, k?: Record<string, tf.Scalar>) => tf.Tensor | tf.Tensor[];

/** How a trainable parameter's value follows from its raw variable θ. */
export type ParameterTransform = 'none' | 'exp' | 'softplus';

/**
 * An unknown PDE coefficient learned with the network (an inverse problem).
 * The trainer keeps a raw scalar variable θ and the residual sees
 * transform(θ): `'none'` θ itself, `'exp'` e^θ, `'softplus'` log(1 + e^θ)
 * (both positive).
 */
export interface ParameterSpec {
  /** The initial raw value θ₀ (for 'exp', e.g. -6 starts the value at e⁻⁶ ≈ 0.0025). */
  init: number;
  /** @default 'none' */
  transform?: ParameterTransform;
}

/**
 * Maps the raw network output N ([N,k]) to the solution u ([N,k]); used to
 * impose conditions exactly. Either any function of N (derivatives then go
 * through nested reverse mode), or the affine form u = value + scale ⊙ N,
 * e.g. u = -sin(πx) + t (1 - x²) N(x, t), whose derivatives follow from N's
 * by the Leibniz rule, so `partials` can use Taylor mode on the network.
 */
export type OutputTransform =
  | ((net: tf.Tensor2D, p: Columns) => tf.Tensor)
  | {
      /** value(p), [N,k]: u where scale vanishes. */
      value: (p: Columns) => tf.Tensor;
      /** scale(p), [N,k]: zero where the conditions hold. */
      scale: (p: Columns) => tf.Tensor;
    };

/** The reference solution: values of every output at plain points. */
export type ExactSolution = (p: Points) => Float64Array[];

/**
 * A PDE problem on a box or any {@link Geometry}: the typed statement that
 * training, sampling, checkpoints and plots work from.
 */
export interface Problem {
  /** Short name, used for results/NAME/. */
  name: string;
  /** One line for --help and summaries. */
  title: string;
  /** Input names in network order, one character each (they spell partials terms), e.g. ['x', 't']. */
  inputs: string[];
  /** Output names, e.g. ['u']. */
  outputs: string[];
  /** A box: an interval per input. Give this or `geometry`. */
  domain?: Record<string, Interval>;
  /**
   * Any geometry over the inputs (lib/geometry: disk, polygon, CSG, spaceTime, ...),
   * instead of `domain`. Its inputs must be the problem's, in order.
   */
  geometry?: Geometry;
  /** The time input, whose lower face is where initial conditions live. */
  time?: string;
  /** The `partials` terms the residual needs, e.g. ['u', 'u_t', 'u_x', 'u_xx']. */
  terms: string[];
  /** The PDE residual(s), each zero at the solution. */
  residual: Residual;
  /**
   * Names of a system's residuals, for the loss parts ('residual:momentum-x', ...).
   * @default 'residual' for one residual, 'residual0', 'residual1', ... for several
   */
  residualNames?: string[];
  /** Boundary, initial and data conditions. */
  conditions: Condition[];
  /** Optional exact imposition of conditions. */
  transform?: OutputTransform;
  /** The exact solution to measure the error against. */
  exact?: ExactSolution;
  /** The true values of the trainable `parameters`, when known: summaries report the relative errors. */
  exactParameters?: Record<string, number>;
  /**
   * Grid points per input for the error and the picture, e.g. {x: 256, t: 100};
   * over the geometry's bounding box, points outside it left out of the error.
   */
  grid: Record<string, number>;
  /** Outputs known only up to an additive constant (a pressure): their errors are measured after removing the mean. */
  upToConstant?: string[];
  /**
   * The problem's known constants, e.g. {alpha: 0.1}: with `name` they are its
   * identity, so a checkpoint of heat(0.1) does not load into heat(0.5). (Unknown
   * coefficients to learn are `parameters`.) @default {}
   */
  constants?: Record<string, number>;
  /** @deprecated Renamed `constants` (beside the trainable `parameters` the old name misled); it goes in the next release. */
  params?: Record<string, number>;
  /**
   * Unknown coefficients trained with the network, by name (letters, digits and
   * underscores), e.g. `{ lambda1: { init: 0 }, lambda2: { init: -6, transform: 'exp' } }`;
   * the residual receives their values as its third argument. (Known, fixed
   * coefficients are `constants`.)
   */
  parameters?: Record<string, ParameterSpec>;
}
