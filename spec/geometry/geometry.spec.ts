import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { Rng } from '../../lib/index.js';
import {
  Geometry,
  ball,
  boundaryNormals,
  box,
  difference,
  disk,
  intersection,
  interval,
  polygon,
  rectangle,
  sampleBoundary,
  sampleInterior,
  spaceTime,
  triangle,
  union,
  unitSource,
} from '../../lib/geometry/index.js';
import type { Points } from '../../lib/pinn/types.js';
import { describeOnBackends } from '../helpers/backends.js';

const L_SHAPE: [number, number][] = [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2]];
const LENS = (2 * Math.PI) / 3 - Math.sqrt(3) / 2; // two unit disks, centres 1 apart

const pts = (cols: Record<string, number[]>): Points => Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, Float64Array.from(v)]));
const uniform = (seed = 1) => unitSource('uniform', new Rng(seed), { index: 0, shift: [] });
const bboxVolume = (g: Geometry) => g.inputs.reduce((s, v) => s * (g.bbox[v][1] - g.bbox[v][0]), 1);

// Exact measures; Monte Carlo acceptance of n uniform candidates has standard error √(p(1-p)/n).
const SHAPES: [string, () => Geometry, number][] = [
  ['disk', () => disk({ x: 0.5, y: -1 }, 2), 4 * Math.PI],
  ['ball', () => ball({ x: 0, y: 0, z: 0 }, 1), (4 / 3) * Math.PI],
  ['L-shaped polygon', () => polygon(L_SHAPE), 3],
  ['clockwise triangle', () => triangle([0, 0], [0, 1], [1, 0]), 0.5],
  ['square minus disk', () => difference(rectangle({ x: [-1, 1], y: [-1, 1] }), disk({ x: 0, y: 0 }, 0.5)), 4 - Math.PI / 4],
  ['union of two disks', () => union(disk({ x: 0, y: 0 }, 1), disk({ x: 1, y: 0 }, 1)), 2 * Math.PI - LENS],
  ['lens', () => intersection(disk({ x: 0, y: 0 }, 1), disk({ x: 1, y: 0 }, 1)), LENS],
  ['disk x time', () => spaceTime(disk({ x: 0, y: 0 }, 1), 't', [0, 2]), 2 * Math.PI],
];

describe('geometry: interior sampling and measures', () => {
  for (const [name, make, exact] of SHAPES) {
    it(`${name}: the acceptance rate of uniform candidates is measure / bounding-box volume (4 standard errors)`, () => {
      const g = make();
      const n = 20000;
      const { points, drawn, acceptance } = sampleInterior(g, n, uniform(3));
      expect(points[g.inputs[0]].length).toBe(n);
      expect(g.contains(points).every((c) => c === 1)).toBe(true);
      const p = exact / bboxVolume(g);
      expect(Math.abs(acceptance - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / drawn) + 1e-12);
      // The stated measure: exact for primitives, a 2^16-point Sobol estimate for CSG.
      expect(Math.abs(g.measure - exact) / exact).toBeLessThan(g.kind === 'union' || g.kind === 'difference' || g.kind === 'intersection' ? 5e-3 : 1e-12);
    });
  }

  it('Sobol and LHS candidates with rejection: the L-shape accepts 3/4 of a Sobol stream, and every point is inside', () => {
    const g = polygon(L_SHAPE);
    const cursor = { index: 0, shift: [] as number[] };
    const s = sampleInterior(g, 3000, unitSource('sobol', new Rng(1), cursor));
    expect(Math.abs(s.acceptance - 0.75)).toBeLessThan(0.01);
    expect(cursor.index).toBe(s.drawn);
    const l = sampleInterior(g, 3000, unitSource('lhs', new Rng(1), cursor));
    expect(g.contains(l.points).every((c) => c === 1)).toBe(true);
    expect(Math.abs(l.acceptance - 0.75)).toBeLessThan(0.03);
  });

  it('a box accepts every candidate and draws exactly n', () => {
    const s = sampleInterior(box({ x: [0, 1], y: [0, 2], z: [1, 3] }), 500, uniform());
    expect([s.drawn >= 500, s.acceptance]).toEqual([true, 1]);
  });
});

