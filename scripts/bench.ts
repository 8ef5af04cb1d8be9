// `npm run bench`: PINN derivative and training-step workloads, timed on each
// tfjs backend and in PyTorch in the same run, reported as ratios to PyTorch.
// `npm run bench -- --recipe burgers`: a shipped problem's default plan trained end to end by both, phase by phase.
// PyTorch's BLAS is named in the header; against the reference BLAS no ratio is printed unless asked.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import * as tf from '@tensorflow/tfjs';

import { MLP, TestNet, availableBackends, initBackend } from '../lib/index.js';
import { WorkerCommand, runWorker } from '../bench/orchestrate.js';
import { JobFile, JobRow } from '../bench/protocol.js';
import { BenchRow, checkDiff, formatSummary, formatTable, withRatios } from '../bench/report.js';
import { WorkloadJob } from '../bench/run_row.js';
import { formatMs } from '../bench/timing.js';
import { IMPL_LABELS, RowResult, Workload, familyKey, rowId, suite } from '../bench/workloads.js';
import { pointCount } from '../bench/points.js';
import { RecipeCommand, formatRecipe, runRecipeRounds } from '../bench/recipe_run.js';
import { RECIPES, recipePlan, withOverrides } from '../bench/recipe_plan.js';
import { blasVerdict, probeTorchBlas, torchEnv } from '../bench/blas.js';
import type { ProfileResult } from '../bench/profile.js';
import { TorchProfileResult, formatProfile, runProfile } from '../bench/profile_run.js';
import { OPENBLAS_ENV } from '../bench/openblas.js';
import { useOpenBlas } from '../lib/node/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = `Usage: npm run bench -- [options]
  --quick           reduced suite at small N (well under a minute)
  --json FILE       write the rows as [{workload, impl, backend, n, ms, ratio_to_torch, ...}]
  --backend NAME    only this tfjs backend (wasm, cpu, tensorflow); repeat or comma-separate for several
  --only SUBSTRING  only rows whose workload, implementation or backend contains SUBSTRING (case-insensitive)
  --runs K          timed runs per row, median reported (default 5; with --recipe: rounds of both sides, default 3)
  --warmup K        untimed runs first (default 1), and more until --warmup-ms has passed
  --warmup-ms MS    warm up each row for at least this long, both sides (default 1000: the JIT needs ~100 small steps)
  --row-budget S    seconds the timed runs of one row may take (default 30, --quick 4; PyTorch gets twice as much);
                    slower rows are reported with their one timed run, not a median
  --no-torch        skip PyTorch
  --recipe NAME     instead of the rows: train the default plan of NAME (${RECIPES.join(', ')}) end to end in tfjs-pinn
                    (wasm, or each --backend) and in PyTorch (bench/torch_recipe.py), the sides alternating, and print
                    the seconds of each phase (Adam, sampling and RAR, L-BFGS, evaluation) and the L-BFGS evaluations
  --profile NAME    instead of the rows: where a training step of NAME's default network (burgers) spends its
                    time, CPU ms per call at N = 500 and 2,000 (or --n N,...): the bare step of the rows, the Trainer's
                    Adam step with and without the output transform, an L-BFGS iteration, the [4N,20]x[20,20]
                    product, the optimiser's own JavaScript; reads and kernels per call; PyTorch the same
  --n N,...         the point counts of --profile (default 500,2000)
  --workers K       with --recipe: every core on both sides, tfjs-pinn's parallel trainer with K worker threads
                    and PyTorch with K threads (default 1: one thread each)
  --points N        with --recipe: N collocation points instead of the plan's (RAR scaled alike: 2N candidates, N/10 kept)
  --adam-steps S, --lbfgs-steps S  with --recipe: shorter runs than the plan's (for large --points on a busy machine)
  --allow-reference-blas  print ratios to PyTorch even when its BLAS is the netlib reference one (or not identified)
  --openblas        tfjs-pinn's fused-kernel products on the system's OpenBLAS (useOpenBlas; build it first with
                    npm run build:native), PyTorch's BLAS
  --torch-default-malloc  run PyTorch without the glibc malloc thresholds that keep it out of page-fault storms
  --help`;

const { values: args } = usage(() => parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    backend: { type: 'string', multiple: true },
    only: { type: 'string' },
    runs: { type: 'string' },
    warmup: { type: 'string', default: '1' },
    'warmup-ms': { type: 'string', default: '1000' },
    'row-budget': { type: 'string' },
    'no-torch': { type: 'boolean', default: false },
    recipe: { type: 'string' },
    profile: { type: 'string' },
    n: { type: 'string' },
    workers: { type: 'string' },
    points: { type: 'string' },
    'adam-steps': { type: 'string' },
    'lbfgs-steps': { type: 'string' },
    'allow-reference-blas': { type: 'boolean', default: false },
    'torch-default-malloc': { type: 'boolean', default: false },
    openblas: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
}));
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const recipe = args.recipe;
if (recipe !== undefined && !(RECIPES as readonly string[]).includes(recipe)) usage(() => { throw new Error(`Option --recipe must name a recipe (${RECIPES.join(', ')}), but got '${recipe}'.`); });
const profile = args.profile;
if (profile !== undefined && profile !== 'burgers') usage(() => { throw new Error(`Option --profile must name a profile (burgers), but got '${profile}'.`); });
if (profile !== undefined && recipe !== undefined) usage(() => { throw new Error('Options --profile and --recipe each replace the rows: give one of them.'); });
const profileSizes = (args.n ?? '500,2000').split(',').map((v) => usage(() => positiveInt(v.trim(), '--n', 1)));
const runs = usage(() => positiveInt(args.runs ?? (recipe ? '3' : '5'), '--runs', 1));
const recipeOnly = (['workers', 'points', 'adam-steps', 'lbfgs-steps'] as const).filter((o) => args[o] !== undefined);
if (recipeOnly.length > 0 && recipe === undefined) usage(() => { throw new Error(`Option --${recipeOnly[0]} changes the recipe: give it with --recipe.`); });
const workers = usage(() => positiveInt(args.workers ?? '1', '--workers', 1));
const overrides = usage(() => ({
  threads: workers,
  points: args.points === undefined ? undefined : positiveInt(args.points, '--points', 10),
  adamSteps: args['adam-steps'] === undefined ? undefined : positiveInt(args['adam-steps'], '--adam-steps', 0),
  lbfgsSteps: args['lbfgs-steps'] === undefined ? undefined : positiveInt(args['lbfgs-steps'], '--lbfgs-steps', 0),
}));
const warmup = usage(() => positiveInt(args.warmup!, '--warmup', 0));
const budgetS = Number(args['row-budget'] ?? (args.quick ? 4 : 30));
if (!(budgetS > 0)) usage(() => { throw new Error(`Option --row-budget must be a positive number of seconds, but got '${args['row-budget']}'.`); });
const warmupMs = usage(() => positiveInt(args['warmup-ms']!, '--warmup-ms', 0));
const timing = { warmup, warmupMs, runs, budgetMs: budgetS * 1000 };
const limits = { rowMs: Math.max(2 * budgetS * 1000 + 60_000, 120_000), startMs: 120_000 };

const started = performance.now();
tf.env().set('IS_TEST', true);
// The parent only builds the seeded weights and the recipe's plan; the timing happens in child processes.
await initBackend('cpu', { log: false });

const available = await availableBackends();
const asked = (args.backend ?? []).flatMap((b) => b.split(',')).map((b) => b.trim()).filter(Boolean);
for (const b of asked) {
  if (!available.includes(b as never)) usage(() => { throw new Error(`Option --backend '${b}' is not available here; available: ${available.join(', ')}.`); });
}
const backends = asked.length > 0 ? asked : recipe || profile ? ['wasm'] : available;

const python = args['no-torch'] ? undefined : findTorch();
const torchSkip = args['no-torch'] ? 'PyTorch skipped: --no-torch' : python === undefined ? 'PyTorch skipped: neither /usr/bin/python3 nor python3 can import torch' : undefined;
const env = torchEnv(process.env, args['torch-default-malloc']!, workers);
const blas = python === undefined ? undefined : probeTorchBlas(python, ROOT, env);
const verdict = blas === undefined ? undefined : blasVerdict(blas, args['allow-reference-blas']!);

const what = profile
  ? `--profile ${profile}: CPU ms per call, N = ${profileSizes.join(', ')}`
  : recipe
  ? `--recipe ${recipe}: the default plan end to end, ${runs} round${runs === 1 ? '' : 's'} of both sides alternating`
  : `${args.quick ? '--quick: ' : ''}median of ${runs} runs after ${warmup} warm-up runs and at least ${warmupMs} ms of them, row budget ${budgetS} s`;
console.log(`tfjs-pinn bench ${what}`);
console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; load average ${loadavg()} at start; ${new Date().toISOString()}`);
const missing = (['tensorflow', 'wasm', 'cpu'] as const).filter((b) => !available.includes(b));
console.log(`node ${process.version}, tfjs ${tf.version.tfjs}, backends ${backends.join(', ')}${missing.length ? ` (not loadable here: ${missing.join(', ')}${missing.includes('tensorflow') ? ', needs @tensorflow/tfjs-node' : ''})` : ''}`);
console.log(`tfjs-pinn ${gitCommit()}`);
if (args.openblas) {
  // The children install it (bench/openblas.ts); loading it here first fails early, with the message, if it is not built.
  process.env[OPENBLAS_ENV] = '1';
  console.log(`tfjs-pinn products: ${usage(() => useOpenBlas())} (--openblas)`);
}
if (torchSkip) console.log(torchSkip);
if (verdict) {
  const threadsSaid = workers === 1 ? 'one intra-op thread' : `${workers} intra-op threads`;
  console.log(`PyTorch: ${python}, ${threadsSaid}, OPENBLAS_NUM_THREADS=1, OMP_NUM_THREADS=${workers}, ${args['torch-default-malloc'] ? 'default glibc malloc' : 'MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_ = 4 GiB (steady-state allocator)'}`);
  console.log(verdict.line);
}
const ratios = verdict?.ratios ?? false;

