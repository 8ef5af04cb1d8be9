// A worker process of `npm run bench`: times the rows of one tfjs backend.
// The parent runs each backend in its own process so that an aborted wasm
// heap or a runaway row costs one row, not the whole run.
import { readFileSync } from 'node:fs';

import * as tf from '@tensorflow/tfjs';

import { MLP, initBackend, partials } from '../lib/index.js';
import { JobFile, send } from './protocol.js';
import { timeRow } from './run_row.js';
import { formatMs, predictMs } from './timing.js';
import { Impl } from './workloads.js';
import { openBlasFromEnv } from './openblas.js';

tf.env().set('IS_TEST', true);

const file = JSON.parse(readFileSync(process.argv[2], 'utf8')) as JobFile;
const choice = await initBackend(file.backend, { log: false });
openBlasFromEnv();
send({ type: 'meta', backend: file.backend, info: { backend: choice.name, tfjs: tf.version.tfjs } });

const taylorProblem = probeTaylor();
const known = { ...file.known };
const failed = { ...file.failed };
const { timing } = file;

for (const row of file.rows) {
  send({ type: 'start', id: row.id });
  const base = { id: row.id, samples: [] as number[], check: [] as number[], ms: null };
  if (row.impl === 'taylor' && taylorProblem !== undefined) {
    send({ type: 'row', ...base, status: 'skipped', note: `Taylor mode not available: ${taylorProblem}` });
    continue;
  }
  const failure = failed[row.family];
  if (failure !== undefined && failure.n < row.n) {
    send({ type: 'row', ...base, status: 'skipped', note: `failed at N=${failure.n.toLocaleString('en-US')}: ${failure.note}` });
    continue;
  }
  const predicted = predictMs(known[row.family], row.n);
  if (predicted !== undefined && predicted * timing.runs > timing.budgetMs) {
    const from = known[row.family];
    const note = `predicted ${formatMs(predicted)} ms/run from ${formatMs(from.ms)} ms at N=${from.n.toLocaleString('en-US')}; ${timing.runs} runs > row budget`;
    send({ type: 'row', ...base, status: 'over-budget', note });
    continue;
  }
  try {
    const { measurement, check, leaked } = await timeRow(row.job, row.impl as Impl, timing);
    const leakNote = leaked !== 0 ? `${leaked} tensors leaked` : undefined;
    const note = [measurement.status === 'over-budget' ? measurement.note : undefined, leakNote].filter(Boolean).join('; ') || undefined;
    const estimateMs = measurement.status === 'ok' ? measurement.ms : measurement.estimateMs;
    send({ type: 'row', id: row.id, status: measurement.status, ms: measurement.ms, samples: measurement.samples, check, note, estimateMs });
    known[row.family] = { n: row.n, ms: estimateMs };
  } catch (error) {
    const message = String((error as Error)?.message ?? error).split('\n')[0];
    send({ type: 'row', ...base, status: 'failed', note: message });
    failed[row.family] = { n: row.n, note: message };
    // An aborted wasm module cannot be trusted for the next row: let the parent start a fresh process.
    if (/abort|out of memory|OOM/i.test(message)) process.exit(3);
  }
}

/** Why `partials(..., {method: 'taylor'})` does not work here, or undefined when it does. */
function probeTaylor(): string | undefined {
  const net = new MLP({ sizes: [2, 3, 1], activation: 'tanh', seed: 0 });
  try {
    tf.tidy(() => {
      const x = tf.tensor2d([0.1, 0.2], [2, 1]);
      const t = tf.tensor2d([0.3, 0.4], [2, 1]);
      partials(net, { x, t }, ['u_xx'], { method: 'taylor' });
    });
    return undefined;
  } catch (error) {
    return String((error as Error)?.message ?? error).split('\n')[0];
  } finally {
    net.dispose();
  }
}
