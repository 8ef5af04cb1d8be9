import * as tf from '@tensorflow/tfjs';

import type { Columns, Interval, Points } from '../sampling/types.js';
import { finite, inputNames, pointCount, tolerance } from './check.js';
import { BoundaryPiece, Geometry } from './types.js';

/**
 * A disk (two inputs) or ball (three inputs): the points within `radius` of
 * `center`, keyed by input name. Its boundary is one part, 'sphere' (a
 * ball) or 'circle' (a disk); the normal is (p − center) / radius.
 *
 * @example
 * const b = ball({ x: 0, y: 0, z: 0 }, 1);
 * b.measure; // 4π/3
 */
export function ball(center: Record<string, number>, radius: number): Geometry {
  const names = Object.keys(center ?? {});
  inputNames(names, "The keys of argument 'center' passed to 'ball'");
  if (names.length !== 2 && names.length !== 3) throw new Error(`Argument 'center' passed to 'ball' must have two inputs (a disk) or three (a ball), but has ${names.length}; use interval for one.`);
  const c = names.map((v) => finite(center[v], `ball: center.${v}`));
  const r = finite(radius, "Argument 'radius' passed to 'ball'");
  if (!(r > 0)) throw new Error(`Argument 'radius' passed to 'ball' must be > 0, but got ${r}.`);
  const d = names.length;
  const bbox: Record<string, Interval> = Object.fromEntries(names.map((v, k) => [v, [c[k] - r, c[k] + r] as Interval]));
  const tol = tolerance(bbox);
  const norm = (p: Points, i: number) => Math.sqrt(names.reduce((s, v, k) => s + (p[v][i] - c[k]) ** 2, 0));
  const signedDistance = (p: Points) => {
    const n = pointCount(p, names, 'signedDistance');
    return Float64Array.from({ length: n }, (_, i) => r - norm(p, i));
  };
  const piece: BoundaryPiece = {
    name: d === 2 ? 'circle' : 'sphere',
    measure: d === 2 ? 2 * Math.PI * r : 4 * Math.PI * r * r,
    sample(n, unit) {
      const u = unit(d - 1, n);
      const normals: Points = Object.fromEntries(names.map((v) => [v, new Float64Array(n)]));
      for (let i = 0; i < n; i++) {
        // Uniform by arc length (2-D) or area (3-D: z uniform in [-1, 1], Archimedes).
        const phi = 2 * Math.PI * u[d - 2][i];
        const z = d === 3 ? 1 - 2 * u[0][i] : 0;
        const s = Math.sqrt(1 - z * z);
        const unitVec = d === 2 ? [Math.cos(phi), Math.sin(phi)] : [s * Math.cos(phi), s * Math.sin(phi), z];
        names.forEach((v, k) => (normals[v][i] = unitVec[k]));
      }
      const points: Points = Object.fromEntries(names.map((v, k) => [v, Float64Array.from(normals[v], (e) => c[k] + r * e)]));
      return { points, normals };
    },
    distanceTo: (p) => Float64Array.from(signedDistance(p), Math.abs),
    normalAt(p) {
      const n = pointCount(p, names, 'normalAt');
      const out: Points = Object.fromEntries(names.map((v) => [v, new Float64Array(n)]));
      for (let i = 0; i < n; i++) {
        const len = norm(p, i);
        // The centre has no nearest boundary point: any unit vector will do; say +first input.
        names.forEach((v, k) => (out[v][i] = len > 0 ? (p[v][i] - c[k]) / len : k === 0 ? 1 : 0));
      }
      return out;
    },
  };
  return {
    kind: d === 2 ? 'disk' : 'ball',
    inputs: names,
    bbox,
    measure: d === 2 ? Math.PI * r * r : (4 / 3) * Math.PI * r ** 3,
    signedDistance,
    contains: (p) => Uint8Array.from(signedDistance(p), (s) => (s >= -tol ? 1 : 0)),
    pieces: () => [piece],
    // (r² − |p − c|²) / 2r: smooth everywhere (r − |p − c| has a kink at the centre), slope one at the boundary.
    distance: (p: Columns) =>
      tf.tidy(() => {
        const sq = tf.addN(names.map((v, k) => tf.square(tf.sub(p[v], c[k]))));
        return tf.div(tf.sub(r * r, sq), 2 * r) as tf.Tensor2D;
      }),
  };
}

/**
 * A disk: the two-input {@link ball}; its boundary part is 'circle'.
 *
 * @example
 * const d = disk({ x: 0, y: 0 }, 1);
 * d.measure; // π
 */
export function disk(center: Record<string, number>, radius: number): Geometry {
  const n = Object.keys(center ?? {}).length;
  if (n !== 2) throw new Error(`Argument 'center' passed to 'disk' must have two inputs, e.g. {x: 0, y: 0}, but has ${n}; use ball for three.`);
  return ball(center, radius);
}
