import * as tf from '@tensorflow/tfjs';

import { assertFiniteReads } from '../../derivatives/checks.js';
import { Reads, read, readSync } from '../../internals/reads.js';
import { MLP, PinnNet } from '../../models/index.js';
import { sampleConditionPoints, toColumns } from '../batch.js';
import { conditionName } from '../problem/names.js';
import { conditionMisfits } from './misfits.js';
import { solutionOf } from './solution.js';
import { Rng } from '../../sampling/rng.js';
import { countPoints } from '../../sampling/points.js';
import { Columns, Points, Problem } from '../types.js';

/** Points per condition and the random networks the check uses: any N must give the same u on the condition. */
const POINTS = 64;
const SEEDS = [7919, 104729];
/** A misfit above this times (1 + max |u| there) refutes the claim; float32 rounding is far below it. */
const TOLERANCE = 1e-4;

/** Makes the random networks of the check, by seed; by default a small MLP. */
export type CheckNetwork = (seed: number) => PinnNet;

const smallMLP = (problem: Problem): CheckNetwork => (seed) => new MLP({ sizes: [problem.inputs.length, 8, 8, problem.outputs.length], seed, inputs: problem.inputs });

/**
 * Checks numerically that the output transform (or, for a periodic condition, the network: an exact periodic
 * embedding of that input) satisfies every condition marked `imposed`: on points of the condition (its faces,
 * the initial face, both ends of a periodic input, the data points), the misfit must vanish for two random
 * networks N made by `network` (the Trainer passes its own kind of network). Throws, naming the condition and
 * the largest misfit, when it does not. Tensors are needed, so the Trainer calls this (checkProblem stays tensor-free).
 *
 * @example
 * verifyImposed(burgersProblem()); // fine: the transform imposes both conditions
 * verifyImposed({ ...burgersProblem(), transform: { value: (p) => p.x, scale: (p) => p.t } }); // throws
 */
export function verifyImposed(problem: Problem, network: CheckNetwork = smallMLP(problem)): void {
  readSync(verifyImposedReads(problem, network));
}

/**
 * {@link verifyImposed} as {@link Reads}: under readAsync no read is synchronous (WebGPU).
 *
 * @example
 * await readAsync(verifyImposedReads(burgersProblem())); // fine
 * readSync(verifyImposedReads(problem)); // = verifyImposed(problem)
 */
export function* verifyImposedReads(problem: Problem, network: CheckNetwork = smallMLP(problem)): Reads<void> {
  const imposed = problem.conditions.map((c, i) => ({ c, i })).filter(({ c }) => c.imposed);
  if (imposed.length === 0) return;
  const sets = sampleConditionPoints(problem, POINTS, 'uniform', new Rng(2024), {});
  for (const seed of SEEDS) {
    const net = network(seed);
    try {
      for (const { c, i } of imposed) {
        const cols = sets[i].map(toColumns);
        let size: number;
        let misfits: tf.TypedArray[];
        try {
          // Checked first (asynchronously under readAsync), so partials in the misfits reads nothing back.
          yield* assertFiniteReads(cols.flatMap((p) => Object.entries(p).map(([name, t]) => ({ what: `Input '${name}'`, t }))), 'partials');
          const [sizes, ...values] = yield* read(
            tf.tidy(() => {
              const u = solutionOf(problem, net);
              // u reads the inputs only, not the normal columns boundary points carry.
              const onlyInputs = (p: Columns) => Object.fromEntries(problem.inputs.map((v) => [v, p[v]])) as Columns;
              const size = cols.length === 0 ? tf.tensor1d([]) : tf.stack(cols.map((p) => tf.max(tf.abs(typeof u === 'function' ? u(onlyInputs(p)) : u.forward(onlyInputs(p))))));
              return [size, ...conditionMisfits(problem, c, net, cols)];
            }),
          );
          [size, misfits] = [Math.max(...sizes), values];
        } finally {
          cols.forEach((p) => tf.dispose(Object.values(p)));
        }
        let found = { misfit: 0, set: 0, row: 0, size };
        misfits.forEach((values, k) => {
          // Periodic misfits compare the lower face with the upper one, row by row: the points are the lower face's.
          const set = c.kind === 'periodic' ? 0 : k;
          values.forEach((v, row) => {
            if (!(Math.abs(v) <= found.misfit)) found = { misfit: Number.isNaN(v) ? Infinity : Math.abs(v), set, row, size };
          });
        });
        if (found.misfit > TOLERANCE * (1 + found.size)) {
          const at = where(problem, sets[i][found.set], found.row);
          if (c.kind === 'periodic' && problem.transform === undefined) {
            throw new Error(
              `Problem '${problem.name}': conditions[${i}] (${conditionName(problem, c, i)}) is marked imposed, but the network is not periodic in '${c.input}': the largest misfit is ${found.misfit.toPrecision(3)} at ${at} (with a random network N). Give the network an exact periodic embedding of '${c.input}' (options.network.embedding.periodic.${c.input}: the domain's length or a divisor of it), or drop 'imposed' so the condition becomes a loss term.`,
            );
          }
          throw new Error(
            `Problem '${problem.name}': conditions[${i}] (${conditionName(problem, c, i)}) is marked imposed, but the transform does not satisfy it: the largest misfit is ${found.misfit.toPrecision(3)} at ${at} (with a random network N). Fix the transform, or drop 'imposed' so the condition becomes a loss term.`,
          );
        }
      }
    } finally {
      net.dispose();
    }
  }
}

function where(problem: Problem, p: Points, row: number): string {
  if (countPoints(p) === 0) return 'no point';
  return problem.inputs.map((v) => `${v} = ${+p[v][row].toPrecision(4)}`).join(', ');
}

