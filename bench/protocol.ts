import { TimingOptions } from './timing.js';
import { Impl, RowResult } from './workloads.js';
import type { WorkloadJob } from './run_row.js';

/** One row for a worker process to time. */
export interface JobRow {
  id: string;
  /** Rows of one family differ only in N; see familyKey. */
  family: string;
  n: number;
  impl: Impl | 'torch';
  job: WorkloadJob;
}

/** What a worker process (bench/worker.ts or bench/torch_baseline.py) reads from the file named by its argument. */
export interface JobFile {
  /** tfjs backend, or 'torch'. */
  backend: string;
  rows: JobRow[];
  timing: Omit<TimingOptions, 'now'>;
  /** Per-run milliseconds already measured per family, at some N. */
  known: Record<string, { n: number; ms: number }>;
  /** Families that failed at some N: their larger rows are skipped rather than tried. */
  failed: Record<string, { n: number; note: string }>;
}

/** A line a worker writes to stdout: the prefix, then one JSON message. Other output is ignored. */
export const LINE_PREFIX = 'BENCH ';

/** The messages of the worker protocol. */
export type Message =
  | { type: 'meta'; backend: string; info: Record<string, string | number> }
  | { type: 'start'; id: string }
  | ({ type: 'row' } & RowResult);

/**
 * Writes one protocol message to stdout.
 *
 * @example
 * send({ type: 'start', id });
 * send({ type: 'row', id, status: 'ok', ms, samples, check });
 */
export function send(message: Message): void {
  process.stdout.write(`${LINE_PREFIX}${JSON.stringify(message)}\n`);
}

/**
 * The message on a line of worker output, or undefined for any other line.
 *
 * @example
 * parseLine('BENCH {"type":"start","id":"a"}'); // { type: 'start', id: 'a' }
 * parseLine('tfjs banner'); // undefined
 */
export function parseLine(line: string): Message | undefined {
  if (!line.startsWith(LINE_PREFIX)) return undefined;
  try {
    return JSON.parse(line.slice(LINE_PREFIX.length)) as Message;
  } catch {
    return undefined;
  }
}
