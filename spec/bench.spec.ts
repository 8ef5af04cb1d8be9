import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MLP, PROBLEMS, TestNet, initBackend, partials } from '../lib/index.js';
import { TorchBlas, blasVerdict, probeTorchBlas, torchEnv } from '../bench/blas.js';
import { naivePartials } from '../bench/naive.js';
import { runWorker } from '../bench/orchestrate.js';
import { makePoints } from '../bench/points.js';
import { JobFile, JobRow } from '../bench/protocol.js';
import { checkDiff, formatRatio, formatSummary, formatTable, withRatios } from '../bench/report.js';
import { WorkloadJob, timeRow } from '../bench/run_row.js';
import { RecipeResult, recipePlan, relativeL2, withOverrides } from '../bench/recipe_plan.js';
import { RecipeCommand, formatRecipe, recipeMedians, runRecipeRounds } from '../bench/recipe_run.js';
import { formatProfile } from '../bench/profile_run.js';
import { formatMs, measure, median, predictMs, ratioToTorch } from '../bench/timing.js';
import { RowResult, Workload, familyKey, rowId, suite } from '../bench/workloads.js';
import { describeOnBackends } from './helpers/backends.js';
import { expectClose } from './helpers/close.js';
import { skipReason } from './helpers/console_guard.js';

describe('bench timing helpers', () => {
  it('takes the median of odd and even lists and rejects empty ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow("Argument 'xs' passed to 'median' must be a non-empty list of finite numbers, but got [].");
  });

  it('gives ratios to PyTorch only when both times exist', () => {
    expect(ratioToTorch(300, 100)).toBe(3);
    expect(ratioToTorch(null, 100)).toBeUndefined();
    expect(ratioToTorch(300, undefined)).toBeUndefined();
    expect(ratioToTorch(300, 0)).toBeUndefined();
  });

  it('predicts a larger N linearly and nothing from the same or larger N', () => {
    expect(predictMs({ n: 10_000, ms: 120 }, 100_000)).toBe(1200);
    expect(predictMs({ n: 10_000, ms: 120 }, 10_000)).toBeUndefined();
    expect(predictMs(undefined, 100)).toBeUndefined();
  });

  it('formats milliseconds for the table', () => {
    expect(formatMs(1.23456)).toBe('1.23');
    expect(formatMs(1234.5)).toBe('1,235');
  });

  it('runs warm-up untimed, then reports the median of the timed runs and cleans up after each', async () => {
    // A fake clock: run i takes durations[i] ms.
    const durations = [100, 5, 3, 4, 9, 1];
    let clock = 0;
    let calls = 0;
    let cleaned = 0;
    const m = await measure(
      async () => {
        clock += durations[calls++];
        return () => cleaned++;
      },
      { warmup: 1, runs: 5, budgetMs: 1000, now: () => clock },
    );
    expect(m).toEqual({ status: 'ok', ms: 4, samples: [5, 3, 4, 9, 1] });
    expect(cleaned).toBe(6);
  });

  it('warms up for warmupMs as well as for warmup runs, then times the runs', async () => {
    let clock = 0;
    let calls = 0;
    const m = await measure(async () => void ((clock += 10), calls++), { warmup: 2, warmupMs: 95, runs: 3, budgetMs: 1000, now: () => clock });
    // 10 warm-up runs reach 100 ms > 95 ms (2 runs alone would not), then 3 timed runs.
    expect(calls).toBe(13);
    expect(m).toEqual({ status: 'ok', ms: 10, samples: [10, 10, 10] });
  });

  it('stops a row whose first timed run shows the runs would exceed the budget', async () => {
    let clock = 0;
    const m = await measure(async () => void (clock += 300), { warmup: 1, runs: 5, budgetMs: 1000, now: () => clock });
    expect(m.status).toBe('over-budget');
    expect(m.samples).toEqual([300]);
    expect(m.status === 'over-budget' && m.estimateMs).toBe(300);
  });

  it('stops a row whose warm-up alone takes over half the budget', async () => {
    let clock = 0;
    let calls = 0;
    const m = await measure(async () => void ((clock += 600), calls++), { warmup: 1, runs: 5, budgetMs: 1000, now: () => clock });
    expect(m.status).toBe('over-budget');
    expect(calls).toBe(1);
  });
});

