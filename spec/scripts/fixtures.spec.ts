import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

import { skipReason } from '../helpers/console_guard.js';

// The fixtures of spec/fixtures are rebuilt by the scripts in scripts/fixtures; here each script regenerates its
// files in a temporary folder and compares them with the committed ones (--check), so a fixture that no longer
// matches its generator fails. The comparison is the scripts' own: see their docstrings for how exact it is.
const PYTHON = '/usr/bin/python3';
const FIXTURES = 'spec/fixtures';

/** Why `modules` cannot be imported by PYTHON here, or undefined when they can. */
function pythonMissing(modules: string[]): string | undefined {
  const r = spawnSync(PYTHON, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} cannot run (${r.error.message})`;
  return r.status === 0 ? undefined : `${PYTHON} cannot import ${modules.join(', ')}`;
}

/** Runs a generator with --check; its report (one line per file or case) and exit status. */
function check(script: string): { status: number | null; report: string } {
  const r = spawnSync(PYTHON, [script, '--check'], { encoding: 'utf8' });
  return { status: r.status, report: `${r.stdout}${r.stderr}` };
}

const noTorch = pythonMissing(['torch']);
const noScipy = pythonMissing(['numpy', 'scipy']);
if (noTorch) skipReason(`spec/scripts/fixtures.spec.ts, the torch-partials.json and torch-networks.json checks: ${noTorch}`);
if (noScipy) skipReason(`spec/scripts/fixtures.spec.ts, the data fixtures check: ${noScipy}`);

describe('fixture generators (scripts/fixtures)', () => {
  it.skipIf(noTorch !== undefined)('torch_partials.py regenerates torch-partials.json: inputs exactly, partials within 1e-12', () => {
    const { status, report } = check('scripts/fixtures/torch_partials.py');
    expect(report).toMatch(/^testnet-seed-grid: inputs identical, .* ok$/m);
    expect(report).toMatch(/^mlp-tanh-20x3: inputs identical, .* ok$/m);
    expect(report).toMatch(/^mlp-sin-16x2: inputs identical, .* ok$/m);
    expect(status, report).toBe(0);
  });

  it.skipIf(noTorch !== undefined)('torch_networks.py regenerates torch-networks.json: inputs exactly, terms within 1e-12', () => {
    const { status, report } = check('scripts/fixtures/torch_networks.py');
    const lines = report.trim().split('\n');
    expect(lines.length, report).toBeGreaterThanOrEqual(6);
    lines.forEach((line) => expect(line).toMatch(/^case \d+ \w+: inputs identical, .* ok$/));
    expect(status, report).toBe(0);
  });

  it.skipIf(noScipy !== undefined)('data_files.py regenerates spec/fixtures/data byte for byte, the MAT header date aside', () => {
    const { status, report } = check('scripts/fixtures/data_files.py');
    const lines = report.trim().split('\n');
    expect(lines).toHaveLength(10);
    lines.forEach((line) => expect(line).toMatch(/^same /));
    expect(status, report).toBe(0);
  });

  it('spec/fixtures/README.md lists every fixture file with its generator', () => {
    const readme = readFileSync(join(FIXTURES, 'README.md'), 'utf8');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name !== 'README.md') files.push(relative(FIXTURES, join(dir, e.name)));
      }
    };
    walk(FIXTURES);
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((f) => !readme.includes(`\`${f}\``))).toEqual([]);
  });
});
