// `npm run build:playground`: the playground as static files in dist/playground/, to serve from any
// static host (`npm run demo` serves them on 127.0.0.1):
//   index.html, style.css, playground.js   the page (examples/playground/), bundled by esbuild
//   tfjs-pinn.bundle.js, tfjs-pinn.worker.js, tfjs-pinn.webgpu.js, tfjs-pinn.wasm-backend.js, *.wasm
//                                           the library as scripts/build_browser.ts builds it
// The page imports the library from ./tfjs-pinn.bundle.js beside it, the file its worker loads, so the
// page and the worker each hold one copy of tfjs.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

import { ROOT, buildBrowser } from './build_browser.js';

/** Where the playground's static files go. */
export const PLAYGROUND_DIST = join(ROOT, 'dist', 'playground');

/** The page's sources. */
const SOURCE = join(ROOT, 'examples', 'playground');

/**
 * Builds the browser library, then the playground into dist/playground/; returns the files written.
 *
 * @example
 * const files = await buildPlayground(); // serve dist/playground/ and open index.html
 */
export async function buildPlayground(): Promise<string[]> {
  const built = await buildBrowser();
  rmSync(PLAYGROUND_DIST, { recursive: true, force: true });
  mkdirSync(PLAYGROUND_DIST, { recursive: true });
  const files: string[] = [];
  for (const file of [built.bundle, built.worker, ...built.lazy, ...built.wasm]) {
    const to = join(PLAYGROUND_DIST, basename(file));
    copyFileSync(file, to);
    files.push(to);
  }
  for (const file of ['index.html', 'style.css']) {
    copyFileSync(join(SOURCE, file), join(PLAYGROUND_DIST, file));
    files.push(join(PLAYGROUND_DIST, file));
  }
  // The page's import of the library becomes the standalone bundle beside it.
  const bundleBeside: esbuild.Plugin = {
    name: 'bundle-beside',
    setup: (build) => build.onResolve({ filter: /\/browser_bundle\.js$/ }, () => ({ path: './tfjs-pinn.bundle.js', external: true })),
  };
  const page = join(PLAYGROUND_DIST, 'playground.js');
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [join(SOURCE, 'main.ts')],
    outfile: page,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
    legalComments: 'none',
    plugins: [bundleBeside],
  });
  files.push(page);
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of await buildPlayground()) console.log(`built ${file.slice(ROOT.length + 1)}`);
}
