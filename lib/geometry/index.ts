export type { BoundaryPiece, BoundarySample, Geometry, UnitSource } from './types.js';
export { ball, disk } from './ball.js';
export { box, rectangle } from './box.js';
export { difference, intersection, union } from './csg.js';
export { interval } from './interval.js';
export { polygon } from './polygon.js';
export { boundaryNormals, sampleBoundary, sampleInterior, unitSource } from './sample.js';
export type { InteriorSample } from './sample.js';
export { spaceTime } from './space_time.js';
export { triangle } from './triangle.js';
/** @deprecated R-function helpers are internal to the geometries; these exports go in the next release. */
export { rAnd, rOr } from './rfunctions.js';
