import { readSync } from '../../internals/reads.js';
import { checkPointColumns, countPoints, pickPoints } from '../../sampling/points.js';
import { checkProblem } from '../problem/check.js';
import { Solution, SolutionJSON } from '../solution.js';
import { Evaluated, evaluatePredictions } from '../trainer/evaluation.js';
import { Points, Problem } from '../types.js';
import { HANDOFFS, Handoff } from './options.js';
import { piecewiseReads, rowsByWindow } from './pieces.js';
import { pieceProblem } from './windows.js';

/** What {@link PiecewiseSolution.toJSON} writes: every window's solution and the window edges. */
export interface PiecewiseSolutionJSON {
  /** Names the file format. */
  format: 'tfjs-pinn-piecewise-solution';
  /** The format's version. */
  version: 1;
  /** The problem's name (checked against the problem it is loaded with). */
  problem: string;
  /** The problem's input names, in order. */
  inputs: string[];
  /** The problem's output names, in order. */
  outputs: string[];
  /** The time input the windows cut. */
  time: string;
  /** The window edges t_0 < t_1 < ... (one more than there are windows). */
  edges: number[];
  /** Which window predicts a point, in words. */
  rule: string;
  /** One saved solution per window (the raw network N of that window, as {@link Solution.toJSON} writes it). */
  windows: SolutionJSON[];
  /** How each window took over from the previous one (see {@link MarchingOptions.handoff}); absent in files older than it: 'loss'. */
  handoff?: Handoff;
}

const RULE = 'window k predicts times t with edges[k] <= t < edges[k+1] (an edge belongs to the later window); the last window also its end and later times, the first earlier ones';

/**
 * A solution spanning consecutive time windows (what time marching trains): one {@link Solution} per
 * window, each point predicted by the window that holds its time, edges[k] <= t < edges[k + 1], so
 * an edge belongs to the later window (the last window also holds its end and later times, the first
 * earlier ones). Saves to JSON with every window's weights and the edges; {@link PiecewiseSolution.fromJSON}
 * takes the problem to rebuild u. Owns its windows' weights.
 *
 * @example
 * const s = marching.solution(); // a PiecewiseSolution
 * const [u] = s.predict({ x: Float64Array.of(0.5), t: Float64Array.of(0.5) }); // by the window starting at 0.5
 * const again = PiecewiseSolution.fromJSON(JSON.parse(JSON.stringify(s)), heatProblem());
 */
export class PiecewiseSolution {
  /** The problem it solves (its time input cut into the windows). */
  readonly problem: Problem;
  /** The time input the windows cut. */
  readonly time: string;
  /** The window edges, one more than there are windows. */
  readonly edges: readonly number[];
  /** One solution per window, in time order. */
  readonly windows: readonly Solution[];
  /** Learned coefficients: none (time marching refuses problems that learn parameters). */
  readonly parameters: Record<string, number> = {};
  /** How each window took over from the previous one: where a window starts imposed, its problem (its transform) reads the window before. */
  readonly handoff: Handoff;

  /**
   * Takes over `windows` (one per window between consecutive `edges`, each with the problem it predicts with:
   * see pieceProblem in windows.ts); throws when they do not fit.
   */
  constructor(problem: Problem, windows: Solution[], edges: number[], handoff: Handoff = 'loss') {
    const where = "passed to 'PiecewiseSolution'";
    if (problem.time === undefined) throw new Error(`Argument 'problem' ${where} must have a time input (problem.time), but problem '${problem.name}' has none.`);
    if (!Array.isArray(edges) || edges.length < 2 || edges.some((e, i) => !Number.isFinite(e) || (i > 0 && !(e > edges[i - 1])))) {
      throw new Error(`Argument 'edges' ${where} must be at least two finite, increasing numbers, but got ${JSON.stringify(edges)}.`);
    }
    if (!Array.isArray(windows) || windows.length !== edges.length - 1) {
      throw new Error(`Argument 'windows' ${where} must hold one solution per window (${edges.length - 1} for ${edges.length} edges), but holds ${Array.isArray(windows) ? windows.length : JSON.stringify(windows)}.`);
    }
    if (!HANDOFFS.includes(handoff)) throw new Error(`Argument 'handoff' ${where} must be ${HANDOFFS.map((h) => `'${h}'`).join(', ')}, but got ${JSON.stringify(handoff)}.`);
    this.problem = problem;
    this.handoff = handoff;
    this.time = problem.time;
    this.edges = [...edges];
    this.windows = [...windows];
  }