describe('bench report', () => {
  it('measures agreement with PyTorch as the largest relative difference', () => {
    expect(checkDiff([1, 2], [1, 2.002])).toBeCloseTo(0.002 / 2.002, 12);
    expect(checkDiff([], [1])).toBeNull();
    expect(checkDiff([1], [1, 2])).toBeNull();
  });

  it('keeps two significant digits of small ratios', () => {
    expect(formatRatio(0.0026)).toBe('0.0026');
    expect(formatRatio(0.5)).toBe('0.50');
    expect(formatRatio(19.43)).toBe('19.4');
  });

  it('divides each row by the PyTorch row of the same workload and N', () => {
    const rows = withRatios([
      { workload: 'w', n: 10, impl: 'torch', ms: 2 },
      { workload: 'w', n: 10, impl: 'reverse', ms: 6 },
      { workload: 'w', n: 20, impl: 'reverse', ms: 6 },
      { workload: 'w', n: 10, impl: 'taylor', ms: null },
    ]);
    expect(rows.map((r) => r.ratio_to_torch)).toEqual([1, 3, null, null]);
  });

  it('prints one markdown table with a header row and one line per row', () => {
    const table = formatTable([
      { workload: 'w', impl: 'torch', backend: 'torch cpu', n: 10_000, ms: 20, ratio_to_torch: 1, status: 'ok', runs: 5, diff_vs_torch: null },
      { workload: 'w', impl: 'reverse', backend: 'wasm', n: 10_000, ms: 61, ratio_to_torch: 3.05, status: 'ok', runs: 5, diff_vs_torch: 2e-7 },
    ]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toContain('3.05');
    expect(lines[3]).toContain('10,000');
  });

  it("leaves PyTorch's own ratio blank where the ratios are withheld", () => {
    const row = { workload: 'w', impl: 'torch', backend: 'torch cpu', n: 10, ms: 20, status: 'ok' as const, runs: 5, diff_vs_torch: null };
    expect(formatTable([{ ...row, ratio_to_torch: 1 }]).split('\n')[2]).toMatch(/\| +20.0 \| +1 \| +ref \|/);
    expect(formatTable([{ ...row, ratio_to_torch: null }]).split('\n')[2]).toMatch(/\| +20.0 \| +\| +ref \|/);
  });

  it('pivots rows into one line per workload and N with a column per implementation and backend', () => {
    const base = { workload: 'w', n: 10, status: 'ok' as const, runs: 5, diff_vs_torch: null };
    const summary = formatSummary([
      { ...base, impl: 'torch', backend: 'torch cpu', ms: 20, ratio_to_torch: 1 },
      { ...base, impl: 'reverse', backend: 'wasm', ms: 60, ratio_to_torch: 3 },
      { ...base, impl: 'reverse', backend: 'cpu', ms: null, ratio_to_torch: null, status: 'over-budget' },
      { ...base, n: 20, impl: 'reverse', backend: 'wasm', ms: 500, ratio_to_torch: null },
    ]);
    const lines = summary.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/\| workload \| +N \| PyTorch ms \| reverse wasm \| reverse cpu \|/);
    expect(lines[2]).toMatch(/\| w +\| +10 \| +20.0 \| +3.00x \| +- \|/);
    expect(lines[3]).toContain('(500 ms)');
  });
});

