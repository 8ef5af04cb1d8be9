import { ball, disk } from '../geometry/ball.js';
import { box } from '../geometry/box.js';
import { difference, intersection, union } from '../geometry/csg.js';
import { polygon } from '../geometry/polygon.js';
import { spaceTime } from '../geometry/space_time.js';
import { triangle } from '../geometry/triangle.js';
import type { Geometry } from '../geometry/types.js';
import { nearestName } from '../internals/keys.js';
import { Context, compileNode } from './compile.js';
import { ExpressionError } from './error.js';
import { ExpressionNode, parseExpression } from './parse.js';

/** A value while a geometry expression is evaluated. */
type GeometryValue = number | string | GeometryValue[] | Geometry;

/**
 * The geometry constructors a geometry expression may call, with their forms for the docs.
 *
 * @example
 * Object.keys(GEOMETRY_FUNCTIONS); // ['box', 'disk', 'ball', 'polygon', 'triangle', 'union', 'difference', 'intersection', 'spaceTime']
 */
export const GEOMETRY_FUNCTIONS: Readonly<Record<string, string>> = {
  box: 'box([lo, hi], ...): one range per input, in order',
  disk: 'disk([cx, cy], r)',
  ball: 'ball([cx, cy, cz], r)',
  polygon: 'polygon([[x0, y0], [x1, y1], ...]): a simple polygon; parts edge0, edge1, ...',
  triangle: 'triangle([x0, y0], [x1, y1], [x2, y2])',
  union: "union(a, b, 'nameA', 'nameB'): parts named 'nameA:...' (names default 'a', 'b')",
  difference: "difference(a, b, 'nameA', 'nameB')",
  intersection: "intersection(a, b, 'nameA', 'nameB')",
  spaceTime: 'spaceTime(g, [t0, t1]): g over the other inputs times the time input (the last input)',
};

const isGeometry = (v: GeometryValue): v is Geometry => typeof v === 'object' && !Array.isArray(v);

/**
 * Evaluates a geometry expression over `inputs` (in order; `time` is left to `spaceTime`): numbers
 * may be constant expressions of `context`'s constants. Errors point at the place in the text.
 *
 * @example
 * compileGeometry("difference(box([-1, 1], [-1, 1]), disk([0, 0], 0.3), 'outer', 'hole')", ['x', 'y'], undefined, context);
 */
export function compileGeometry(text: string, inputs: readonly string[], time: string | undefined, context: Context): Geometry {
  const field = 'geometry';
  const fail = (node: ExpressionNode, reason: string): never => {
    throw new ExpressionError(field, text, node.start, node.end, reason);
  };
  const numbers = (node: ExpressionNode, v: GeometryValue, n: number, what: string): number[] => {
    if (!Array.isArray(v) || v.length !== n || v.some((x) => typeof x !== 'number')) fail(node, `expected ${what}`);
    return v as number[];
  };
  const evaluate = (node: ExpressionNode, over: readonly string[]): GeometryValue => {
    if (node.type === 'string') return node.value;
    if (node.type === 'array') return node.items.map((item) => evaluate(item, over));
    if (node.type !== 'call' || !(node.name in GEOMETRY_FUNCTIONS)) {
      if (node.type === 'call' && !(node.name in context.functions)) {
        const near = nearestName(node.name, Object.keys(GEOMETRY_FUNCTIONS));
        if (near !== undefined) throw new ExpressionError(field, text, node.start, node.nameEnd, `unknown geometry '${node.name}'. Did you mean '${near}'?`);
      }
      const v = compileNode(node, context, field, text)({});
      if (typeof v !== 'number') return fail(node, 'expected a number');
      return v;
    }
    const inner = node.name === 'spaceTime' ? over.filter((i) => i !== time) : over;
    const args = node.args.map((a) => evaluate(a, inner));
    const arg = (k: number) => node.args[k] ?? node;
    const geometryArg = (k: number): Geometry => (isGeometry(args[k]) ? (args[k] as Geometry) : fail(arg(k), 'expected a geometry (box, disk, polygon, ...)'));
    const want = (lo: number, hi = lo) => {
      if (args.length < lo || args.length > hi) fail(node, `${GEOMETRY_FUNCTIONS[node.name]}: takes ${lo === hi ? lo : `${lo} to ${hi}`} arguments, but got ${args.length}`);
    };
    const point = (k: number, n: number) => Object.fromEntries(numbers(arg(k), args[k], n, `a point [${over.slice(0, n).join(', ')}]`).map((v, i) => [over[i], v]));
    try {
      switch (node.name) {
        case 'box':
          want(over.length);
          return box(Object.fromEntries(over.map((i, k) => [i, numbers(arg(k), args[k], 2, `a range [lo, hi] for ${i}`) as [number, number]])));
        case 'disk':
          want(2);
          return disk(point(0, 2), numbers(arg(1), [args[1]], 1, 'a radius')[0]);
        case 'ball':
          want(2);
          return ball(point(0, 3), numbers(arg(1), [args[1]], 1, 'a radius')[0]);
        case 'polygon': {
          want(1);
          const vs = args[0];
          if (!Array.isArray(vs)) fail(arg(0), 'expected a list of vertices [[x0, y0], ...]');
          return polygon((vs as GeometryValue[]).map((v, k) => numbers((arg(0) as { items?: ExpressionNode[] }).items?.[k] ?? arg(0), v, 2, 'a vertex [x, y]') as [number, number]), [over[0], over[1]]);
        }
        case 'triangle':
          want(3);
          return triangle(...([0, 1, 2].map((k) => numbers(arg(k), args[k], 2, 'a vertex [x, y]')) as [[number, number], [number, number], [number, number]]), [over[0], over[1]]);
        case 'spaceTime': {
          want(2);
          if (time === undefined) fail(node, "spaceTime needs the problem's time input (set 'time')");
          return spaceTime(geometryArg(0), time!, numbers(arg(1), args[1], 2, 'a time range [t0, t1]') as [number, number]);
        }
        default: {
          want(2, 4);
          const names = [args[2] ?? 'a', args[3] ?? 'b'];
          names.forEach((n, k) => typeof n === 'string' || fail(arg(k + 2), "expected a part name in quotes, 'hole'"));
          const csg = node.name === 'union' ? union : node.name === 'difference' ? difference : intersection;
          return csg(geometryArg(0), geometryArg(1), names as [string, string]);
        }
      }
    } catch (error) {
      if (error instanceof ExpressionError) throw error;
      return fail(node, `${(error as Error).message.replace(/\.$/, '')}`);
    }
  };
  const result = evaluate(parseExpression(text, field), inputs);
  if (!isGeometry(result)) throw new ExpressionError(field, text, 0, text.length, 'expected a geometry (box, disk, polygon, union, difference, intersection, spaceTime)');
  return result;
}
