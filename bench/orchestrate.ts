import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { JobFile, Message, parseLine } from './protocol.js';
import { RowResult } from './workloads.js';

/** How to start a worker process; the job file's path is appended to `args`. */
export interface WorkerCommand {
  command: string;
  args: string[];
  cwd: string;
  /** Environment of the worker. @default process.env */
  env?: NodeJS.ProcessEnv;
}

/** Limits on a worker process, in milliseconds. */
export interface WorkerLimits {
  /** A row with no result after this long is killed and reported as failed. */
  rowMs: number;
  /** Time to start up (load tfjs or torch) before the first row. */
  startMs: number;
}

/** What a worker reported: its meta information and one result per row. */
export interface WorkerOutcome {
  info: Record<string, string | number>;
  results: RowResult[];
}

/**
 * Runs the rows of `file` in worker processes and collects a result for
 * every row. A worker that dies or hangs costs only the row it was on: that
 * row is reported as failed with the reason, and a fresh worker takes the
 * remaining rows, knowing what was measured and what failed so far.
 *
 * @example
 * const cmd = { command: process.execPath, args: ['--import', 'tsx', 'bench/worker.ts'], cwd: root };
 * const { results } = await runWorker(cmd, jobFile, { rowMs: 120_000, startMs: 120_000 }, (r) => console.error(r.id));
 */
export async function runWorker(cmd: WorkerCommand, file: JobFile, limits: WorkerLimits, onResult: (r: RowResult) => void): Promise<WorkerOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'tfjs-pinn-bench-'));
  const results = new Map<string, RowResult>();
  let info: Record<string, string | number> = {};
  const state: JobFile = { ...file, known: { ...file.known }, failed: { ...file.failed } };
  const record = (r: RowResult, family: string, n: number) => {
    results.set(r.id, r);
    const ms = r.ms ?? r.estimateMs;
    if (ms != null) state.known[family] = { n, ms };
    if (r.status === 'failed') state.failed[family] = { n, note: r.note ?? 'failed' };
    onResult(r);
  };
  try {
    for (let attempt = 0; ; attempt++) {
      const remaining = file.rows.filter((r) => !results.has(r.id));
      if (remaining.length === 0) break;
      const path = join(dir, `job-${attempt}.json`);
      writeFileSync(path, JSON.stringify({ ...state, rows: remaining }));
      const run = await runOnce(cmd, path, limits, (m) => {
        if (m.type === 'meta') info = m.info;
        if (m.type === 'row') {
          const row = remaining.find((r) => r.id === m.id);
          if (row) record({ id: m.id, status: m.status, ms: m.ms, samples: m.samples, check: m.check, note: m.note, estimateMs: m.estimateMs }, row.family, row.n);
        }
      });
      const stuck = run.current === undefined ? undefined : remaining.find((r) => r.id === run.current && !results.has(r.id));
      if (stuck && run.timedOut) {
        // Slower than the hard limit is over budget, not broken; the limit also predicts larger N.
        record({ id: stuck.id, status: 'over-budget', ms: null, samples: [], check: [], note: run.reason, estimateMs: limits.rowMs }, stuck.family, stuck.n);
      } else if (stuck) {
        record({ id: stuck.id, status: 'failed', ms: null, samples: [], check: [], note: run.reason }, stuck.family, stuck.n);
      } else if (!remaining.some((r) => results.has(r.id))) {
        // The worker made no progress at all (it could not start): report every remaining row instead of retrying forever.
        for (const r of remaining) record({ id: r.id, status: 'failed', ms: null, samples: [], check: [], note: run.reason }, r.family, r.n);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { info, results: file.rows.map((r) => results.get(r.id)!) };
}

/** One worker process: the row it was on when it ended (if any) and why it ended. */
function runOnce(cmd: WorkerCommand, jobPath: string, limits: WorkerLimits, onMessage: (m: Message) => void): Promise<{ current?: string; reason: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(cmd.command, [...cmd.args, jobPath], { cwd: cmd.cwd, env: cmd.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let current: string | undefined;
    let killedFor: string | undefined;
    const errLines: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number, why: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        killedFor = why;
        child.kill('SIGKILL');
      }, ms);
    };
    let rowTimer = false;
    arm(limits.startMs, `worker did not start within ${limits.startMs / 1000} s`);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = parseLine(line);
      if (m === undefined) return;
      if (m.type === 'start') {
        current = m.id;
        rowTimer = true;
        arm(limits.rowMs, `no result within ${(limits.rowMs / 1000).toFixed(0)} s: killed (hard limit per row)`);
      }
      if (m.type === 'row') current = undefined;
      onMessage(m);
    });
    createInterface({ input: child.stderr }).on('line', (line) => {
      errLines.push(line);
      if (errLines.length > 40) errLines.shift();
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ current, reason: `could not start ${cmd.command}: ${error.message}`, timedOut: false });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = errLines.filter((l) => /error|abort|memory|killed/i.test(l)).pop() ?? errLines.filter((l) => l.trim()).pop() ?? '';
      // A SIGKILL the bench did not send comes, on Linux, almost always from the out-of-memory killer.
      const how = signal === 'SIGKILL' && killedFor === undefined ? 'SIGKILL from outside the bench (likely the out-of-memory killer)' : signal ? `signal ${signal}` : `exit code ${code}`;
      const timedOut = killedFor !== undefined && rowTimer && current !== undefined;
      resolve({ current, reason: killedFor ?? `worker ended with ${how}${last ? `: ${last.trim().slice(0, 200)}` : ''}`, timedOut });
    });
  });
}
