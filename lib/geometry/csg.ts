import * as tf from '@tensorflow/tfjs';

import type { Interval, Points } from '../sampling/types.js';
import { tolerance } from './check.js';
import { rAnd, rOr } from './rfunctions.js';
import { unitSource } from './sample.js';
import { BoundaryPiece, Geometry } from './types.js';
import { Rng } from '../sampling/rng.js';

type Op = 'union' | 'difference' | 'intersection';

/** Monte Carlo measure: the fraction of 2^16 Sobol points of the bounding box inside, times its volume. */
function estimateMeasure(g: Pick<Geometry, 'inputs' | 'bbox' | 'contains'>): number {
  const n = 1 << 16;
  const u = unitSource('sobol', new Rng(0), { index: 0, shift: g.inputs.map(() => 0) })(g.inputs.length, n);
  const p: Points = {};
  let volume = 1;
  g.inputs.forEach((v, k) => {
    const [lo, hi] = g.bbox[v];
    volume *= hi - lo;
    p[v] = Float64Array.from(u[k], (s) => lo + (hi - lo) * (s + 0.5 / n));
  });
  let inside = 0;
  for (const c of g.contains(p)) inside += c;
  return (volume * inside) / n;
}

function combine(op: Op, a: Geometry, b: Geometry, names: readonly [string, string]): Geometry {
  const fn = op;
  if (a?.inputs === undefined || b?.inputs === undefined) throw new Error(`Arguments 'a' and 'b' passed to '${fn}' must be geometries.`);
  if (a.inputs.join(',') !== b.inputs.join(',')) {
    throw new Error(`Arguments 'a' and 'b' passed to '${fn}' must have the same inputs in the same order, but have [${a.inputs.join(', ')}] and [${b.inputs.join(', ')}].`);
  }
  if (!Array.isArray(names) || names.length !== 2 || names.some((s) => typeof s !== 'string' || s.length === 0 || s.includes(':')) || names[0] === names[1]) {
    throw new Error(`Argument 'names' passed to '${fn}' must be two distinct non-empty names without ':', but got ${JSON.stringify(names)}.`);
  }
  const inputs = a.inputs;
  const bbox: Record<string, Interval> = {};
  for (const v of inputs) {
    const [alo, ahi] = a.bbox[v];
    const [blo, bhi] = b.bbox[v];
    bbox[v] = op === 'union' ? [Math.min(alo, blo), Math.max(ahi, bhi)] : op === 'intersection' ? [Math.max(alo, blo), Math.min(ahi, bhi)] : [alo, ahi];
    if (!(bbox[v][0] < bbox[v][1])) throw new Error(`'${fn}': the two geometries do not overlap along ${v}; the result would be empty.`);
  }
  const tol = tolerance(bbox);
  const signedDistance = (p: Points) => {
    const da = a.signedDistance(p);
    const db = b.signedDistance(p);
    return da.map((x, i) => (op === 'union' ? Math.max(x, db[i]) : op === 'intersection' ? Math.min(x, db[i]) : Math.min(x, -db[i])));
  };
  // Which boundary points of one operand are boundary of the result: measured against the other operand.
  const outside = (other: Geometry) => (p: Points) => Uint8Array.from(other.signedDistance(p), (d) => (d <= tol ? 1 : 0));
  const within = (other: Geometry) => (p: Points) => Uint8Array.from(other.signedDistance(p), (d) => (d >= -tol ? 1 : 0));
  const trim = (piece: BoundaryPiece, prefix: string, test: (p: Points) => Uint8Array, flip: boolean): BoundaryPiece => {
    const keep = (p: Points) => {
      const k = test(p);
      const inner = piece.keep?.(p);
      if (inner) for (let i = 0; i < k.length; i++) k[i] &= inner[i];
      return k;
    };
    const negate = (q: Points): Points => Object.fromEntries(Object.entries(q).map(([v, col]) => [v, col.map((x) => -x)]));
    return {
      name: `${prefix}:${piece.name}`,
      measure: piece.measure,
      sample: flip
        ? (n, unit) => {
            const s = piece.sample(n, unit);
            return { points: s.points, normals: negate(s.normals) };
          }
        : (n, unit) => piece.sample(n, unit),
      distanceTo: (p) => piece.distanceTo(p),
      normalAt: flip ? (p) => negate(piece.normalAt(p)) : (p) => piece.normalAt(p),
      keep,
    };
  };
  const [na, nb] = names;
  const pieces: BoundaryPiece[] =
    op === 'union'
      ? [...a.pieces().map((p) => trim(p, na, outside(b), false)), ...b.pieces().map((p) => trim(p, nb, outside(a), false))]
      : op === 'intersection'
        ? [...a.pieces().map((p) => trim(p, na, within(b), false)), ...b.pieces().map((p) => trim(p, nb, within(a), false))]
        : // A \ B: A's boundary outside B, and B's boundary inside A with its normal reversed.
          [...a.pieces().map((p) => trim(p, na, outside(b), false)), ...b.pieces().map((p) => trim(p, nb, within(a), true))];
  const contains = (p: Points) => Uint8Array.from(signedDistance(p), (d) => (d >= -tol ? 1 : 0));
  let measure: number | undefined;
  return {
    kind: op,
    inputs,
    bbox,
    get measure() {
      return (measure ??= estimateMeasure({ inputs, bbox, contains }));
    },
    signedDistance,
    contains,
    pieces: () => pieces,
    distance: (p) =>
      tf.tidy(() => {
        const da = a.distance(p);
        const db = b.distance(p);
        return op === 'union' ? rOr([da, db]) : op === 'intersection' ? rAnd([da, db]) : rAnd([da, tf.neg(db) as tf.Tensor2D]);
      }),
  };
}

/**
 * The union of two geometries over the same inputs. Boundary parts are the
 * operands' parts prefixed by their names ('a:x-min', 'b:circle'; choose
 * the names with `names`), trimmed to what bounds the union.
 *
 * @example
 * const g = union(disk({ x: 0, y: 0 }, 1), disk({ x: 1, y: 0 }, 1), ['left', 'right']);
 * g.pieces().map((p) => p.name); // ['left:circle', 'right:circle']
 */
export function union(a: Geometry, b: Geometry, names: readonly [string, string] = ['a', 'b']): Geometry {
  return combine('union', a, b, names);
}

/**
 * a minus b: a's boundary outside b and b's boundary inside a (normal
 * reversed, pointing into b), named by `names` (default 'a' and 'b').
 *
 * @example
 * const plate = difference(rectangle({ x: [-1, 1], y: [-1, 1] }), disk({ x: 0, y: 0 }, 0.3), ['outer', 'hole']);
 * // conditions can name 'hole' (the circle) or 'outer:x-min'
 */
export function difference(a: Geometry, b: Geometry, names: readonly [string, string] = ['a', 'b']): Geometry {
  return combine('difference', a, b, names);
}

/**
 * The intersection of two geometries: each one's boundary inside the other.
 *
 * @example
 * const lens = intersection(disk({ x: 0, y: 0 }, 1), disk({ x: 1, y: 0 }, 1));
 * lens.measure; // about 1.228 (2π/3 − √3/2)
 */
export function intersection(a: Geometry, b: Geometry, names: readonly [string, string] = ['a', 'b']): Geometry {
  return combine('intersection', a, b, names);
}
