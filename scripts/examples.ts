// `npm run examples`: runs the gallery in examples/ (every examples/*.ts; the browser demo in
// examples/browser/ and the data in examples/data/ are folders, so never run) one at a time, each in a
// process of its own, and checks what each reports against its own threshold.
// Usage: npm run examples -- [--quick] [--json FILE] [--dir DIR] [--timeout S] [NAME ...]
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/**
 * The export condition under which 'tfjs-pinn' and 'tfjs-pinn/node' resolve to lib/*.ts (package.json
 * `exports`), so the examples import the package by name and run on the sources without a build.
 */
const SOURCE_CONDITION = '@tfjs-pinn/source';
const USAGE = `Usage: npm run examples -- [options] [NAME ...]
  NAME        only these examples (file names without .ts; default all of examples/*.ts)
  --quick     short budgets and looser thresholds (each example says which); what CI runs
  --json FILE write the results as [{name, status, measure, error, threshold, seconds, summary}]
  --dir DIR   run the *.ts scripts of DIR instead of examples/
  --timeout S end an example that runs longer than S seconds, as failed (default 600 with --quick, 3600 without)
  --help`;

/** What one example reported. */
interface Result {
  name: string;
  /** 'ok', 'missed its threshold', 'failed' (threw, or exited without its summary line) or 'timed out'. */
  status: string;
  measure: string | null;
  error: number | null;
  threshold: number | null;
  seconds: number;
  /** The summary line, or the end of its output when it has none. */
  summary: string;
}

const { values: args, positionals: names } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    dir: { type: 'string' },
    timeout: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const timeout = Number(args.timeout ?? (args.quick ? 600 : 3600));
if (!(timeout > 0)) throw new Error(`Option '--timeout' of 'npm run examples' must be a positive number of seconds, but got ${args.timeout}.`);

const dir = resolve(ROOT, args.dir ?? 'examples');
const all = readdirSync(dir, { withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts'))
  .map((e) => basename(e.name, '.ts'))
  .sort();
const unknown = names.filter((n) => !all.includes(n.replace(/\.ts$/, '')));
if (unknown.length > 0) throw new Error(`No example ${unknown.join(', ')} in ${dir}; the examples are: ${all.join(', ')}.`);
const chosen = names.length > 0 ? all.filter((n) => names.some((m) => m.replace(/\.ts$/, '') === n)) : all;
if (chosen.length === 0) throw new Error(`No examples (*.ts) in ${dir}.`);

// An example's summary line: "NAME: <measure> <error> (threshold <t>[, quick][; more])".
const SUMMARY = /^(\S+): (.+) (\S+) \(threshold ([^,;)]+)(?:, quick)?[;)]/;

/** Runs one example in its own process (tfjs keeps process-wide state); never longer than `timeout`. */
function run(name: string): Promise<Result> {
  const file = join(dir, `${name}.ts`);
  const argv = ['--import', 'tsx', `--conditions=${SOURCE_CONDITION}`, file, ...(args.quick ? ['--quick'] : [])];
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeout * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      const line = stdout.trimEnd().split('\n').reverse().find((l) => SUMMARY.test(l));
      const m = line === undefined ? null : SUMMARY.exec(line);
      const error = m ? Number(m[3]) : null;
      const threshold = m ? Number(m[4]) : null;
      let status: string;
      if (timedOut) status = 'timed out';
      else if (m && code === 0) status = 'ok';
      else if (m && !(error! <= threshold!)) status = 'missed its threshold';
      else status = 'failed';
      const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-12).join('\n');
      const summary = line ?? (timedOut ? `ran longer than ${timeout} s` : `exited with code ${code} without a summary line:\n${tail}`);
      done({ name, status, measure: m ? m[2] : null, error, threshold, seconds, summary });
    });
  });
}

const mode = args.quick ? 'quick' : 'full';
console.log(`tfjs-pinn examples (${mode}): ${chosen.length} from ${dir}`);
const results: Result[] = [];
for (const name of chosen) {
  const r = await run(name);
  results.push(r);
  const mark = r.status === 'ok' ? 'ok  ' : 'FAIL';
  console.log(`${mark} ${r.name.padEnd(28)} ${r.seconds.toFixed(1).padStart(6)} s  ${r.status === 'ok' ? r.summary : `${r.status}: ${r.summary}`}`);
}

// The gallery table of docs/examples.md, ready to paste.
console.log(`\n| example | ${mode} error | threshold | seconds |\n|---|---|---|---|`);
for (const r of results) {
  console.log(`| ${r.name} | ${r.error === null ? r.status : r.error.toExponential(2)} | ${r.threshold ?? ''} | ${r.seconds.toFixed(0)} |`);
}
if (args.json) writeFileSync(args.json, `${JSON.stringify(results, null, 2)}\n`);

const failed = results.filter((r) => r.status !== 'ok');
if (failed.length > 0) {
  console.log(`\n${failed.length} of ${results.length} examples failed: ${failed.map((r) => `${r.name} (${r.status})`).join(', ')}`);
  process.exitCode = 1;
} else {
  console.log(`\nAll ${results.length} examples passed (${mode}).`);
}