describe('bench suite and points', () => {
  it('builds the 35-point grid of the reference study, x-major', () => {
    const { x, t } = makePoints({ kind: 'grid', nx: 5, nt: 7 });
    expect(x.length).toBe(35);
    expect([x[0], t[0], x[6], t[6], x[7], x[34], t[34]]).toEqual([-1, 0, -1, 1, -0.5, 1, 1]);
  });

  it('spreads R2 points over [-1,1] x [0,1]', () => {
    const { x, t } = makePoints({ kind: 'r2', n: 1000 });
    expect(Math.min(...x)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...x)).toBeLessThanOrEqual(1);
    expect(Math.min(...t)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...t)).toBeLessThanOrEqual(1);
    // Evenly spread: each quarter of x holds about a quarter of the points.
    const q = [0, 0, 0, 0];
    x.forEach((v) => q[Math.min(3, Math.floor((v + 1) * 2))]++);
    q.forEach((c) => expect(Math.abs(c - 250)).toBeLessThan(10));
  });

  it('times each family at smaller N first, so larger rows can be predicted', () => {
    for (const quick of [false, true]) {
      const seen = new Map<string, number>();
      for (const w of suite({ quick })) {
        for (const impl of w.impls) {
          const key = familyKey(w, impl, 'b');
          const n = w.points.kind === 'r2' ? w.points.n : 35;
          expect(n).toBeGreaterThan(seen.get(key) ?? 0);
          seen.set(key, n);
        }
      }
    }
    const ids = suite({ quick: false }).flatMap((w) => w.impls.map((i) => rowId(w, i, 'wasm')));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describeOnBackends('bench naive baseline', () => {
  const inputs = () => {
    const { x, t } = makePoints({ kind: 'r2', n: 40 });
    return { x: tf.tensor2d(x, [40, 1]), t: tf.tensor2d(t, [40, 1]) };
  };

  it('computes the same terms as partials, without leaking', () => {
    const net = new MLP({ sizes: [2, 8, 8, 1], activation: 'tanh', seed: 3 });
    const terms = ['u', 'u_x', 'u_t', 'u_xx', 'u_xt', 'u_xxxx'];
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const cols = inputs();
      const naive = naivePartials(net, cols, terms);
      const ref = partials(net, cols, terms, { method: 'reverse' });
      for (const term of terms) expectClose(naive[term].dataSync(), ref[term].dataSync(), 1e-5, term);
    });
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
  });

  it('names the argument when a term is not for output u', () => {
    const net = new TestNet({ seed: 0 });
    tf.tidy(() => {
      expect(() => naivePartials(net, inputs(), ['v_x'])).toThrow("Term 'v_x' passed to 'naivePartials' must name output 'u', like 'u' or 'u_xt'.");
      expect(() => naivePartials(net, inputs(), ['u_y'])).toThrow("Term 'u_y' passed to 'naivePartials' differentiates by 'y', but the inputs are [x, t].");
    });
    net.dispose();
  });

  it('times a training row of every implementation to the same first loss, leaking nothing per run', async () => {
    const w = suite({ quick: true }).find((s) => s.residual === 'beam')!;
    const job: WorkloadJob = { ...w, points: { kind: 'r2', n: 64 }, layers: layersOf(w) };
    const checks: number[][] = [];
    for (const impl of ['reverse', 'naive'] as const) {
      const { measurement, check, leaked } = await timeRow(job, impl, { warmup: 0, runs: 2, budgetMs: 1e9 });
      expect(measurement.status).toBe('ok');
      expect(leaked).toBe(0);
      checks.push(check);
    }
    expect(checkDiff(checks[1], checks[0])!).toBeLessThan(1e-4);
  });
});

function layersOf(w: Workload) {
  const net = w.net.kind === 'testnet' ? new TestNet({ seed: w.net.seed }) : new MLP({ sizes: w.net.sizes, activation: w.net.activation, seed: w.net.seed });
  const layers = net.toLayers();
  net.dispose();
  return layers;
}

