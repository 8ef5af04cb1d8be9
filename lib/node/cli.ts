import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';

// Training needs tfjs's higher-order gradients repaired (lib/index.ts does it; the CLI does not import it):
// without it the Exp gradient of an 'exp' parameter transform comes out zero and nothing says so.
import '../gradients/register.js';
import { initBackend } from '../backend/index.js';
import { runJob } from './job.js';
import { useOpenBlas } from './openblas.js';
import { buildOpenBlas } from './openblas_build.js';
import { MAX_WORKERS } from './parallel/index.js';
import { PROBLEMS } from '../pinn/index.js';

const HELP = `Usage: tfjs-pinn train [options]      (in this repository: npm start -- [options])
       tfjs-pinn build-openblas        builds the optional OpenBLAS addon (in this repository: npm run build:native)

Trains a physics-informed neural network and writes OUT/NAME/:
summary.json, model.json (PyTorch layout), loss.csv, NAME.svg, checkpoint.json.

Options:
  --problem NAME    one of ${Object.keys(PROBLEMS).join(', ')} (default burgers)
  --steps N         total steps (Adam steps + L-BFGS iterations, split as in the plan)
  --backend B       tensorflow, wasm or cpu (default: the fastest available)
  --full            the problem's long plan (Burgers: 8x20 network, 10,000 points)
  --noise F         noise on observed data, a fraction of its std (burgers-inverse; default 0)
  --points N        observed points drawn from the data (burgers-inverse; default 2000)
  --workers N       evaluate the loss on N worker threads, each on 1/N of the points
                    (pays at large point counts only; see the README, Parallel training)
  --openblas        the fused kernels' products on OpenBLAS, their loops in C (wasm or cpu backend;
                    build the addon first: tfjs-pinn build-openblas; docs/performance.md)
  --resume          continue from OUT/NAME/checkpoint.json
  --checkpoint-every K  checkpoint every K steps (default 250)
  --out DIR         output root (default results, in the current folder)
  --help            this text

Problems:
${Object.entries(PROBLEMS).map(([k, m]) => `  ${k.padEnd(10)} ${m.title ?? m.problem().title}`).join('\n')}
`;

/**
 * The command line of the \`tfjs-pinn\` bin and of \`npm start\`: \`train\` with
 * options, or \`help\`. Returns the exit code (0 done, 1 training failed, 2 bad
 * arguments); messages go to stdout, errors to stderr.
 *
 * @example
 * process.exitCode = await runCli(['train', '--problem', 'heat', '--steps', '20']);
 * await runCli(['help']);
 */
export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === 'build-openblas') return buildAddon();
  if (command !== 'train') {
    console.error(`Unknown command '${command}'; the commands are 'train', 'build-openblas' and 'help'.\n\n${HELP}`);
    return 2;
  }
  let args;
  try {
    args = parseArgs({
      args: rest,
      options: {
        problem: { type: 'string', default: 'burgers' },
        steps: { type: 'string' },
        backend: { type: 'string' },
        full: { type: 'boolean', default: false },
        resume: { type: 'boolean', default: false },
        'checkpoint-every': { type: 'string', default: '250' },
        noise: { type: 'string' },
        points: { type: 'string' },
        workers: { type: 'string' },
        openblas: { type: 'boolean', default: false },
        out: { type: 'string', default: 'results' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  if (!(args.problem in PROBLEMS)) {
    console.error(`Unknown problem '${args.problem}'; choose one of ${Object.keys(PROBLEMS).join(', ')}.`);
    return 2;
  }
  const steps = args.steps === undefined ? undefined : Number(args.steps);
  if (steps !== undefined && (!Number.isInteger(steps) || steps < 1)) {
    console.error(`--steps must be a positive integer, but got '${args.steps}'.`);
    return 2;
  }
  const every = Number(args['checkpoint-every']);
  if (!Number.isInteger(every) || every < 1) {
    console.error(`--checkpoint-every must be a positive integer, but got '${args['checkpoint-every']}'.`);
    return 2;
  }
  const noise = args.noise === undefined ? undefined : Number(args.noise);
  if (noise !== undefined && !(noise >= 0 && Number.isFinite(noise))) {
    console.error(`--noise must be a number >= 0 (a fraction of the data's standard deviation), but got '${args.noise}'.`);
    return 2;
  }
  const points = args.points === undefined ? undefined : Number(args.points);
  if (points !== undefined && (!Number.isInteger(points) || points < 1)) {
    console.error(`--points must be a positive integer, but got '${args.points}'.`);
    return 2;
  }
  const workers = args.workers === undefined ? undefined : Number(args.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS)) {
    console.error(`--workers must be an integer in [1, ${MAX_WORKERS}], but got '${args.workers}'.`);
    return 2;
  }
  tf.env().set('IS_TEST', true); // no tfjs-node banner: initBackend says which backend and why
  const t0 = performance.now();
  try {
    const backend = await initBackend(args.backend);
    if (args.openblas) {
      // On tfjs-node the products are libtensorflow's already; the fused kernels that use OpenBLAS run on wasm and cpu.
      if (backend.name === 'tensorflow') throw new Error("--openblas needs the wasm or cpu backend (the tensorflow backend's products are libtensorflow's): add --backend wasm.");
      console.log(`products: ${useOpenBlas()}`);
    }
    const s = await runJob({ problem: args.problem, steps, full: args.full, resume: args.resume, out: args.out, checkpointEvery: every, noise, points, workers });
    const wall = (performance.now() - t0) / 1000;
    const err = s.rel_l2 === null ? 'no exact solution' : `relative L2 error ${s.rel_l2.toExponential(3)}`;
    const extra = Object.entries(s.report).map(([k, v]) => `, ${k} ${v.toExponential(3)}`).join('');
    console.log(`${s.problem}: ${err}${extra} after ${s.steps} steps (${s.reason}) on ${s.backend}`);
    if (s.parameters) console.log(`parameters: ${Object.entries(s.parameters).map(([k, v]) => `${k} = ${v.toPrecision(6)}${s.parameter_errors?.[k] !== undefined ? ` (error ${(s.parameter_errors[k] * 100).toFixed(3)}%)` : ''}`).join(', ')}`);
    console.log(`training ${s.seconds.toFixed(1)} s, exact solution and error ${s.eval_seconds.toFixed(1)} s, wall time ${wall.toFixed(1)} s`);
    console.log(`wrote ${args.out}/${s.problem}/ (summary.json, model.json, loss.csv, checkpoint.json${s.picture ? `, ${s.problem}.svg` : ''})`);
    return 0;
  } catch (error) {
    console.error(`\n${(error as Error).message}`);
    return 1;
  }
}

/** `tfjs-pinn build-openblas`: builds the addon, says where and what it loaded; 1 with the reason when it cannot. */
function buildAddon(): number {
  try {
    const path = buildOpenBlas();
    console.log(`built ${path}: ${useOpenBlas()}`);
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}