if (profile !== undefined) profileBench();
else if (recipe !== undefined) await recipeBench(recipe);
else await rowBench();
console.log(`load average ${loadavg()} at end; wall time ${((performance.now() - started) / 1000).toFixed(1)} s`);

/** The rows: derivatives and training steps on each backend and in PyTorch, with ratios. */
async function rowBench(): Promise<void> {
  const only = args.only?.toLowerCase();
  const selected = (w: Workload, impl: string, backend: string) =>
    only === undefined || `${w.name} N=${pointCount(w.points)} ${IMPL_LABELS[impl as keyof typeof IMPL_LABELS]} ${impl} ${backend}`.toLowerCase().includes(only);

  const workloads = suite({ quick: args.quick! });
  const jobs = new Map<Workload, WorkloadJob>(workloads.map((w) => [w, { ...w, layers: layersOf(w) }]));
  const jobRow = (w: Workload, impl: JobRow['impl'], backend: string): JobRow => ({
    id: rowId(w, impl, backend),
    family: familyKey(w, impl, backend),
    n: pointCount(w.points),
    impl,
    job: jobs.get(w)!,
  });
  const tfjsRows = new Map(backends.map((b) => [b, workloads.flatMap((w) => w.impls.filter((impl) => selected(w, impl, b)).map((impl) => jobRow(w, impl, b)))]));
  const torchWanted = workloads.filter((w) => backends.some((b) => w.impls.some((impl) => selected(w, impl, b))) || selected(w, 'torch', 'torch'));
  const torchRows = torchWanted.map((w) => jobRow(w, 'torch', 'torch'));

  const results = new Map<string, RowResult>();
  const progress = (backend: string) => (r: RowResult) => {
    results.set(r.id, r);
    const [label] = r.id.split('|');
    const got = r.ms !== null ? `${formatMs(r.ms)} ms` : `${r.status}${r.note ? `: ${r.note}` : ''}`;
    process.stderr.write(`  [${backend}] ${label} ${r.id.split('|')[1]}: ${got}\n`);
  };

  let torchInfo: Record<string, string | number> = {};
  if (python !== undefined && torchRows.length > 0) {
    const cmd: WorkerCommand = { command: python, args: [join(ROOT, 'bench', 'torch_baseline.py')], cwd: ROOT, env };
    const t0 = performance.now();
    // Every ratio divides by PyTorch's row, so it gets twice the budget: a skipped reference would blank a whole group.
    const torchFile = { ...jobFile('torch', torchRows), timing: { ...timing, budgetMs: 2 * timing.budgetMs } };
    const out = await runWorker(cmd, torchFile, { ...limits, rowMs: 2 * limits.rowMs }, progress('torch'));
    process.stderr.write(`  [torch] ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    torchInfo = out.info;
    console.log(`torch ${torchInfo.torch ?? '?'} (python ${torchInfo.python ?? '?'}), torch.get_num_threads() = ${torchInfo.threads ?? '?'}, BLAS in the timing process: ${torchInfo.blas ?? '?'}`);
  }
  for (const backend of backends) {
    const rows = tfjsRows.get(backend)!;
    if (rows.length === 0) continue;
    const cmd: WorkerCommand = { command: process.execPath, args: ['--import', 'tsx', join(ROOT, 'bench', 'worker.ts')], cwd: ROOT };
    const t0 = performance.now();
    await runWorker(cmd, jobFile(backend, rows), limits, progress(backend));
    process.stderr.write(`  [${backend}] ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }

  const torchBackend = `torch cpu${torchInfo.threads !== undefined ? ` (${torchInfo.threads} thread${torchInfo.threads === 1 ? '' : 's'})` : ''}`;
  const ordered: JobRow[] = [];
  for (const w of workloads) {
    const torchRow = torchRows.find((r) => r.job.name === w.name && r.n === pointCount(w.points));
    if (torchRow && python !== undefined) ordered.push(torchRow);
    for (const impl of w.impls) for (const b of backends) ordered.push(...(tfjsRows.get(b) ?? []).filter((r) => r.job === jobs.get(w) && r.impl === impl));
  }
  const torchChecks = new Map(torchRows.map((r) => [`${r.job.name}|${r.n}`, results.get(r.id)?.check ?? []]));
  const measured: BenchRow[] = ordered.map((r) => {
    const res = results.get(r.id) ?? { status: 'failed' as const, ms: null, samples: [], check: [], note: 'no result' };
    return {
      workload: r.job.name,
      impl: r.impl,
      backend: r.impl === 'torch' ? torchBackend : r.id.split('|')[2],
      n: r.n,
      ms: res.ms,
      ratio_to_torch: null,
      status: res.status,
      runs: res.samples.length,
      diff_vs_torch: r.impl === 'torch' ? null : checkDiff(res.check, torchChecks.get(`${r.job.name}|${r.n}`) ?? []),
      ...(res.note ? { note: res.note } : {}),
    };
  });
  // Against the reference BLAS (unless allowed) the PyTorch times are printed, the ratios are not.
  const rows = ratios ? withRatios(measured) : measured;

  console.log('');
  console.log(formatTable(rows, IMPL_LABELS));
  console.log('');
  console.log('x PyTorch: median time / PyTorch median time on the same workload and N (lower is better, 1 = as fast).');
  console.log('check: largest relative difference from PyTorch of mean |term| per term (train: the first step loss); same weights, same points, float32.');
  console.log('');
  console.log('Summary (x PyTorch; - = not timed in full, see the note above; (ms) = no ratio):');
  console.log(formatSummary(rows, IMPL_LABELS));
  if (args.json) {
    writeFileSync(args.json, `${JSON.stringify(rows, null, 2)}\n`);
    console.log(`wrote ${rows.length} rows to ${args.json}`);
  }
}

/** The profile: both sides, one after the other, in CPU milliseconds. */
function profileBench(): void {
  const sizes = profileSizes.map(String);
  const tfjs = backends.map((b) => ({ b, results: runProfile<ProfileResult>(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'profile.ts'), b, ...sizes], ROOT) }));
  const torch = python === undefined ? [] : runProfile<TorchProfileResult>(python, [join(ROOT, 'bench', 'torch_profile.py'), ...sizes], ROOT, env);
  for (const { b, results } of tfjs) {
    console.log('');
    console.log(`tfjs-pinn on ${b}, against PyTorch (CPU ms per call, median (best) of 7 blocks of 100 calls; the optimiser rows: median (best) of 3 runs):`);
    console.log(formatProfile(results, torch, ratios));
  }
}

