import * as tf from '@tensorflow/tfjs';

import type { Columns, Interval, Points } from '../sampling/types.js';
import { inputNames, pointCount, tolerance } from './check.js';
import { BoundaryPiece, Geometry } from './types.js';

type Vertex = readonly [number, number];

function cross(o: Vertex, a: Vertex, b: Vertex): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** True when the closed segments ab and cd share a point. */
function segmentsMeet(a: Vertex, b: Vertex, c: Vertex, d: Vertex): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  const on = (p: Vertex, q: Vertex, r: Vertex) => cross(p, q, r) === 0 && Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1]);
  return on(c, d, a) || on(c, d, b) || on(a, b, c) || on(a, b, d);
}

/** Distance from (x, y) to the segment ab. */
function segmentDistance(x: number, y: number, a: Vertex, b: Vertex): number {
  const ex = b[0] - a[0];
  const ey = b[1] - a[1];
  const s = Math.min(1, Math.max(0, ((x - a[0]) * ex + (y - a[1]) * ey) / (ex * ex + ey * ey)));
  return Math.hypot(x - a[0] - s * ex, y - a[1] - s * ey);
}

/**
 * A simple polygon (convex or not, e.g. an L-shape) given by its vertices in
 * order, clockwise or counter-clockwise, over two inputs (default x, y).
 * Edge i runs from vertex i to vertex i+1 and is the part 'edge<i>'.
 * Self-intersecting or degenerate vertex lists are refused.
 *
 * @example
 * const L = polygon([[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2]]);
 * L.measure; // 3; L.pieces()[0].name // 'edge0'
 */
export function polygon(vertices: readonly Vertex[], inputs: readonly [string, string] = ['x', 'y']): Geometry {
  inputNames(inputs, "Argument 'inputs' passed to 'polygon'");
  if (!Array.isArray(vertices) || vertices.length < 3) throw new Error(`Argument 'vertices' passed to 'polygon' must list at least three [x, y] vertices, but got ${JSON.stringify(vertices)}.`);
  vertices.forEach((v, i) => {
    if (!Array.isArray(v) || v.length !== 2 || !Number.isFinite(v[0]) || !Number.isFinite(v[1])) throw new Error(`vertices[${i}] passed to 'polygon' must be [x, y] with finite numbers, but got ${JSON.stringify(v)}.`);
  });
  const V = vertices.map((v) => [v[0], v[1]] as Vertex);
  const m = V.length;
  const edge = (i: number): [Vertex, Vertex] => [V[i], V[(i + 1) % m]];
  let area2 = 0;
  for (let i = 0; i < m; i++) area2 += V[i][0] * V[(i + 1) % m][1] - V[(i + 1) % m][0] * V[i][1];
  for (let i = 0; i < m; i++) {
    const [a, b] = edge(i);
    if (a[0] === b[0] && a[1] === b[1]) throw new Error(`'polygon': vertices ${i} and ${(i + 1) % m} coincide (${JSON.stringify(a)}).`);
    for (let j = i + 2; j < m; j++) {
      if (i === 0 && j === m - 1) continue; // adjacent through the closing edge
      const [c, d] = edge(j);
      if (segmentsMeet(a, b, c, d)) throw new Error(`'polygon': edges ${i} and ${j} cross or touch; the vertices must trace a simple polygon.`);
    }
  }
  if (area2 === 0) throw new Error(`'polygon': the vertices enclose no area.`);
  // Outward normal of edge (dx, dy): (dy, -dx)/L for counter-clockwise vertices, the opposite for clockwise.
  const orient = area2 > 0 ? 1 : -1;
  const [X, Y] = inputs;
  const xs = V.map((v) => v[0]);
  const ys = V.map((v) => v[1]);
  const bbox: Record<string, Interval> = { [X]: [Math.min(...xs), Math.max(...xs)], [Y]: [Math.min(...ys), Math.max(...ys)] };
  const tol = tolerance(bbox);
  const signedDistance = (p: Points) => {
    const n = pointCount(p, inputs, 'signedDistance');
    return Float64Array.from({ length: n }, (_, i) => {
      const x = p[X][i];
      const y = p[Y][i];
      let inside = false;
      let best = Infinity;
      for (let k = 0; k < m; k++) {
        const [a, b] = edge(k);
        best = Math.min(best, segmentDistance(x, y, a, b));
        // Even-odd rule with a half-open crossing test, so a vertex is never counted twice.
        if (a[1] > y !== b[1] > y && x < a[0] + ((y - a[1]) * (b[0] - a[0])) / (b[1] - a[1])) inside = !inside;
      }
      return inside ? best : -best;
    });
  };
  const pieces: BoundaryPiece[] = Array.from({ length: m }, (_, k) => {
    const [a, b] = edge(k);
    const L = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const nx = (orient * (b[1] - a[1])) / L;
    const ny = (-orient * (b[0] - a[0])) / L;
    const normals = (n: number): Points => ({ [X]: new Float64Array(n).fill(nx), [Y]: new Float64Array(n).fill(ny) });
    return {
      name: `edge${k}`,
      measure: L,
      sample(n, unit) {
        const [s] = unit(1, n);
        return { points: { [X]: Float64Array.from(s, (u) => a[0] + u * (b[0] - a[0])), [Y]: Float64Array.from(s, (u) => a[1] + u * (b[1] - a[1])) }, normals: normals(n) };
      },
      distanceTo(p) {
        const n = pointCount(p, inputs, 'distanceTo');
        return Float64Array.from({ length: n }, (_, i) => segmentDistance(p[X][i], p[Y][i], a, b));
      },
      normalAt: (p) => normals(pointCount(p, inputs, 'normalAt')),
    };
  });
  return {
    kind: 'polygon',
    inputs,
    bbox,
    measure: Math.abs(area2) / 2,
    signedDistance,
    contains: (p) => Uint8Array.from(signedDistance(p), (d) => (d >= -tol ? 1 : 0)),
    pieces: () => pieces,
    distance: (p: Columns) => polygonDistance(p, X, Y, V, signedDistance),
  };
}

