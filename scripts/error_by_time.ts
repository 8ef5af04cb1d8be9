// Where a saved solution of a time-dependent problem is wrong: for each of a few times, the relative L2 error of
// u over a fine grid in x, the largest error and where it is, and the x-bins holding most of the squared error.
// docs/hard-problems.md reads the Allen–Cahn default plan's error this way.
//
//   npm start -- --problem allen-cahn
//   npx tsx scripts/error_by_time.ts --problem allen-cahn --model results/allen-cahn/model.json
//
// Options: --times 0,0.1,0.5,1 (default nine times over the interval), --points 2048 (per time), --bins 16.
import { parseArgs } from 'node:util';

import { PROBLEMS, initBackend } from '../lib/index.js';
import { buildProblem, readSolution } from '../lib/node/index.js';

const { values } = parseArgs({
  options: {
    problem: { type: 'string' },
    model: { type: 'string' },
    times: { type: 'string' },
    points: { type: 'string', default: '2048' },
    bins: { type: 'string', default: '16' },
  },
});
const name = values.problem ?? '';
const module = PROBLEMS[name];
if (module === undefined) throw new Error(`Option '--problem' must name a shipped problem (${Object.keys(PROBLEMS).join(', ')}), but got '${name}'.`);
const problem = buildProblem(module);
const t = problem.time;
const space = problem.inputs.filter((v) => v !== t);
if (t === undefined || space.length !== 1 || problem.domain === undefined || problem.exact === undefined) {
  throw new Error(`Option '--problem' must name a problem in one space input and time with an exact solution on a box, but '${name}' is not one.`);
}
const x = space[0];
const points = Number(values.points);
const bins = Number(values.bins);
if (!Number.isInteger(points) || points < 2) throw new Error(`Option '--points' must be an integer >= 2, but got '${values.points}'.`);
if (!Number.isInteger(bins) || bins < 1 || bins > points) throw new Error(`Option '--bins' must be an integer in [1, --points], but got '${values.bins}'.`);
const [t0, t1] = problem.domain[t];
const times = values.times === undefined ? [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1].map((f) => t0 + f * (t1 - t0)) : values.times.split(',').map(Number);
if (times.some((v) => !Number.isFinite(v))) throw new Error(`Option '--times' must be numbers separated by commas, but got '${values.times}'.`);

await initBackend('wasm', { log: false });
const solution = await readSolution(values.model ?? `results/${name}/model.json`, problem);
const [lo, hi] = problem.domain[x];
for (const time of times) {
  const xs = Float64Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / points);
  const at = { [x]: xs, [t]: new Float64Array(points).fill(time) };
  const [u] = solution.predict(at);
  const [exact] = problem.exact(at);
  const squared = new Float64Array(bins);
  let [num, den, worst, where] = [0, 0, 0, 0];
  u.forEach((v, i) => {
    const e = Math.abs(v - exact[i]);
    num += e * e;
    den += exact[i] ** 2;
    squared[Math.floor((i * bins) / points)] += e * e;
    if (e > worst) [worst, where] = [e, xs[i]];
  });
  const top = [...squared.keys()].sort((a, b) => squared[b] - squared[a]).slice(0, 3);
  const share = top.map((b) => `${x} in [${(lo + ((hi - lo) * b) / bins).toFixed(3)}, ${(lo + ((hi - lo) * (b + 1)) / bins).toFixed(3)}]: ${((100 * squared[b]) / num).toFixed(0)}%`);
  console.log(`${t} = ${time}: relative L2 ${Math.sqrt(num / den).toExponential(2)}, largest error ${worst.toExponential(2)} at ${x} = ${where.toFixed(4)}; most of the squared error: ${share.join(', ')}`);
}
solution.dispose();
