import * as tf from '@tensorflow/tfjs';

import type { Columns, Interval, Points } from '../sampling/types.js';
import { gap, inputNames, interval, pointCount, tolerance } from './check.js';
import { rAnd } from './rfunctions.js';
import { BoundaryPiece, Geometry } from './types.js';

/** One face of a box: input `input` pinned to `value`. */
function facePiece(bbox: Record<string, Interval>, input: string, side: 'min' | 'max'): BoundaryPiece {
  const names = Object.keys(bbox);
  const value = bbox[input][side === 'min' ? 0 : 1];
  const sign = side === 'min' ? -1 : 1;
  const free = names.filter((v) => v !== input);
  const measure = free.reduce((s, v) => s * (bbox[v][1] - bbox[v][0]), 1);
  const normals = (n: number): Points => Object.fromEntries(names.map((v) => [v, new Float64Array(n).fill(v === input ? sign : 0)]));
  return {
    name: `${input}-${side}`,
    measure,
    // The free inputs in box order, as samplePoints has always drawn a face.
    sample(n, unit) {
      const u = unit(free.length, n);
      const points: Points = {};
      for (const v of names) {
        if (v === input) points[v] = new Float64Array(n).fill(value);
        else {
          const [lo, hi] = bbox[v];
          points[v] = Float64Array.from(u[free.indexOf(v)], (s) => lo + (hi - lo) * s);
        }
      }
      return { points, normals: normals(n) };
    },
    distanceTo(p) {
      const n = pointCount(p, names, 'distanceTo');
      return Float64Array.from({ length: n }, (_, i) => {
        let s = (p[input][i] - value) ** 2;
        for (const v of free) s += gap(p[v][i], bbox[v][0], bbox[v][1]) ** 2;
        return Math.sqrt(s);
      });
    },
    normalAt: (p) => normals(pointCount(p, names, 'normalAt')),
  };
}

/**
 * An axis-aligned box (any dimension) over named inputs, e.g. a rectangle
 * `{x: [0, 1], y: [0, 2]}` or space-time `{x: [-1, 1], t: [0, 1]}`. Its faces
 * are the parts 'x-min', 'x-max', 'y-min', ... (the order of the inputs, min first).
 *
 * @example
 * const r = box({ x: [0, 1], y: [0, 2] });
 * r.measure; // 2; r.pieces().map((p) => p.name) // ['x-min', 'x-max', 'y-min', 'y-max']
 */
export function box(domain: Record<string, Interval>): Geometry {
  const names = Object.keys(domain ?? {});
  inputNames(names, "The keys of argument 'domain' passed to 'box'");
  const bbox: Record<string, Interval> = {};
  for (const v of names) bbox[v] = interval(domain[v], `box: domain.${v}`);
  const tol = tolerance(bbox);
  const measure = names.reduce((s, v) => s * (bbox[v][1] - bbox[v][0]), 1);
  const pieces = names.flatMap((v) => [facePiece(bbox, v, 'min'), facePiece(bbox, v, 'max')]);
  const signedDistance = (p: Points) => {
    const n = pointCount(p, names, 'signedDistance');
    return Float64Array.from({ length: n }, (_, i) => {
      // Inside: distance to the nearest face; outside: Euclidean distance to the box.
      let inside = Infinity;
      let out2 = 0;
      for (const v of names) {
        const [lo, hi] = bbox[v];
        const x = p[v][i];
        inside = Math.min(inside, x - lo, hi - x);
        out2 += gap(x, lo, hi) ** 2;
      }
      return out2 > 0 ? -Math.sqrt(out2) : inside;
    });
  };
  return {
    kind: names.length === 1 ? 'interval' : names.length === 2 ? 'rectangle' : 'box',
    inputs: names,
    bbox,
    measure,
    signedDistance,
    contains: (p) => Uint8Array.from(signedDistance(p), (d) => (d >= -tol ? 1 : 0)),
    pieces: () => pieces,
    distance: (p: Columns) =>
      tf.tidy(() => rAnd(names.flatMap((v) => [tf.sub(p[v], bbox[v][0]), tf.sub(bbox[v][1], p[v])]) as tf.Tensor2D[])),
  };
}

/**
 * A rectangle: a two-input {@link box}.
 *
 * @example
 * rectangle({ x: [0, 1], y: [0, 1] }).measure; // 1
 * rectangle({ x: [0, 1] }); // throws: two inputs
 */
export function rectangle(domain: Record<string, Interval>): Geometry {
  const n = Object.keys(domain ?? {}).length;
  if (n !== 2) throw new Error(`Argument 'domain' passed to 'rectangle' must give two inputs, e.g. {x: [0, 1], y: [0, 1]}, but gives ${n}; use box for other dimensions.`);
  return box(domain);
}
