import { polygon } from './polygon.js';
import { Geometry } from './types.js';

type Vertex = readonly [number, number];

/**
 * A triangle: a three-vertex {@link polygon} with edges 'edge0' (a to b), 'edge1', 'edge2'.
 *
 * @example
 * triangle([0, 0], [1, 0], [0, 1]).measure; // 0.5
 * triangle([0, 0], [1, 1], [2, 2]); // throws: no area
 */
export function triangle(a: Vertex, b: Vertex, c: Vertex, inputs: readonly [string, string] = ['x', 'y']): Geometry {
  return polygon([a, b, c], inputs);
}
