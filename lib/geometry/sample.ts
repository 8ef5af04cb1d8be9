import type { Points } from '../sampling/types.js';
import { Rng } from '../sampling/rng.js';
import { SamplingMethod, SobolCursor, unitSamples } from '../sampling/points.js';
import { pointCount } from './check.js';
import { BoundaryPiece, BoundarySample, Geometry, UnitSource } from './types.js';

/**
 * A {@link UnitSource} over the PINN layer's samplers: uniform, Latin
 * hypercube (one hypercube per call) or Sobol continuing `cursor`.
 *
 * @example
 * const unit = unitSource('sobol', new Rng(1), { index: 0, shift: [] });
 * const [u, v] = unit(2, 256); // 256 Sobol points in [0,1)^2
 */
export function unitSource(method: SamplingMethod, rng: Rng, cursor: SobolCursor): UnitSource {
  return (d, n) => unitSamples(d, n, method, rng, cursor);
}

/** Interior points and how many candidates were drawn for them. */
export interface InteriorSample {
  /** The accepted points, one column per input. */
  points: Points;
  /** Candidates drawn in the bounding box. */
  drawn: number;
  /** Fraction of the candidates that landed inside (about measure / bounding-box volume). */
  acceptance: number;
}

function append(parts: Points[], inputs: readonly string[]): Points {
  const out: Points = {};
  for (const v of inputs) {
    const col = new Float64Array(parts.reduce((s, p) => s + p[v].length, 0));
    let at = 0;
    for (const p of parts) {
      col.set(p[v], at);
      at += p[v].length;
    }
    out[v] = col;
  }
  return out;
}

function pick(p: Points, keep: ArrayLike<number>, inputs: readonly string[]): Points {
  const idx: number[] = [];
  for (let i = 0; i < keep.length; i++) if (keep[i]) idx.push(i);
  return Object.fromEntries(inputs.map((v) => [v, Float64Array.from(idx, (i) => p[v][i])]));
}

/**
 * n points inside a geometry: candidates drawn in its bounding box by `unit`,
 * those outside rejected, until n are in (a box accepts every candidate).
 * Throws when fewer than 1 in 10^4 candidates land inside.
 *
 * @example
 * const { points, drawn } = sampleInterior(disk({ x: 0, y: 0 }, 1), 1000, unit);
 * 1000 / drawn; // about π/4
 */
export function sampleInterior(g: Geometry, n: number, unit: UnitSource): InteriorSample {
  if (!Number.isInteger(n) || n < 0) throw new Error(`Argument 'n' passed to 'sampleInterior' must be an integer >= 0, but got ${n}.`);
  const inputs = g.inputs;
  const kept: Points[] = [];
  let have = 0;
  let drawn = 0;
  // The expected acceptance: 1 for a box, which then draws exactly n candidates.
  const volume = inputs.reduce((s, v) => s * (g.bbox[v][1] - g.bbox[v][0]), 1);
  let rate = Math.min(1, Math.max(g.measure / volume, 1e-4));
  while (have < n) {
    // Ask for a little more than the acceptance rate suggests, to need few rounds.
    const m = rate >= 1 ? n - have : Math.ceil(((n - have) / rate) * 1.05) + 8;
    const u = unit(inputs.length, m);
    const cand: Points = {};
    inputs.forEach((v, k) => {
      const [lo, hi] = g.bbox[v];
      cand[v] = Float64Array.from(u[k], (s) => lo + (hi - lo) * s);
    });
    const inside = pick(cand, g.contains(cand), inputs);
    drawn += m;
    kept.push(inside);
    have += inside[inputs[0]].length;
    rate = have === drawn ? 1 : Math.max(have / drawn, 1e-4);
    if (have < n && drawn > 1e4 * (n + 100)) {
      throw new Error(`'sampleInterior' drew ${drawn} candidates in the bounding box of the ${g.kind} and found only ${have} inside; is the domain empty or of zero volume?`);
    }
  }
  const all = append(kept, inputs);
  // Keep the first n: the draws are in sequence order, so a Sobol stream stays a prefix.
  for (const v of inputs) all[v] = all[v].slice(0, n);
  return { points: all, drawn, acceptance: have / Math.max(drawn, 1) };
}

/**
 * The pieces a list of part names selects: a piece matches a name it equals or
 * extends by ':' (so 'hole' selects 'hole:circle'); 'boundary' selects all.
 * Throws on a name that selects nothing, listing the parts.
 *
 * @example
 * selectPieces(rectangle({ x: [0, 1], y: [0, 1] }), ['x-min', 'y-max']).length; // 2
 * selectPieces(disk({ x: 0, y: 0 }, 1), ['boundary'])[0].name; // 'circle'
 */
export function selectPieces(g: Geometry, on: readonly string[], where = "'on'"): BoundaryPiece[] {
  const pieces = g.pieces();
  const out: BoundaryPiece[] = [];
  for (const name of on) {
    const hit = name === 'boundary' ? pieces : pieces.filter((p) => p.name === name || p.name.startsWith(`${name}:`));
    if (hit.length === 0) {
      throw new Error(`${where}: boundary part '${name}' is not a part of the ${g.kind}; its parts are ${[...pieces.map((p) => p.name), 'boundary'].join(', ')}.`);
    }
    for (const p of hit) if (!out.includes(p)) out.push(p);
  }
  return out;
}