  /**
   * Rebuilds a piecewise solution from {@link PiecewiseSolution.toJSON} (or a marching job's model.json)
   * and the problem it was trained on; throws, saying what differs, when they do not fit.
   *
   * @example
   * const s = PiecewiseSolution.fromJSON(JSON.parse(text), heatProblem());
   * s.predict({ x: Float64Array.of(0.5), t: Float64Array.of(0.9) });
   */
  static fromJSON(json: PiecewiseSolutionJSON, problem: Problem): PiecewiseSolution {
    checkProblem(problem);
    const where = "Argument 'json' passed to 'PiecewiseSolution.fromJSON'";
    if (json === null || typeof json !== 'object' || json.format !== 'tfjs-pinn-piecewise-solution' || json.version !== 1) {
      throw new Error(`${where} must be a saved piecewise solution (format 'tfjs-pinn-piecewise-solution', version 1), but has format ${JSON.stringify(json?.format)}, version ${JSON.stringify(json?.version)}.`);
    }
    if (json.problem !== problem.name) throw new Error(`The saved solution is for problem '${json.problem}', but 'PiecewiseSolution.fromJSON' was given problem '${problem.name}'.`);
    if (json.time !== problem.time) throw new Error(`The saved solution cuts time input '${json.time}' into windows, but problem '${problem.name}''s time input is '${problem.time}'.`);
    if (!Array.isArray(json.windows) || !Array.isArray(json.edges) || json.windows.length !== json.edges.length - 1) {
      throw new Error(`${where} must hold one window per pair of consecutive edges, but has ${Array.isArray(json.windows) ? json.windows.length : 'no'} windows and ${Array.isArray(json.edges) ? json.edges.length : 'no'} edges.`);
    }
    const handoff = json.handoff ?? 'loss';
    if (!HANDOFFS.includes(handoff)) throw new Error(`${where} must have handoff ${HANDOFFS.map((h) => `'${h}'`).join(', ')} (or none), but has ${JSON.stringify(json.handoff)}.`);
    const windows: Solution[] = [];
    try {
      for (const w of json.windows) windows.push(Solution.fromJSON(w, pieceProblem(problem, json.edges, windows.length, windows.at(-1) ?? null, handoff)));
      return new PiecewiseSolution(problem, windows, json.edges, handoff);
    } catch (error) {
      windows.forEach((w) => w.dispose());
      throw error;
    }
  }

  /** JSON-safe: every window's saved solution, the edges and the rule that picks a point's window. */
  toJSON(): PiecewiseSolutionJSON {
    return this.json(this.windows.map((w) => w.toJSON()));
  }

  /**
   * {@link PiecewiseSolution.toJSON} reading the weights back only asynchronously (every backend, WebGPU included).
   *
   * @example
   * const json = await piecewise.toJSONAsync(); // as piecewise.toJSON() gives
   */
  async toJSONAsync(): Promise<PiecewiseSolutionJSON> {
    return this.json(await Promise.all(this.windows.map((w) => w.toJSONAsync())));
  }

  /**
   * u at plain points (transform applied), one Float64Array per output, each point by its window.
   *
   * @example
   * const [u] = piecewise.predict({ x: Float64Array.of(0, 0.5), t: Float64Array.of(0.2, 0.7) });
   */
  predict(points: Points, chunk = 8192): Float64Array[] {
    checkPointColumns(points, this.problem.inputs, 'PiecewiseSolution.predict');
    return readSync(piecewiseReads(this.problem, this.windows, this.edges, points, chunk));
  }

  /**
   * `partials` terms of u at plain points, each point by its window's network: at an edge, the later
   * window's derivatives (one-sided in time).
   *
   * @example
   * const d = piecewise.partials({ x, t }, ['u_x', 'u_t']);
   * d.u_t; // Float64Array
   */
  partials(points: Points, terms: string[], chunk = 4096): Record<string, Float64Array> {
    checkPointColumns(points, this.problem.inputs, 'PiecewiseSolution.partials');
    const n = countPoints(points);
    const out: Record<string, Float64Array> = Object.fromEntries((Array.isArray(terms) ? terms : []).map((t) => [t, new Float64Array(n)]));
    const rows = rowsByWindow(this.edges, this.windows.length, points, this.time);
    rows.forEach((idx, k) => {
      // An empty selection still goes through, so that bad terms throw however the points fall.
      const d = this.windows[k].partials(pickPoints(points, idx), terms, chunk);
      for (const t of terms) idx.forEach((row, i) => (out[t][row] = d[t][i]));
    });
    return out;
  }

  /**
   * The relative L2 error against the problem's exact solution on its grid (as Trainer.evaluate), each
   * grid point predicted by its window.
   *
   * @example
   * piecewise.evaluate().relL2; // e.g. 3e-3
   */
  evaluate(): Evaluated {
    return evaluatePredictions(this.problem, (points) => this.predict(points));
  }

  /** Frees every window's weights. */
  dispose(): void {
    this.windows.forEach((w) => w.dispose());
  }

  private json(windows: SolutionJSON[]): PiecewiseSolutionJSON {
    return {
      format: 'tfjs-pinn-piecewise-solution',
      version: 1,
      problem: this.problem.name,
      inputs: [...this.problem.inputs],
      outputs: [...this.problem.outputs],
      time: this.time,
      edges: [...this.edges],
      rule: RULE,
      windows,
      handoff: this.handoff,
    };
  }

}
