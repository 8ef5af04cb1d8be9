// Builds the CommonJS copy of the Node entries for `require('tfjs-pinn')` and
// `require('tfjs-pinn/node')` (run after tsc by `npm run build`): every lib/
// file but the browser-only ones and the bin, transpiled one to one by esbuild
// into dist/cjs/ (so both entries share one copy of each module), marked
// CommonJS by dist/cjs/package.json, with tsc's declarations copied beside
// them (read there as CommonJS declarations).
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

import { ROOT } from './build_browser.js';

/** Where the CommonJS build goes. */
export const CJS_DIST = join(ROOT, 'dist', 'cjs');

/** The browser entries (import.meta.url) and the bin (top-level await): ESM only. */
const ESM_ONLY = new Set(['browser.ts', 'browser_bundle.ts', 'backend/browser.ts', 'node/bin.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/**
 * Transpiles lib/ to dist/cjs/ and copies the declarations; returns the files written.
 *
 * @example
 * await buildCjs(); // then require('tfjs-pinn') loads dist/cjs/index.js
 */
export async function buildCjs(): Promise<string[]> {
  const lib = join(ROOT, 'lib');
  const entries = sources(lib).filter((f) => !ESM_ONLY.has(relative(lib, f)));
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: entries,
    outdir: CJS_DIST,
    outbase: lib,
    bundle: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  writeFileSync(join(CJS_DIST, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
  const written = entries.map((f) => join(CJS_DIST, relative(lib, f).replace(/\.ts$/, '.js')));
  for (const f of entries) {
    const rel = relative(lib, f).replace(/\.ts$/, '.d.ts');
    const from = join(ROOT, 'dist', rel);
    if (!existsSync(from)) throw new Error(`No declaration ${from}: run tsc -p tsconfig.build.json before buildCjs.`);
    mkdirSync(dirname(join(CJS_DIST, rel)), { recursive: true });
    copyFileSync(from, join(CJS_DIST, rel));
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = await buildCjs();
  console.log(`built ${files.length} CommonJS modules in dist/cjs/`);
}