describe('geometry: points in and out', () => {
  it('L-shape, disk, CSG and space-time classify points, boundary included', () => {
    const L = polygon(L_SHAPE);
    expect(Array.from(L.contains(pts({ x: [0.5, 1.5, 0.5, 1.5, 1, 2, -0.01], y: [0.5, 0.5, 1.5, 1.5, 1.5, 0.5, 0.5] })))).toEqual([1, 1, 1, 0, 1, 1, 0]);
    const d = disk({ x: 0, y: 0 }, 1);
    expect(Array.from(d.contains(pts({ x: [0, 1, 0.8, 0.8], y: [0, 0, 0.6, 0.61] })))).toEqual([1, 1, 1, 0]);
    const plate = difference(rectangle({ x: [-1, 1], y: [-1, 1] }), disk({ x: 0, y: 0 }, 0.5));
    expect(Array.from(plate.contains(pts({ x: [0, 0.5, 0.9, 1.1], y: [0, 0, 0.9, 0] })))).toEqual([0, 1, 1, 0]);
    const lens = intersection(disk({ x: 0, y: 0 }, 1), disk({ x: 1, y: 0 }, 1));
    expect(Array.from(lens.contains(pts({ x: [0.5, -0.5, 1.5], y: [0, 0, 0] })))).toEqual([1, 0, 0]);
    const cyl = spaceTime(d, 't', [0, 1]);
    expect(Array.from(cyl.contains(pts({ x: [0, 0, 0.9], y: [0, 0, 0.9], t: [0.5, 1.5, 0.5] })))).toEqual([1, 0, 0]);
    expect(Array.from(interval('x', [0, 1]).contains(pts({ x: [0, 0.3, 1.2] })))).toEqual([1, 1, 0]);
  });

  it('signed distances are exact for primitives: positive inside, negative outside', () => {
    const L = polygon(L_SHAPE);
    const dl = L.signedDistance(pts({ x: [0.5, 1.5, 3], y: [1.5, 1.5, 0.5] }));
    expect(Array.from(dl).map((v) => +v.toFixed(12))).toEqual([0.5, -0.5, -1]);
    const dr = box({ x: [0, 1], y: [0, 1] }).signedDistance(pts({ x: [0.25, 2], y: [0.5, 2] }));
    expect(dr[0]).toBeCloseTo(0.25, 14);
    expect(dr[1]).toBeCloseTo(-Math.SQRT2, 14);
  });

  it('refuses bad shapes, naming the argument', () => {
    expect(() => polygon([[0, 0], [1, 1], [1, 0], [0, 1]])).toThrow("'polygon': edges 0 and 2 cross or touch; the vertices must trace a simple polygon.");
    expect(() => triangle([0, 0], [1, 1], [2, 2])).toThrow("'polygon': the vertices enclose no area.");
    expect(() => disk({ x: 0, y: 0 }, -1)).toThrow("Argument 'radius' passed to 'ball' must be > 0, but got -1.");
    expect(() => box({ x: [1, 0] })).toThrow('box: domain.x must be an interval [lo, hi] with finite lo < hi, but got [1,0].');
    expect(() => union(disk({ x: 0, y: 0 }, 1), disk({ x: 0, z: 0 }, 1))).toThrow("Arguments 'a' and 'b' passed to 'union' must have the same inputs in the same order, but have [x, y] and [x, z].");
    expect(() => sampleBoundary(disk({ x: 0, y: 0 }, 1), 10, uniform(), ['x-min'])).toThrow("'on': boundary part 'x-min' is not a part of the disk; its parts are circle, boundary.");
  });
});

/** Points of a boundary sample that lie on the named piece (within 1e-9). */
function countOn(g: Geometry, name: string, p: Points): number {
  const piece = g.pieces().find((q) => q.name === name)!;
  return piece.distanceTo(p).reduce((s, d) => s + (d < 1e-9 ? 1 : 0), 0);
}

