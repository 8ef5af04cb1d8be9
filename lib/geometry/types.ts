import * as tf from '@tensorflow/tfjs';

import type { Columns, Interval, Points } from '../sampling/types.js';

/**
 * A source of points in the unit cube: `unit(d, n)` returns d Float64Arrays of
 * n values in [0,1) (uniform, Latin hypercube or Sobol, see {@link unitSource}).
 */
export type UnitSource = (d: number, n: number) => Float64Array[];

/** Boundary points with the outward unit normal at each, one column per input. */
export interface BoundarySample {
  /** The boundary points, one column per input. */
  points: Points;
  /** normals[v][i]: component v of the outward unit normal at point i. */
  normals: Points;
}

/**
 * One smooth piece of a boundary (a face, an edge, a circle): it can be
 * sampled uniformly by length/area, knows its normal and the distance to it.
 */
export interface BoundaryPiece {
  /** Part name: 'x-min', 'edge0', 'circle', 'hole:circle', ... */
  name: string;
  /** Length (2-D) or area (3-D) of the whole piece, before any CSG trimming. */
  measure: number;
  /** n points uniform on the piece, with their outward normals. */
  sample(n: number, unit: UnitSource): BoundarySample;
  /** Unsigned distance from each point to the piece. */
  distanceTo(p: Points): Float64Array;
  /** The piece's outward unit normal at (or nearest to) each point. */
  normalAt(p: Points): Points;
  /**
   * For a piece trimmed by CSG: which points of the piece belong to the
   * boundary of the combined shape (1) or lie inside/outside the other operand (0).
   */
  keep?: (p: Points) => Uint8Array;
}

/**
 * A domain in the space of some named inputs: interval, box, disk, ball,
 * polygon, CSG combinations, and any of them times a time interval.
 * Everything a PINN needs: membership, points inside and on the boundary,
 * outward normals, named boundary parts and a distance function for hard
 * constraints. Plain numbers in, plain numbers out (browser-safe), except
 * {@link Geometry.distance}, which builds tensors so it can sit in an output transform.
 */
export interface Geometry {
  /** 'box', 'disk', 'polygon', 'union', ... */
  readonly kind: string;
  /** Input names in order, e.g. ['x', 'y'] (one character each). */
  readonly inputs: readonly string[];
  /** The bounding box: an interval per input. */
  readonly bbox: Readonly<Record<string, Interval>>;
  /**
   * Length, area or volume: exact for primitives and time products; for CSG a
   * Monte Carlo estimate from 2^16 Sobol points in the bounding box.
   */
  readonly measure: number;
  /** Signed distance, positive inside, zero on the boundary, negative outside (CSG: a bound with the right sign). */
  signedDistance(p: Points): Float64Array;
  /** 1 where a point lies in the closed domain (boundary within a relative 1e-9 included), else 0. */
  contains(p: Points): Uint8Array;
  /** The boundary's pieces (named parts, each with its length/area). */
  pieces(): BoundaryPiece[];
  /**
   * A smooth approximate distance to the boundary as a tensor [N,1]: zero on
   * the boundary, positive inside, of slope one across smooth parts of the
   * boundary (R-functions for boxes and CSG). Use it as the `scale` of an
   * output transform to impose a Dirichlet condition on a curved boundary.
   */
  distance(p: Columns): tf.Tensor2D;
}
