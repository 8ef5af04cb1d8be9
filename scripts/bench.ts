// `npm run bench`: PINN derivative and training-step workloads, timed on each
// tfjs backend and in PyTorch in the same run, reported as ratios to PyTorch.
// Usage: npm run bench -- [--quick] [--json FILE] [--backend NAME] [--only SUBSTRING] [--runs K] [--warmup K] [--row-budget S] [--no-torch]
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
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
import { RECIPE_SCRIPTS, RecipeRow, formatRecipe, runRecipe } from '../bench/recipe_run.js';
import { tmpdir } from 'node:os';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = `Usage: npm run bench -- [options]
  --quick           reduced suite at small N (well under a minute)
  --json FILE       write the rows as [{workload, impl, backend, n, ms, ratio_to_torch, ...}]
  --backend NAME    only this tfjs backend (wasm, cpu, tensorflow); repeat or comma-separate for several
  --only SUBSTRING  only rows whose workload, implementation or backend contains SUBSTRING (case-insensitive)
  --runs K          timed runs per row, median reported (default 5)
  --warmup K        untimed runs first (default 1), and more until --warmup-ms has passed
  --warmup-ms MS    warm up each row for at least this long, both sides (default 1000: the JIT needs ~100 small steps)
  --row-budget S    seconds the timed runs of one row may take (default 30, --quick 4; PyTorch gets twice as much);
                    slower rows are reported with their one timed run, not a median
  --no-torch        skip PyTorch
  --recipe          also train the default Burgers plan end to end in tfjs-pinn and PyTorch (not with --quick by
                    default; on wasm and tensorflow, and cpu when asked with --backend cpu)
  --no-recipe       leave the end-to-end recipe out of a full run
  --torch-default-malloc  run PyTorch without the glibc malloc thresholds that keep it out of page-fault storms
  --help`;

const { values: args } = usage(() => parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    backend: { type: 'string', multiple: true },
    only: { type: 'string' },
    runs: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    'warmup-ms': { type: 'string', default: '1000' },
    'row-budget': { type: 'string' },
    'no-torch': { type: 'boolean', default: false },
    recipe: { type: 'boolean' },
    'no-recipe': { type: 'boolean', default: false },
    'torch-default-malloc': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
}));
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const runs = usage(() => positiveInt(args.runs!, '--runs', 1));
const warmup = usage(() => positiveInt(args.warmup!, '--warmup', 0));
const budgetS = Number(args['row-budget'] ?? (args.quick ? 4 : 30));
if (!(budgetS > 0)) usage(() => { throw new Error(`Option --row-budget must be a positive number of seconds, but got '${args['row-budget']}'.`); });
const warmupMs = usage(() => positiveInt(args['warmup-ms']!, '--warmup-ms', 0));
const timing = { warmup, warmupMs, runs, budgetMs: budgetS * 1000 };
const limits = { rowMs: Math.max(2 * budgetS * 1000 + 60_000, 120_000), startMs: 120_000 };

const started = performance.now();
tf.env().set('IS_TEST', true);
// The parent only builds the seeded weights; the timing happens in worker processes.
await initBackend('cpu', { log: false });

const available = await availableBackends();
const asked = (args.backend ?? []).flatMap((b) => b.split(',')).map((b) => b.trim()).filter(Boolean);
for (const b of asked) {
  if (!available.includes(b as never)) usage(() => { throw new Error(`Option --backend '${b}' is not available here; available: ${available.join(', ')}.`); });
}
const backends = asked.length > 0 ? asked : available;

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

const python = args['no-torch'] ? undefined : findTorch();
const torchSkip = args['no-torch'] ? 'PyTorch skipped: --no-torch' : python === undefined ? 'PyTorch skipped: neither /usr/bin/python3 nor python3 can import torch' : undefined;