describe('geometry: boundary sampling by length/area', () => {
  it('a rectangle puts points on its faces in proportion to their lengths, keeping the face names', () => {
    const g = rectangle({ x: [0, 1], y: [0, 3] });
    expect(g.pieces().map((p) => [p.name, p.measure])).toEqual([['x-min', 3], ['x-max', 3], ['y-min', 1], ['y-max', 1]]);
    const { points } = sampleBoundary(g, 800, uniform());
    expect(['x-min', 'x-max', 'y-min', 'y-max'].map((f) => countOn(g, f, points))).toEqual([300, 300, 100, 100]);
  });

  it('a non-convex polygon: each edge gets its share of the perimeter', () => {
    const g = polygon(L_SHAPE);
    const { points } = sampleBoundary(g, 800, uniform());
    // Edges of lengths 2, 1, 1, 1, 1, 2 of the perimeter 8.
    const counts = g.pieces().map((p) => countOn(g, p.name, points));
    expect(counts).toEqual([200, 100, 100, 100, 100, 200]);
  });

  it('CSG boundaries: no point inside the other operand, and the hole gets its share of the length', () => {
    const outer = rectangle({ x: [-1, 1], y: [-1, 1] });
    const hole = disk({ x: 0.2, y: 0 }, 0.5);
    const plate = difference(outer, hole, ['outer', 'hole']);
    const n = 20000;
    const { points } = sampleBoundary(plate, n, uniform(2));
    expect(points.x.length).toBe(n);
    const sdHole = hole.signedDistance(points);
    const sdOuter = outer.signedDistance(points);
    expect(sdHole.every((d) => d <= 1e-12)).toBe(true); // nothing strictly inside the hole
    expect(sdOuter.every((d) => d >= -1e-12)).toBe(true); // nothing outside the square
    const onHole = sdHole.reduce((s, d) => s + (Math.abs(d) < 1e-9 ? 1 : 0), 0);
    const share = Math.PI / (8 + Math.PI);
    expect(Math.abs(onHole / n - share)).toBeLessThan(4 * Math.sqrt((share * (1 - share)) / n));
    // Selecting a CSG piece by its operand's name.
    const h = sampleBoundary(plate, 300, uniform(), ['hole']);
    expect(hole.signedDistance(h.points).every((d) => Math.abs(d) < 1e-12)).toBe(true);

    const u = union(disk({ x: 0, y: 0 }, 1), disk({ x: 1, y: 0 }, 1), ['left', 'right']);
    const ub = sampleBoundary(u, 5000, uniform());
    const a = disk({ x: 0, y: 0 }, 1).signedDistance(ub.points);
    const b = disk({ x: 1, y: 0 }, 1).signedDistance(ub.points);
    expect(a.every((d, i) => d <= 1e-12 && b[i] <= 1e-12)).toBe(true);
    const lens = intersection(disk({ x: 0, y: 0 }, 1), disk({ x: 1, y: 0 }, 1));
    const lb = sampleBoundary(lens, 5000, uniform());
    expect(disk({ x: 0, y: 0 }, 1).signedDistance(lb.points).every((d) => d >= -1e-12)).toBe(true);
    expect(disk({ x: 1, y: 0 }, 1).signedDistance(lb.points).every((d) => d >= -1e-12)).toBe(true);
  });

  it('a predicate selects part of the boundary', () => {
    const { points } = sampleBoundary(disk({ x: 0, y: 0 }, 1), 400, uniform(), ['boundary'], (p) => p.y > 0);
    expect(points.x.length).toBe(400);
    expect(points.y.every((y) => y > 0)).toBe(true);
  });

  it('space-time: the t-min cap lies inside the disk at t = 0; the lateral surface keeps the part name', () => {
    const g = spaceTime(disk({ x: 0, y: 0 }, 1), 't', [0, 2]);
    expect(g.pieces().map((p) => [p.name, +p.measure.toFixed(12)])).toEqual([['circle', +(4 * Math.PI).toFixed(12)], ['t-min', +Math.PI.toFixed(12)], ['t-max', +Math.PI.toFixed(12)]]);
    const cap = sampleBoundary(g, 200, uniform(), ['t-min']);
    expect(cap.points.t.every((t) => t === 0)).toBe(true);
    expect(disk({ x: 0, y: 0 }, 1).contains(cap.points).every((c) => c === 1)).toBe(true);
    expect(cap.normals.t.every((v) => v === -1)).toBe(true);
  });
});

