import type { CheckedNetworkOptions } from '../../models/index.js';
import { Condition, Problem } from '../types.js';
import { problemGeometry } from './geometry.js';

/**
 * The problem as a network with these options trains it: a `periodic` condition on an input the network
 * embeds periodically, with a period that divides the domain's length in that input, holds exactly for
 * every weight (u is a function of cos and sin of that input), so it is marked `imposed` (left out of the
 * loss; the Trainer still verifies it numerically with random networks of the same kind). Returns the
 * problem itself when nothing changes.
 *
 * @example
 * imposedByNetwork(allenCahnProblem(), checkNetworkOptions({ embedding: { periodic: { x: 2 } } })).conditions[1].imposed; // true
 */
export function imposedByNetwork(problem: Problem, network: CheckedNetworkOptions): Problem {
  const periodic = network.embedding?.periodic ?? {};
  const bbox = problemGeometry(problem).bbox;
  let changed = false;
  const conditions = problem.conditions.map((c): Condition => {
    if (c.kind !== 'periodic' || c.imposed || !(c.input in periodic) || periodic[c.input].trainable) return c;
    const [lo, hi] = bbox[c.input];
    const turns = (hi - lo) / periodic[c.input].period;
    if (!(Math.abs(turns - Math.round(turns)) <= 1e-9 * Math.max(1, turns) && Math.round(turns) >= 1)) return c;
    changed = true;
    return { ...c, imposed: true };
  });
  return changed ? { ...problem, conditions } : problem;
}