/** The recipe: both sides train the default plan in fresh processes, alternating, and report each phase. */
async function recipeBench(name: string): Promise<void> {
  const plan = withOverrides(recipePlan(name), overrides);
  const dir = mkdtempSync(join(os.tmpdir(), 'tfjs-pinn-recipe-'));
  try {
    const planFile = join(dir, 'plan.json');
    writeFileSync(planFile, JSON.stringify(plan));
    const changed = recipeOnly.length > 0 ? `, with ${recipeOnly.map((o) => `--${o} ${args[o]}`).join(' ')}` : '';
    console.log(`plan (from lib/pinn/problems/${name}.ts defaults${changed}): ${JSON.stringify(plan)}`);
    const sides: RecipeCommand[] = backends.map((b) => ({ side: 'tfjs-pinn', command: process.execPath, args: ['--import', 'tsx', join(ROOT, 'bench', 'recipe.ts'), name, b, planFile] }));
    if (python !== undefined) sides.push({ side: 'PyTorch', command: python, args: [join(ROOT, 'bench', 'torch_recipe.py'), planFile], env });
    const rounds = runRecipeRounds(sides, runs, ROOT, (run, round) => {
      const got = run.ok ? `${run.result.seconds.toFixed(1)} s, rel L2 ${run.result.relL2.toExponential(2)}` : `failed: ${run.note}`;
      process.stderr.write(`  [recipe round ${round + 1}] ${run.ok ? `${run.result.side} ${run.result.backend}` : run.side}: ${got}\n`);
    });
    const kernels = rounds.flat().find((r) => r.ok && r.result.kernels);
    const torchBlas = rounds.flat().find((r) => r.ok && r.result.blas);
    console.log('');
    console.log('Wall seconds:');
    console.log(formatRecipe(rounds, ratios, 'wall'));
    console.log('');
    console.log('CPU seconds of each process (less moved by other work on a shared machine):');
    console.log(formatRecipe(rounds, ratios, 'cpu'));
    console.log('');
    console.log('Phases: setup (network, optimiser, first points), Adam (its steps, the redraws left out), sampling+RAR (redraws: fresh points, the residual at the RAR candidates), L-BFGS (iterations with their line searches), evaluation (u on the 256 x 100 grid of burgers_shock.mat and its relative L2). evals: loss-and-gradient evaluations of the L-BFGS phase.');
    if (torchBlas?.ok) console.log(`PyTorch's BLAS in the recipe process: ${torchBlas.result.blas}`);
    if (kernels?.ok && kernels.result.kernels) {
      const k = kernels.result.kernels;
      console.log(`tfjs kernels (tf.profile): ${k.lossAndGradient} per bare loss and gradient (N = ${plan.points}), ${k.adamStep} per Trainer Adam step, ${k.lbfgsStep} per L-BFGS iteration of one evaluation`);
    }
    if (args.json) {
      writeFileSync(args.json, `${JSON.stringify(rounds.flat(), null, 2)}\n`);
      console.log(`wrote ${rounds.flat().length} runs to ${args.json}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function jobFile(backend: string, rows: JobRow[]): JobFile {
  return { backend, rows, timing, known: {}, failed: {} };
}

/** PyTorch-layout weights of a workload's seeded network: both benches load these. */
function layersOf(w: Workload) {
  const net = w.net.kind === 'testnet' ? new TestNet({ seed: w.net.seed }) : new MLP({ sizes: w.net.sizes, activation: w.net.activation, seed: w.net.seed });
  try {
    return net.toLayers();
  } finally {
    net.dispose();
  }
}

/** A python that imports torch: Debian's /usr/bin/python3 first, since `python3` on PATH may be another one. */
function findTorch(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 });
    if (r.status === 0) return py;
  }
  return undefined;
}

/** Runs a step of reading the command line; a mistake prints its message and the usage, not a stack trace. */
function usage<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}

function positiveInt(text: string, flag: string, min: number): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min) throw new Error(`Option ${flag} must be an integer >= ${min}, but got '${text}'.`);
  return v;
}

/** The commit measured, and whether the tree differs from it. */
function gitCommit(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return 'source tree (not a git checkout)';
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  return `commit ${head.stdout.trim()}${dirty ? ' with uncommitted changes in the tree' : ''}`;
}

function loadavg(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}
