import * as tf from '@tensorflow/tfjs';

import type { Interval, Points } from '../sampling/types.js';
import { gap, inputNames, interval, pointCount, tolerance } from './check.js';
import { rAnd } from './rfunctions.js';
import { sampleInterior } from './sample.js';
import { BoundaryPiece, Geometry } from './types.js';

/**
 * A geometry times a time interval: the space-time cylinder over it. Its
 * parts are the geometry's own (lifted along time, normals with no time
 * component) and the faces 't-min' (where initial conditions live) and
 * 't-max' (normals ∓ t). The time input comes last.
 *
 * @example
 * const g = spaceTime(disk({ x: 0, y: 0 }, 1), 't', [0, 1]);
 * g.inputs; // ['x', 'y', 't']; g.pieces().map((p) => p.name) // ['circle', 't-min', 't-max']
 */
export function spaceTime(space: Geometry, time: string, range: Interval): Geometry {
  if (space?.inputs === undefined) throw new Error(`Argument 'space' passed to 'spaceTime' must be a geometry, but got ${String(space)}.`);
  const inputs = [...space.inputs, time];
  inputNames(inputs, `The inputs of 'spaceTime' (the geometry's and 'time')`);
  const [t0, t1] = interval(range, "Argument 'range' passed to 'spaceTime'");
  const T = t1 - t0;
  const bbox: Record<string, Interval> = { ...space.bbox, [time]: [t0, t1] };
  const tol = tolerance(bbox);
  const spatial = (p: Points): Points => Object.fromEntries(space.inputs.map((v) => [v, p[v]]));
  const signedDistance = (p: Points) => {
    const n = pointCount(p, inputs, 'signedDistance');
    const ds = space.signedDistance(spatial(p));
    return Float64Array.from({ length: n }, (_, i) => Math.min(ds[i], p[time][i] - t0, t1 - p[time][i]));
  };
  const lift = (piece: BoundaryPiece): BoundaryPiece => ({
    name: piece.name,
    measure: piece.measure * T,
    sample(n, unit) {
      const s = piece.sample(n, unit);
      const [u] = unit(1, n);
      return { points: { ...s.points, [time]: Float64Array.from(u, (x) => t0 + T * x) }, normals: { ...s.normals, [time]: new Float64Array(n) } };
    },
    distanceTo(p) {
      const d = piece.distanceTo(spatial(p));
      return d.map((x, i) => Math.hypot(x, gap(p[time][i], t0, t1)));
    },
    normalAt: (p) => ({ ...piece.normalAt(spatial(p)), [time]: new Float64Array(pointCount(p, inputs, 'normalAt')) }),
    keep: piece.keep && ((p) => piece.keep!(spatial(p))),
  });
  const cap = (side: 'min' | 'max'): BoundaryPiece => {
    const value = side === 'min' ? t0 : t1;
    const sign = side === 'min' ? -1 : 1;
    const normals = (n: number): Points => ({ ...Object.fromEntries(space.inputs.map((v) => [v, new Float64Array(n)])), [time]: new Float64Array(n).fill(sign) });
    return {
      name: `${time}-${side}`,
      measure: space.measure,
      sample(n, unit) {
        const { points } = sampleInterior(space, n, unit);
        return { points: { ...points, [time]: new Float64Array(n).fill(value) }, normals: normals(n) };
      },
      distanceTo(p) {
        const ds = space.signedDistance(spatial(p));
        return ds.map((d, i) => Math.hypot(p[time][i] - value, Math.max(0, -d)));
      },
      normalAt: (p) => normals(pointCount(p, inputs, 'normalAt')),
    };
  };
  const pieces = [...space.pieces().map(lift), cap('min'), cap('max')];
  return {
    kind: `${space.kind} × time`,
    inputs,
    bbox,
    get measure() {
      return space.measure * T;
    },
    signedDistance,
    contains: (p) => Uint8Array.from(signedDistance(p), (d) => (d >= -tol ? 1 : 0)),
    pieces: () => pieces,
    distance: (p) => tf.tidy(() => rAnd([space.distance(p), tf.sub(p[time], t0) as tf.Tensor2D, tf.sub(t1, p[time]) as tf.Tensor2D])),
  };
}