/**
 * Sukumar & Srivastava (2022) approximate distance to a polygon: per edge
 * φ = √(f² + ((√(t² + f⁴) − t)/2)²), with f the signed distance to the
 * edge's line and t a trimming function positive between its ends, joined
 * by R-equivalence 1/φ = Σ 1/φ_i. It is unsigned; the sign comes from the
 * exact inside test (piecewise constant, so it adds nothing to derivatives).
 */
function polygonDistance(p: Columns, X: string, Y: string, V: Vertex[], signed: (p: Points) => Float64Array): tf.Tensor2D {
  const n = p[X].shape[0];
  const sign = Float32Array.from(signed({ [X]: Float64Array.from(p[X].dataSync()), [Y]: Float64Array.from(p[Y].dataSync()) }), (d) => (d >= 0 ? 1 : -1));
  return tf.tidy(() => {
    const inv = V.map((a, k) => {
      const b = V[(k + 1) % V.length];
      const L = Math.hypot(b[0] - a[0], b[1] - a[1]);
      const f = tf.div(tf.sub(tf.mul(tf.sub(p[X], a[0]), b[1] - a[1]), tf.mul(tf.sub(p[Y], a[1]), b[0] - a[0])), L);
      const cx = (a[0] + b[0]) / 2;
      const cy = (a[1] + b[1]) / 2;
      const t = tf.div(tf.sub((L * L) / 4, tf.add(tf.square(tf.sub(p[X], cx)), tf.square(tf.sub(p[Y], cy)))), L);
      const f2 = tf.square(f);
      const trim = tf.div(tf.sub(tf.sqrt(tf.add(tf.square(t), tf.square(f2))), t), 2);
      return tf.div(1, tf.sqrt(tf.add(f2, tf.square(trim))));
    });
    return tf.mul(tf.div(1, tf.addN(inv)), tf.tensor2d(sign, [n, 1])) as tf.Tensor2D;
  });
}
