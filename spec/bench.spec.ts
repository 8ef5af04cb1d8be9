import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MLP, TestNet, partials } from '../lib/index.js';
import { naivePartials } from '../bench/naive.js';
import { runWorker } from '../bench/orchestrate.js';
import { makePoints } from '../bench/points.js';
import { JobFile, JobRow } from '../bench/protocol.js';
import { checkDiff, formatRatio, formatSummary, formatTable, withRatios } from '../bench/report.js';
import { WorkloadJob, timeRow } from '../bench/run_row.js';
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