console.log(`tfjs-pinn bench${args.quick ? ' --quick' : ''}: median of ${runs} runs after ${warmup} warm-up runs and at least ${warmupMs} ms of them, row budget ${budgetS} s`);
console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; load average ${loadavg()} at start`);
const missing = (['tensorflow', 'wasm', 'cpu'] as const).filter((b) => !available.includes(b));
console.log(`node ${process.version}, tfjs ${tf.version.tfjs}, backends ${backends.join(', ')}${missing.length ? ` (not loadable here: ${missing.join(', ')}${missing.includes('tensorflow') ? ', needs @tensorflow/tfjs-node' : ''})` : ''}`);
console.log(`tfjs-pinn ${gitCommit()}`);
if (torchSkip) console.log(torchSkip);

const results = new Map<string, RowResult>();
const progress = (backend: string) => (r: RowResult) => {
  results.set(r.id, r);
  const [label] = r.id.split('|');
  const what = r.ms !== null ? `${formatMs(r.ms)} ms` : `${r.status}${r.note ? `: ${r.note}` : ''}`;
  process.stderr.write(`  [${backend}] ${label} ${r.id.split('|')[1]}: ${what}\n`);
};

let torchInfo: Record<string, string | number> = {};
if (python !== undefined && torchRows.length > 0) {
  // glibc hands PyTorch's MB-sized tensors to fresh mmap pages and unmaps them on free, so every run page-faults
  // anew until its dynamic threshold adapts (measured: order 6 at N=10,000 takes 11 s per run for several runs,
  // then 0.55 s). Fixing the thresholds puts PyTorch in the steady state a long training loop reaches.
  const env = args['torch-default-malloc'] ? process.env : { ...process.env, MALLOC_MMAP_THRESHOLD_: '4294967296', MALLOC_TRIM_THRESHOLD_: '4294967296' };
  const cmd: WorkerCommand = { command: python, args: [join(ROOT, 'bench', 'torch_baseline.py')], cwd: ROOT, env };
  const t0 = performance.now();
  // Every ratio divides by PyTorch's row, so it gets twice the budget: a skipped reference would blank a whole group.
  const torchFile = { ...jobFile('torch', torchRows), timing: { ...timing, budgetMs: 2 * timing.budgetMs } };
  const out = await runWorker(cmd, torchFile, { ...limits, rowMs: 2 * limits.rowMs }, progress('torch'));
  process.stderr.write(`  [torch] ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  torchInfo = out.info;
  console.log(`torch ${torchInfo.torch ?? '?'} (python ${torchInfo.python ?? '?'}), torch.get_num_threads() = ${torchInfo.threads ?? '?'}, ${args['torch-default-malloc'] ? 'default glibc malloc' : 'MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_ = 4 GiB (steady-state allocator)'}`);
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
const rows: BenchRow[] = withRatios(
  ordered.map((r) => {
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
  }),
);

console.log('');
console.log(formatTable(rows, IMPL_LABELS));
console.log('');
console.log('x PyTorch: median time / PyTorch median time on the same workload and N (lower is better, 1 = as fast).');
console.log('check: largest relative difference from PyTorch of mean |term| per term (train: the first step loss); same weights, same points, float32.');
console.log('');
console.log('Summary (x PyTorch; - = not timed in full, see the note above):');
console.log(formatSummary(rows, IMPL_LABELS));
const recipeWanted = (args.recipe ?? !args.quick) && !args['no-recipe'] && (only === undefined || 'recipe: burgers default plan, end to end'.includes(only));
const recipeRows: RecipeRow[] = [];
if (recipeWanted) {
  const grid = join(tmpdir(), `tfjs-pinn-recipe-grid-${process.pid}.json`);
  const recipeBackends = backends.filter((b) => b !== 'cpu' || asked.includes('cpu'));
  for (const b of recipeBackends) {
    process.stderr.write(`  [recipe] ${b}...\n`);
    recipeRows.push(runRecipe({ command: process.execPath, args: ['--import', 'tsx', join(ROOT, RECIPE_SCRIPTS.tfjs), b, grid] }, ROOT, b));
  }
  if (python !== undefined && recipeRows.some((r) => r.seconds !== null)) {
    process.stderr.write('  [recipe] torch...\n');
    const env = { ...process.env, MALLOC_MMAP_THRESHOLD_: '4294967296', MALLOC_TRIM_THRESHOLD_: '4294967296' };
    recipeRows.unshift(runRecipe({ command: python, args: [join(ROOT, RECIPE_SCRIPTS.torch), grid], env }, ROOT, 'torch'));
  }
  console.log('');
  console.log(formatRecipe(recipeRows));
  console.log('Whole training of the default Burgers plan (burgers.defaults: Adam with resampling and RAR, then L-BFGS; steps as counted above) in one run each, PyTorch reading the same plan; rel L2 against the exact solution on the 256 x 100 grid.');
}
console.log(`load average ${loadavg()} at end; wall time ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (args.json) {
  const all = [...rows, ...recipeRows.map((r) => ({ workload: 'recipe: Burgers default plan, end to end', ...r }))];
  writeFileSync(args.json, `${JSON.stringify(all, null, 2)}\n`);
  console.log(`wrote ${all.length} rows to ${args.json}`);
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