describe('geometry: outward normals against closed forms', () => {
  const maxDiff = (a: Float64Array, b: ArrayLike<number>) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

  it('disk and sphere: (p - c) / r, from the sampler and from boundaryNormals', () => {
    const d = disk({ x: 1, y: 2 }, 0.5);
    const s = sampleBoundary(d, 300, uniform());
    expect(maxDiff(s.normals.x, Array.from(s.points.x, (x) => (x - 1) / 0.5))).toBeLessThan(1e-12);
    expect(maxDiff(s.normals.y, Array.from(s.points.y, (y) => (y - 2) / 0.5))).toBeLessThan(1e-12);
    const q = boundaryNormals(d, s.points);
    expect(maxDiff(q.x, s.normals.x)).toBeLessThan(1e-12);
    const b = ball({ x: 0, y: 0, z: 0 }, 2);
    const bs = sampleBoundary(b, 300, uniform());
    for (const v of ['x', 'y', 'z']) expect(maxDiff(bs.normals[v], Array.from(bs.points[v], (c) => c / 2))).toBeLessThan(1e-12);
    // Uniform on the sphere: the mean of z^2 is 1/3 (Archimedes).
    const z2 = bs.normals.z.reduce((s2, z) => s2 + z * z, 0) / 300;
    expect(Math.abs(z2 - 1 / 3)).toBeLessThan(0.06);
  });

  it('L-shape edges, either orientation: the outward axis directions; at a corner, the bisector', () => {
    const expected = [[0, -1], [1, 0], [0, 1], [1, 0], [0, 1], [-1, 0]];
    for (const verts of [L_SHAPE, [...L_SHAPE].reverse()]) {
      const g = polygon(verts);
      const mids = pts({ x: [1, 2, 1.5, 1, 0.5, 0], y: [0, 0.5, 1, 1.5, 2, 1] });
      const nrm = boundaryNormals(g, mids);
      expect(Array.from(nrm.x, (v, i) => [v, nrm.y[i]])).toEqual(expected);
    }
    const corner = boundaryNormals(rectangle({ x: [0, 1], y: [0, 1] }), pts({ x: [1], y: [1] }));
    expect([corner.x[0], corner.y[0]].map((v) => +v.toFixed(12))).toEqual([+Math.SQRT1_2.toFixed(12), +Math.SQRT1_2.toFixed(12)]);
    // The re-entrant corner (1, 1) of the L: bisector of (1, 0) and (0, 1).
    const reentrant = boundaryNormals(polygon(L_SHAPE), pts({ x: [1], y: [1] }));
    expect(reentrant.x[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(() => boundaryNormals(polygon(L_SHAPE), pts({ x: [0.5], y: [0.5] }))).toThrow("'boundaryNormals': point 0 (x = 0.5, y = 0.5) is not on the boundary of the polygon");
  });

  it('a hole: the normal points into the hole, out of the plate', () => {
    const plate = difference(rectangle({ x: [-1, 1], y: [-1, 1] }), disk({ x: 0, y: 0 }, 0.5), ['outer', 'hole']);
    const s = sampleBoundary(plate, 500, uniform(), ['hole']);
    expect(maxDiff(s.normals.x, Array.from(s.points.x, (x) => -x / 0.5))).toBeLessThan(1e-12);
    const q = boundaryNormals(plate, s.points);
    expect(maxDiff(q.y, s.normals.y)).toBeLessThan(1e-12);
    const o = sampleBoundary(plate, 100, uniform(), ['outer:x-max']);
    expect(o.normals.x.every((v) => v === 1)).toBe(true);
  });
});

describeOnBackends('geometry: distance functions for hard constraints', () => {
  const shapes: [string, () => Geometry][] = [
    ['box', () => box({ x: [0, 1], y: [0, 2] })],
    ['disk', () => disk({ x: 0, y: 0 }, 1)],
    ['L-shape', () => polygon(L_SHAPE)],
    ['plate with a hole', () => difference(rectangle({ x: [-1, 1], y: [-1, 1] }), disk({ x: 0, y: 0 }, 0.5))],
    ['disk x time', () => spaceTime(disk({ x: 0, y: 0 }, 1), 't', [0, 1])],
  ];
  const columns = (p: Points) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, tf.tensor2d(Float32Array.from(v), [v.length, 1])]));

  for (const [name, make] of shapes) {
    it(`${name}: zero on the boundary, positive inside, no tensors left`, () => {
      const g = make();
      const before = tf.memory().numTensors;
      const b = sampleBoundary(g, 400, uniform());
      const i = sampleInterior(g, 400, uniform(2));
      tf.tidy(() => {
        const onB = g.distance(columns(b.points)).dataSync();
        const inside = g.distance(columns(i.points)).dataSync();
        const scale = Math.sqrt(g.inputs.reduce((s, v) => s + (g.bbox[v][1] - g.bbox[v][0]) ** 2, 0));
        expect(onB.every((d) => Math.abs(d) < 1e-5 * scale)).toBe(true);
        const sd = g.signedDistance(i.points);
        // Strictly inside (not within float32 of the boundary), the distance is positive.
        expect(inside.every((d, k) => sd[k] < 1e-5 || d > 0)).toBe(true);
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('disk: the gradient of the distance is minus the outward normal on the circle', () => {
    const g = disk({ x: 0, y: 0 }, 1);
    const s = sampleBoundary(g, 50, uniform());
    tf.tidy(() => {
      const x = tf.tensor2d(Float32Array.from(s.points.x), [50, 1]);
      const y = tf.tensor2d(Float32Array.from(s.points.y), [50, 1]);
      const [gx, gy] = tf.grads((a: tf.Tensor, b: tf.Tensor) => g.distance({ x: a as tf.Tensor2D, y: b as tf.Tensor2D }).sum())([x, y]);
      const dx = gx.dataSync();
      const dy = gy.dataSync();
      for (let k = 0; k < 50; k++) {
        expect(Math.abs(dx[k] + s.normals.x[k])).toBeLessThan(1e-5);
        expect(Math.abs(dy[k] + s.normals.y[k])).toBeLessThan(1e-5);
      }
    });
  });
});
