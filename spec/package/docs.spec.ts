import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

import { Snippet, docPages, snippetFile, snippetSource, snippetsOf } from '../helpers/doc_snippets.js';

// The documentation is part of what is tested: `npm run docs` must build the API reference without one warning
// (TypeDoc with notDocumented validation and warnings as errors: every export documented), and every ```ts block
// of the README and docs/*.md must type-check against lib/ as the package 'tfjs-pinn', and run unless marked
// (spec/helpers/doc_snippets.ts says how a block is marked).

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TYPEDOC = join(ROOT, 'docs', 'typedoc', 'node_modules', 'typedoc', 'bin', 'typedoc');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
// Under results/ (git-ignored) so that the snippets resolve the project's node_modules.
const DIR = join(ROOT, 'results', 'doc-snippets');

const snippets: Snippet[] = docPages(ROOT).flatMap((page) => snippetsOf(ROOT, page));
const pages = [...new Set(snippets.map((s) => s.page))];

describe('npm run docs', () => {
  it('builds the API reference from the doc comments without a warning', () => {
    if (!existsSync(TYPEDOC)) throw new Error(`TypeDoc is missing at ${TYPEDOC}: 'npm ci' installs it (the docs/typedoc workspace).`);
    const out = mkdtempSync(join(tmpdir(), 'tfjs-pinn-api-'));
    try {
      const run = spawnSync(process.execPath, [TYPEDOC, '--options', 'typedoc.json', '--out', out], { cwd: ROOT, encoding: 'utf8' });
      const log = `${run.stdout}${run.stderr}`.replace(/\x1b\[[0-9;]*m/g, '').trim();
      expect(log, 'TypeDoc printed warnings or errors').toBe('');
      expect(run.status).toBe(0);
      expect(existsSync(join(out, 'modules', 'tfjs-pinn.html')) && existsSync(join(out, 'modules', 'tfjs-pinn_node.html'))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('the code in the README and docs/', () => {
  const preludeLines = new Map<string, number>();

  beforeAll(() => {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(join(DIR, 'browser'), { recursive: true });
    for (const s of snippets) {
      const { source, preludeLines: n } = snippetSource(s);
      writeFileSync(join(s.mode === 'browser' ? join(DIR, 'browser') : DIR, snippetFile(s)), source);
      preludeLines.set(snippetFile(s), n);
    }
    // The snippets import the package by name; here the names point at the sources, as the package's
    // exports point at dist/ (browser blocks: at the browser entry, as the 'browser' condition does).
    const tsconfig = (up: string, entry: string) => ({
      extends: `${up}tsconfig.json`,
      compilerOptions: { noUnusedLocals: false, paths: { 'tfjs-pinn': [`${up}lib/${entry}`], 'tfjs-pinn/node': [`${up}lib/node/index.ts`] } },
      include: ['*.ts'],
    });
    writeFileSync(join(DIR, 'tsconfig.json'), `${JSON.stringify(tsconfig('../../', 'index.ts'), null, 2)}\n`);
    writeFileSync(join(DIR, 'browser', 'tsconfig.json'), `${JSON.stringify(tsconfig('../../../', 'browser.ts'), null, 2)}\n`);
  });

  it('has blocks to check', () => {
    expect(snippets.length).toBeGreaterThan(10);
    expect(pages).toContain('README.md');
  });

  it('type-checks every ```ts block against lib/', () => {
    const dirs = [DIR, ...(snippets.some((s) => s.mode === 'browser') ? [join(DIR, 'browser')] : [])];
    const runs = dirs.map((dir) => spawnSync(process.execPath, [TSC, '--noEmit', '-p', join(dir, 'tsconfig.json')], { cwd: ROOT, encoding: 'utf8' }));
    // Errors point at the page and line, not at the generated file.
    const errors = runs
      .map((run) => `${run.stdout}${run.stderr}`)
      .join('\n')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const m = /([A-Za-z0-9_]+\.ts)\((\d+),(\d+)\): (.*)$/.exec(l);
        const s = m && snippets.find((x) => snippetFile(x) === m[1]);
        if (!m || !s) return l;
        const line = Number(m[2]) - (preludeLines.get(m[1]) ?? 0);
        return line < 1 ? `${s.page}:${s.line} (in the fragment's prelude): ${m[4]}` : `${s.page}:${s.line + line}: ${m[4]}`;
      });
    expect(errors).toEqual([]);
    expect(runs.map((run) => run.status)).toEqual(dirs.map(() => 0));
  });

  for (const page of pages.filter((p) => snippets.some((s) => s.page === p && s.mode === 'run'))) {
    const runnable = snippets.filter((s) => s.page === page && s.mode === 'run');
    it(`runs the blocks of ${page}`, () => {
      const failures: string[] = [];
      for (const s of runnable) {
        const run = spawnSync(process.execPath, [TSX, join(DIR, snippetFile(s))], {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, TSX_TSCONFIG_PATH: join(DIR, 'tsconfig.json') },
        });
        if (run.status !== 0) failures.push(`${page}:${s.line} exited with ${run.status ?? run.signal}:\n${`${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-15).join('\n')}`);
      }
      expect(failures).toEqual([]);
    });
  }
});

describe('paths the README and docs/ name', () => {
  it('every spec/, lib/, scripts/, bench/ and examples/ file they name exists (moved files leave no stale pointer)', () => {
    const retiredSection = /## Retired probes([\s\S]*?)\n## /.exec(readFileSync(join(ROOT, 'docs', 'performance.md'), 'utf8'))?.[1] ?? '';
    const RETIRED = [...retiredSection.matchAll(/^- \*\*(.*?)\*\*/gm)].flatMap((m) => [...m[1].matchAll(/`([a-z_]+\.(?:ts|py))`/g)].map((n) => n[1]));
    expect(RETIRED.length).toBeGreaterThan(3);
    const missing: string[] = [];
    for (const page of docPages(ROOT)) {
      const text = readFileSync(join(ROOT, page), 'utf8');
      for (const m of text.matchAll(/`((?:spec|lib|scripts|bench|examples)\/[A-Za-z0-9_/.-]+\.(?:ts|py|json|mjs))`/g)) {
        // NAME is a placeholder; the probes retired from bench/ are named with how to bring them back.
        if (m[1].includes('NAME') || RETIRED.some((r) => m[1] === `bench/${r}`)) continue;
        if (!existsSync(join(ROOT, m[1]))) missing.push(`${page}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