describe('bench worker processes', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-spec-'));
    // A stand-in worker: rows named 'hang' never finish, rows named 'crash' kill the process.
    writeFileSync(
      join(dir, 'fake.mjs'),
      `import { readFileSync } from 'node:fs';
const file = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const send = (m) => process.stdout.write('BENCH ' + JSON.stringify(m) + '\\n');
send({ type: 'meta', backend: file.backend, info: { fake: 1 } });
for (const row of file.rows) {
  send({ type: 'start', id: row.id });
  if (row.id.includes('hang')) await new Promise(() => setInterval(() => {}, 1000));
  if (row.id.includes('crash')) { console.error('RuntimeError: Aborted(OOM)'); process.exit(3); }
  send({ type: 'row', id: row.id, status: 'ok', ms: 1, samples: [1], check: [] });
}`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a hanging row as over budget, a crashing row as failed, and finishes the other rows in a fresh worker', async () => {
    const row = (id: string): JobRow => ({ id, family: id, n: 1, impl: 'reverse', job: {} as WorkloadJob });
    const file: JobFile = { backend: 'fake', rows: ['a', 'hang', 'b', 'crash', 'c'].map(row), timing: { warmup: 0, runs: 1, budgetMs: 1 }, known: {}, failed: {} };
    const seen: RowResult[] = [];
    const out = await runWorker({ command: process.execPath, args: [join(dir, 'fake.mjs')], cwd: dir }, file, { rowMs: 1500, startMs: 30_000 }, (r) => seen.push(r));
    expect(out.results.map((r) => r.status)).toEqual(['ok', 'over-budget', 'ok', 'failed', 'ok']);
    expect(out.results[1].note).toContain('hard limit per row');
    expect(out.results[3].note).toContain('Aborted(OOM)');
    expect(out.info).toEqual({ fake: 1 });
    expect(seen).toHaveLength(5);
  });
});

const torchOk = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
if (!torchOk) skipReason('spec/bench.spec.ts, the PyTorch comparison: /usr/bin/python3 cannot import torch');

