import type { Interval } from '../sampling/types.js';
import { box } from './box.js';
import { Geometry } from './types.js';

/**
 * The interval [lo, hi] of one input: a one-dimensional {@link box} with the
 * parts 'x-min' and 'x-max' (its "faces" are points, of measure 1 each).
 *
 * @example
 * const g = interval('x', [0, 1]);
 * g.pieces().map((p) => p.name); // ['x-min', 'x-max']
 */
export function interval(input: string, range: Interval): Geometry {
  return box({ [input]: range });
}
