// The examples gallery (examples/*.ts) through its runner, `npm run examples -- --quick`: every example
// runs to its summary line within its quick threshold. And the runner itself: it fails when an example
// throws, misses its threshold, never reports, or runs past --timeout (stand-ins in spec/fixtures/examples/).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync(join(tmpdir(), 'tfjs-pinn-examples-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Result {
  name: string;
  status: string;
  measure: string | null;
  error: number | null;
  threshold: number | null;
  summary: string;
}

/** Runs `npm run examples -- ARGS` (the same script, without npm's banner); returns its exit code, output and results. */
function runner(args: string[]): { code: number | null; output: string; results: Result[] } {
  const json = join(tmp, `results-${Math.random().toString(36).slice(2)}.json`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/examples.ts', '--json', json, ...args], { cwd: ROOT, encoding: 'utf8' });
  const output = `${r.stdout}\n${r.stderr}`;
  let results: Result[] = [];
  try {
    results = JSON.parse(readFileSync(json, 'utf8'));
  } catch {
    // No results file: the runner itself failed; the exit code and output say how.
  }
  return { code: r.status, output, results };
}

describe('npm run examples -- --quick', () => {
  it('runs every example in examples/ (not the browser demo) to its summary line, within its quick threshold', () => {
    const gallery = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
    expect(gallery.length).toBeGreaterThanOrEqual(12);
    const { code, output, results } = runner(['--quick']);
    expect(code, output).toBe(0);
    expect(results.map((r) => r.name)).toEqual(gallery);
    for (const r of results) {
      expect(r.status, r.summary).toBe('ok');
      // Each summary line names what it measures, says it is the quick run, and holds an error within the threshold.
      expect(r.summary, r.name).toMatch(new RegExp(`^${r.name}: .+\\(threshold [^;)]+, quick[;)]`));
      expect(r.error! <= r.threshold!, r.summary).toBe(true);
    }
  });
});

describe('the examples runner', () => {
  it('fails when an example throws, misses its threshold or never prints its summary line, and names each', () => {
    const { code, output, results } = runner(['--quick', '--dir', 'spec/fixtures/examples', 'misses', 'passes', 'silent', 'throws']);
    expect(code, output).toBe(1);
    const by = Object.fromEntries(results.map((r) => [r.name, r]));
    expect(Object.keys(by)).toEqual(['misses', 'passes', 'silent', 'throws']);
    expect(by.passes).toMatchObject({ status: 'ok', measure: 'relative L2 error of u', error: 1e-3, threshold: 0.1 });
    expect(by.misses).toMatchObject({ status: 'missed its threshold', measure: 'relative error of κ', error: 0.5, threshold: 0.1 });
    expect(by.silent.status).toBe('failed');
    expect(by.silent.summary).toMatch(/exited with code 0 without a summary line:\ntrained, but forgot to report/);
    expect(by.throws.status).toBe('failed');
    expect(by.throws.summary).toMatch(/exited with code 1 without a summary line:[^]*Error: the library broke here/);
    expect(output).toMatch(/3 of 4 examples failed: misses \(missed its threshold\), silent \(failed\), throws \(failed\)/);
  });

  it('ends an example that runs longer than --timeout and fails it', () => {
    const { code, output, results } = runner(['--dir', 'spec/fixtures/examples', '--timeout', '20', 'sleeps']);
    expect(code, output).toBe(1);
    expect(results).toMatchObject([{ name: 'sleeps', status: 'timed out', summary: 'ran longer than 20 s' }]);
  });

  it('refuses a name that is not an example, listing the ones there are', () => {
    const { code, output } = runner(['--dir', 'spec/fixtures/examples', 'nope']);
    expect(code).toBe(1);
    expect(output).toMatch(/No example nope in .*spec\/fixtures\/examples; the examples are: misses, passes, silent, sleeps, throws\./);
  });
});