/**
 * Points on the selected boundary pieces, uniform by length/area over them
 * together: each piece gets ceil(n · its share of the measure) candidates
 * (so equal faces get equal counts, as a box always had), CSG-trimmed pieces
 * and an optional predicate `on(point)` reject candidates, and rounds repeat
 * until at least n are in; the surplus of the last round is thinned evenly.
 *
 * @example
 * const { points, normals } = sampleBoundary(disk({ x: 0, y: 0 }, 1), 100, unit);
 * points.x[0] ** 2 + points.y[0] ** 2; // 1; normals.x[0] === points.x[0]
 */
export function sampleBoundary(
  g: Geometry,
  n: number,
  unit: UnitSource,
  parts: readonly string[] = ['boundary'],
  on?: (point: Record<string, number>) => boolean,
): BoundarySample {
  if (!Number.isInteger(n) || n < 1) throw new Error(`Argument 'n' passed to 'sampleBoundary' must be an integer >= 1, but got ${n}.`);
  const inputs = g.inputs;
  const pieces = selectPieces(g, parts);
  const total = pieces.reduce((s, p) => s + p.measure, 0);
  const filtered = pieces.some((p) => p.keep) || on !== undefined;
  const rounds: BoundarySample[] = [];
  let have = 0;
  let drawn = 0;
  let rate = 1;
  while (have < n) {
    const want = filtered ? Math.ceil(((n - have) / rate) * 1.05) + 4 : n;
    const got: BoundarySample[] = [];
    let m = 0;
    for (const piece of pieces) {
      const k = Math.ceil((want * piece.measure) / total);
      if (k === 0) continue;
      const s = piece.sample(k, unit);
      m += k;
      let mask: Uint8Array | undefined = piece.keep?.(s.points);
      if (on !== undefined) {
        mask ??= new Uint8Array(k).fill(1);
        for (let i = 0; i < k; i++) if (mask[i] && !on(Object.fromEntries(inputs.map((v) => [v, s.points[v][i]])))) mask[i] = 0;
      }
      got.push(mask ? { points: pick(s.points, mask, inputs), normals: pick(s.normals, mask, inputs) } : s);
    }
    const round = { points: append(got.map((s) => s.points), inputs), normals: append(got.map((s) => s.normals), inputs) };
    const k = round.points[inputs[0]].length;
    drawn += m;
    have += k;
    rate = Math.max(have / drawn, 1e-4);
    rounds.push(round);
    if (!filtered) break;
    if (have < n && drawn > 1e4 * (n + 100)) {
      throw new Error(`'sampleBoundary' drew ${drawn} boundary candidates on [${parts.join(', ')}] of the ${g.kind} and kept only ${have}; does the predicate 'on' select any of it?`);
    }
  }
  if (filtered && have > n) {
    // Thin the last round evenly so every piece keeps its share.
    const last = rounds[rounds.length - 1];
    const k = last.points[inputs[0]].length;
    const need = n - (have - k);
    const idx = Array.from({ length: need }, (_, i) => Math.floor((i * k) / need));
    const mask = new Uint8Array(k);
    idx.forEach((i) => (mask[i] = 1));
    rounds[rounds.length - 1] = { points: pick(last.points, mask, inputs), normals: pick(last.normals, mask, inputs) };
  }
  return { points: append(rounds.map((s) => s.points), inputs), normals: append(rounds.map((s) => s.normals), inputs) };
}

/**
 * The outward unit normal at boundary points. Where a point lies on two or
 * more pieces (a corner, an edge of a cylinder), the normalised sum of their
 * normals (the bisector at a square's corner). Throws for a point farther than
 * 1e-6 of the bounding box's diameter from the boundary.
 *
 * @example
 * boundaryNormals(rectangle({ x: [0, 1], y: [0, 1] }), { x: Float64Array.of(1), y: Float64Array.of(0.5) }); // {x: [1], y: [0]}
 * // at the corner (1, 1): (1/√2, 1/√2)
 */
export function boundaryNormals(g: Geometry, p: Points): Points {
  const inputs = g.inputs;
  const n = pointCount(p, inputs, 'boundaryNormals');
  let d2 = 0;
  for (const v of inputs) d2 += (g.bbox[v][1] - g.bbox[v][0]) ** 2;
  const tol = 1e-6 * Math.sqrt(d2);
  const out: Points = Object.fromEntries(inputs.map((v) => [v, new Float64Array(n)]));
  const hits = new Uint16Array(n);
  for (const piece of g.pieces()) {
    const dist = piece.distanceTo(p);
    const keep = piece.keep?.(p);
    const nrm = piece.normalAt(p);
    for (let i = 0; i < n; i++) {
      if (dist[i] > tol || (keep && !keep[i])) continue;
      hits[i]++;
      for (const v of inputs) out[v][i] += nrm[v][i];
    }
  }
  for (let i = 0; i < n; i++) {
    if (hits[i] === 0) {
      throw new Error(`'boundaryNormals': point ${i} (${inputs.map((v) => `${v} = ${p[v][i]}`).join(', ')}) is not on the boundary of the ${g.kind} (tolerance ${tol.toExponential(1)}).`);
    }
    let s = 0;
    for (const v of inputs) s += out[v][i] ** 2;
    s = Math.sqrt(s);
    // Opposite normals cancel only on a zero-width sliver; say so rather than divide by zero.
    if (!(s > 1e-12)) throw new Error(`'boundaryNormals': the normals at point ${i} cancel (a zero-width part of the ${g.kind}).`);
    for (const v of inputs) out[v][i] /= s;
  }
  return out;
}
