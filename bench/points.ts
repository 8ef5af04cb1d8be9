/** Where a workload's points lie; bench/torch_baseline.py builds the same points from the same description. */
export type PointSpec =
  | { kind: 'grid'; nx: number; nt: number }
  | { kind: 'r2'; n: number };

/** Point columns as float32, one entry per point. */
export interface PointColumns {
  x: Float32Array;
  t: Float32Array;
}

// The R2 low-discrepancy sequence (Roberts 2018): evenly spread, no RNG to
// reproduce in Python, and float64 arithmetic identical in both languages.
const G = 1.324717957244746;
const A1 = 1 / G;
const A2 = 1 / (G * G);

/**
 * The points of a workload: a uniform grid over x in [-1,1] (nx points) times
 * t in [0,1] (nt points), x-major, or the first n points of the R2 sequence
 * scaled to the same box.
 *
 * @example
 * makePoints({ kind: 'grid', nx: 5, nt: 7 }).x.length; // 35
 * makePoints({ kind: 'r2', n: 10_000 }).t[0]; // 0.5 + 1/G^2 mod 1
 */
export function makePoints(spec: PointSpec): PointColumns {
  if (spec.kind === 'grid') {
    const { nx, nt } = spec;
    if (!(nx >= 2 && nt >= 2)) throw new Error(`A grid passed to 'makePoints' needs nx >= 2 and nt >= 2, but got nx = ${nx}, nt = ${nt}.`);
    const x = new Float32Array(nx * nt);
    const t = new Float32Array(nx * nt);
    for (let i = 0; i < nx; i++) {
      for (let j = 0; j < nt; j++) {
        x[i * nt + j] = -1 + (2 * i) / (nx - 1);
        t[i * nt + j] = j / (nt - 1);
      }
    }
    return { x, t };
  }
  const { n } = spec;
  if (!Number.isInteger(n) || n < 1) throw new Error(`Argument 'n' passed to 'makePoints' must be a positive integer, but got ${n}.`);
  const x = new Float32Array(n);
  const t = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = -1 + 2 * frac(0.5 + A1 * (i + 1));
    t[i] = frac(0.5 + A2 * (i + 1));
  }
  return { x, t };
}

/**
 * Number of points a spec describes.
 *
 * @example
 * pointCount({ kind: 'grid', nx: 5, nt: 7 }); // 35
 * pointCount({ kind: 'r2', n: 10_000 }); // 10000
 */
export function pointCount(spec: PointSpec): number {
  return spec.kind === 'grid' ? spec.nx * spec.nt : spec.n;
}

function frac(v: number): number {
  return v - Math.floor(v);
}