describe.skipIf(!torchOk)('bench PyTorch baseline', () => {
  beforeAll(async () => {
    const { initBackend } = await import('../lib/index.js');
    await initBackend('cpu', { log: false });
  });

  it('computes the same derivative terms and first training loss as tfjs on the same weights and points', async () => {
    const workloads = suite({ quick: true });
    const small = (w: Workload): Workload => ({ ...w, points: { kind: 'r2', n: 50 } });
    const jobs: WorkloadJob[] = [workloads[0], small(workloads[2]), small(workloads[3])].map((w) => ({ ...w, layers: layersOf(w) }));
    const file: JobFile = {
      backend: 'torch',
      rows: jobs.map((job) => ({ id: rowId(job, 'torch', 'torch'), family: familyKey(job, 'torch', 'torch'), n: 1, impl: 'torch', job })),
      timing: { warmup: 0, runs: 1, budgetMs: 1e9 },
      known: {},
      failed: {},
    };
    const out = await runWorker({ command: '/usr/bin/python3', args: ['bench/torch_baseline.py'], cwd: process.cwd() }, file, { rowMs: 120_000, startMs: 120_000 }, () => {});
    expect(out.results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
    expect(Number(out.info.threads)).toBeGreaterThanOrEqual(1);
    for (const [i, job] of jobs.entries()) {
      const { check } = await timeRow(job, 'reverse', { warmup: 0, runs: 1, budgetMs: 1e9 });
      expect(checkDiff(check, out.results[i].check)!, job.name).toBeLessThan(1e-4);
    }
  });
});

describe('bench BLAS rule', () => {
  const reference: TorchBlas = { kind: 'reference', name: 'reference BLAS (netlib)', path: '/usr/lib/x86_64-linux-gnu/blas/libblas.so.3', threads: null };
  const openblas: TorchBlas = { kind: 'openblas', name: 'OpenBLAS 0.3.21 (serial, 1 thread, Haswell kernels)', path: '/usr/lib/x86_64-linux-gnu/openblas-serial/libblas.so.3', threads: 1 };

  it('prints ratios against an optimised BLAS and names it', () => {
    expect(blasVerdict(openblas, false)).toEqual({ ratios: true, line: 'PyTorch BLAS: OpenBLAS 0.3.21 (serial, 1 thread, Haswell kernels) (/usr/lib/x86_64-linux-gnu/openblas-serial/libblas.so.3)' });
  });

  it('withholds ratios against the reference BLAS or an unidentified one unless allowed, and says how to get OpenBLAS', () => {
    const refused = blasVerdict(reference, false);
    expect(refused.ratios).toBe(false);
    expect(refused.line).toContain('reference BLAS (netlib)');
    expect(refused.line).toContain('libopenblas0-serial');
    expect(refused.line).toContain('--allow-reference-blas');
    expect(blasVerdict(reference, true).ratios).toBe(true);
    expect(blasVerdict(reference, true).line).toContain('WARNING');
    expect(blasVerdict('bench/torch_blas.py failed: exit 1', false).ratios).toBe(false);
    expect(blasVerdict({ ...reference, kind: 'unknown', name: 'unknown (libfoo.so)' }, false).ratios).toBe(false);
  });

  it('runs PyTorch with one BLAS thread, and with the steady-state malloc unless told not to', () => {
    const env = torchEnv({ PATH: '/bin' }, false);
    expect(env).toMatchObject({ PATH: '/bin', OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MALLOC_MMAP_THRESHOLD_: '4294967296' });
    expect(torchEnv({}, true).MALLOC_MMAP_THRESHOLD_).toBeUndefined();
  });
});

describe('bench recipe', () => {
  const result = (side: RecipeResult['side'], seconds: number, relL2 = 5e-3): RecipeResult => ({
    side,
    backend: side === 'PyTorch' ? 'torch cpu (1 thread)' : 'wasm',
    phases: { setup: 0.1, adam: seconds / 4, sampling: 0.2, lbfgs: (3 * seconds) / 4 - 0.4, evaluation: 0.1 },
    cpuPhases: { setup: 0.1, adam: seconds / 8, sampling: 0.2, lbfgs: (3 * seconds) / 8 - 0.4, evaluation: 0.1 },
    seconds,
    cpuSeconds: seconds / 2,
    adamSteps: 1000,
    lbfgsIterations: 3000,
    lbfgsEvaluations: 3200,
    relL2,
  });

  it('reads the plan from the shipped Burgers defaults with the Trainer defaults applied, and knows no other recipe', async () => {
    await initBackend('cpu', { log: false });
    const d = PROBLEMS.burgers.defaults;
    const plan = recipePlan('burgers');
    expect(plan).toMatchObject({
      network: { hidden: d.network!.hidden, activation: 'tanh' },
      points: d.sampling!.domain,
      resampleEvery: d.sampling!.resampleEvery,
      rar: d.sampling!.rar,
      adam: d.adam,
      lbfgs: { steps: d.lbfgs!.steps, historySize: d.lbfgs!.historySize },
      reference: 'data/raissi/burgers_shock.mat',
    });
    expect(plan.lbfgs.restarts).toBeGreaterThanOrEqual(0);
    expect(() => recipePlan('heat')).toThrow("Option --recipe must name a recipe (burgers), but got 'heat'.");
  });

  it('changes the plan as --workers, --points and the step options say, RAR scaled with the points, the plan itself untouched', async () => {
    await initBackend('cpu', { log: false });
    const plan = recipePlan('burgers');
    expect(plan.threads).toBe(1);
    const copy = JSON.parse(JSON.stringify(plan));
    const big = withOverrides(plan, { threads: 2, points: 20_000, lbfgsSteps: 500 });
    // The default plan's ratios: 2,000 points, 4,000 candidates, 200 kept.
    expect(plan.rar.candidates / plan.points).toBe(2);
    expect(plan.rar.add / plan.points).toBe(0.1);
    expect(big).toMatchObject({ threads: 2, points: 20_000, rar: { candidates: 40_000, add: 2_000 }, adam: plan.adam, lbfgs: { ...plan.lbfgs, steps: 500 } });
    expect(withOverrides(plan, { threads: 1 })).toEqual(plan);
    expect(plan).toEqual(copy);
  });

  it('scores by relative L2 in float64', () => {
    expect(relativeL2([1, 2], [1, 2])).toBe(0);
    expect(relativeL2([0, 0], [3, 4])).toBe(1);
    expect(relativeL2([3, 4.5], [3, 4])).toBeCloseTo(0.1, 15);
    expect(() => relativeL2([1], [1, 2])).toThrow("Arguments 'pred' and 'exact' passed to 'relativeL2' must be non-empty and of one length, but have 1 and 2 entries.");
  });

  it('takes medians phase by phase and prints every run, the medians and, when allowed, the ratios', () => {
    const rounds = [
      [{ ok: true as const, result: result('tfjs-pinn', 30) }, { ok: true as const, result: result('PyTorch', 20) }],
      [{ ok: true as const, result: result('tfjs-pinn', 34) }, { ok: true as const, result: result('PyTorch', 22) }],
      [{ ok: true as const, result: result('tfjs-pinn', 32) }, { ok: false as const, side: 'PyTorch' as const, note: 'killed by SIGKILL' }],
    ];
    const med = recipeMedians(rounds.flat().filter((r) => r.ok && r.result.side === 'tfjs-pinn').map((r) => (r as { result: RecipeResult }).result));
    expect(med.seconds).toBe(32);
    expect(med.phases.adam).toBe(8);
    expect(med.cpuPhases.adam).toBe(4);
    const table = formatRecipe(rounds, true, 'wall').split('\n');
    // header, rule, 6 runs, 2 medians, 1 ratio row
    expect(table).toHaveLength(11);
    expect(table[7]).toContain('failed: killed by SIGKILL');
    expect(table[8]).toMatch(/^\| median of 3 \| tfjs-pinn wasm \|/);
    expect(table[9]).toMatch(/^\| median of 2 \| PyTorch /);
    // tfjs 32 s over PyTorch's median 21 s; evaluations per iteration 3200 / 3000.
    expect(table[10]).toContain(`| ${(32 / 21).toFixed(2)}x |`);
    expect(table[8]).toContain('| 1.067 |');
    const cpu = formatRecipe(rounds, true, 'cpu').split('\n');
    expect(cpu[0]).toContain('| Adam CPU s |');
    // CPU: tfjs Adam median 32 / 8 = 4 s, PyTorch (20 / 8 + 22 / 8) / 2 = 2.625 s.
    expect(cpu[8]).toContain('| 4.0 |');
    expect(cpu[10]).toContain(`| ${(4 / 2.625).toFixed(2)}x |`);
    const withheld = formatRecipe(rounds, false, 'wall').split('\n');
    expect(withheld[10]).toContain('withheld');
    expect(withheld[10]).not.toMatch(/\dx/);
  });

  it('alternates which side runs first, round by round, and reports a side that prints no result', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-recipe-'));
    try {
      const log = join(dir, 'order.log');
      const script = (side: string, ok: boolean) =>
        `require('fs').appendFileSync(${JSON.stringify(log)}, '${side} ');` +
        (ok ? `console.log('RECIPE ' + JSON.stringify({ side: '${side}', seconds: 1 }));` : 'process.exit(4);');
      const sides: RecipeCommand[] = [
        { side: 'tfjs-pinn', command: process.execPath, args: ['-e', script('tfjs-pinn', true)] },
        { side: 'PyTorch', command: process.execPath, args: ['-e', script('PyTorch', false)] },
      ];
      const seen: string[] = [];
      const rounds = runRecipeRounds(sides, 3, dir, (run, round) => seen.push(`${round}:${run.ok ? run.result.side : run.side}`));
      expect(seen).toEqual(['0:tfjs-pinn', '0:PyTorch', '1:PyTorch', '1:tfjs-pinn', '2:tfjs-pinn', '2:PyTorch']);
      expect(rounds.map((r) => r.map((x) => x.ok))).toEqual([[true, false], [true, false], [true, false]]);
      expect(rounds[1][1]).toEqual({ ok: false, side: 'PyTorch', note: 'exit 4' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bench profile report', () => {
  it("pairs each case with PyTorch's of the same key, and gives the ratio only when allowed", () => {
    const tfjs = [
      { n: 500, evaluationsPerIteration: 1.2, cases: [{ key: 'bare', name: 'bare step', ms: 3, best: 2.5, reads: 21, kernels: 38, byKernel: [['Identity', 13], ['Multiply', 8]] as [string, number][] }, { key: 'trainer-plain', name: 'plain', ms: 3.2, best: 3, reads: 32, kernels: 46, byKernel: [] }] },
      { n: 0, cases: [{ key: 'optimiser', name: 'optimiser', ms: 0.9, best: 0.8, reads: 0, kernels: 0, byKernel: [] }] },
    ];
    const torch = [
      { n: 500, evaluationsPerIteration: 1.1, cases: [{ key: 'bare', name: 'bare', ms: 2, best: 1.9 }, { key: 'matmul', name: 'mm', ms: 0.1, best: 0.1 }] },
      { n: 0, cases: [{ key: 'optimiser', name: 'optimiser', ms: 0.75, best: 0.7 }] },
    ];
    const lines = formatProfile(tfjs, torch, true).split('\n');
    expect(lines[2]).toBe('| 500 | bare step | 3.000 (2.500) | 2.000 (1.900) | 1.50x | 21.0 | 38 |');
    expect(lines[3]).toBe('| 500 | plain | 3.200 (3.000) |  |  | 32.0 | 46 |');
    expect(lines[4]).toBe('| 500 | L-BFGS evaluations per iteration | 1.200 | 1.100 | | | |');
    expect(lines[5]).toBe('| 500 | mm (PyTorch only) | | 0.100 (0.100) | | | |');
    expect(lines[6]).toBe('| - | optimiser | 0.900 (0.800) | 0.750 (0.700) | 1.20x |  |  |');
    expect(lines).toContain('- N = 500, bare step: Identity 13, Multiply 8');
    expect(formatProfile(tfjs, torch, false).split('\n')[2]).toBe('| 500 | bare step | 3.000 (2.500) | 2.000 (1.900) |  | 21.0 | 38 |');
  });
});

// The BLAS detection, both ways: the BLAS the machine's alternative gives, and the netlib reference BLAS and
// OpenBLAS put in front of it with LD_LIBRARY_PATH (the dynamic linker then loads them for libtorch_cpu).
const NETLIB = '/usr/lib/x86_64-linux-gnu/blas/libblas.so.3';
const OPENBLAS_SERIAL = '/usr/lib/x86_64-linux-gnu/openblas-serial';
const blasSkip = !torchOk ? '/usr/bin/python3 cannot import torch' : !existsSync(NETLIB) || !existsSync(OPENBLAS_SERIAL) ? `needs ${NETLIB} (apt-get install libblas3) and ${OPENBLAS_SERIAL} (libopenblas0-serial)` : undefined;
if (blasSkip) skipReason(`spec/bench.spec.ts, the BLAS detection: ${blasSkip}`);

describe.skipIf(blasSkip !== undefined)('bench PyTorch BLAS detection', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-blas-'));
    mkdirSync(join(dir, 'reference'));
    symlinkSync(NETLIB, join(dir, 'reference', 'libblas.so.3'));
    mkdirSync(join(dir, 'openblas'));
    for (const lib of ['libblas.so.3', 'liblapack.so.3', 'libopenblas.so.0']) symlinkSync(join(OPENBLAS_SERIAL, lib), join(dir, 'openblas', lib));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const probe = (libraryPath: string) => probeTorchBlas('/usr/bin/python3', process.cwd(), { ...torchEnv(process.env, false), LD_LIBRARY_PATH: libraryPath });

  it('names the netlib reference BLAS when that is what PyTorch calls, and the bench then withholds its ratios', () => {
    const blas = probe(join(dir, 'reference'));
    expect(typeof blas === 'string' ? blas : blas.kind).toBe('reference');
    expect(blasVerdict(blas, false).ratios).toBe(false);
  });

  it('names OpenBLAS, its threading and its one thread when that is what PyTorch calls', () => {
    const blas = probe(join(dir, 'openblas'));
    expect(blas).toMatchObject({ kind: 'openblas', threads: 1, path: join(OPENBLAS_SERIAL, 'libblas.so.3') });
    expect((blas as TorchBlas).name).toMatch(/^OpenBLAS \d+\.\d+\.\d+ \(serial, 1 thread, /);
  });
});
