// Builds the browser outputs with esbuild (run after tsc by `npm run build`):
//   dist/browser/tfjs-pinn.js         ESM library for bundlers, tfjs and other dependencies external
//   dist/browser/tfjs-pinn.bundle.js  standalone ES module with tfjs-core and its backends inside, also exporting `tf`
//   dist/browser/*.wasm               tfjs-backend-wasm's binaries, where the browser initBackend looks
import { copyFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

/** The project's root folder. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the browser outputs go. */
export const BROWSER_DIST = join(ROOT, 'dist', 'browser');

/** What {@link buildBrowser} produced. */
export interface BrowserBuild {
  /** Absolute paths of the library, the standalone bundle and the copied .wasm files. */
  library: string;
  bundle: string;
  wasm: string[];
  /** esbuild's metafile of the library build: every input and import, to audit. */
  libraryMeta: esbuild.Metafile;
}

/** Every package the library declares, so the bundler-facing build keeps them external. */
function declaredPackages(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
}

const COMMON: esbuild.BuildOptions = {
  absWorkingDir: ROOT,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
};

/** Copies tfjs-backend-wasm's .wasm files next to the bundle, where `setWasmPaths` is pointed by default. */
function copyWasm(): string[] {
  const require = createRequire(import.meta.url);
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  return readdirSync(wasmDir)
    .filter((f) => f.endsWith('.wasm'))
    .map((f) => {
      const to = join(BROWSER_DIST, f);
      copyFileSync(join(wasmDir, f), to);
      return to;
    });
}

/**
 * Builds the browser library, the standalone bundle and copies the .wasm files.
 *
 * @example
 * const { bundle } = await buildBrowser();
 * // serve dist/browser/ and import(bundle) in a page
 */
export async function buildBrowser(): Promise<BrowserBuild> {
  mkdirSync(BROWSER_DIST, { recursive: true });
  const library = join(BROWSER_DIST, 'tfjs-pinn.js');
  const bundle = join(BROWSER_DIST, 'tfjs-pinn.bundle.js');
  const lib = await esbuild.build({
    ...COMMON,
    entryPoints: [join(ROOT, 'lib/browser.ts')],
    outfile: library,
    external: declaredPackages().flatMap((name) => [name, `${name}/*`]),
    metafile: true,
  });
  await esbuild.build({
    ...COMMON,
    entryPoints: [join(ROOT, 'lib/browser_bundle.ts')],
    outfile: bundle,
    minify: true,
    // tfjs-core and the backends, not all of @tensorflow/tfjs: layers, converter
    // and data are ~0.5 MB minified that the library never calls.
    alias: { '@tensorflow/tfjs': './scripts/tfjs_core_shim.ts' },
    // tfjs inside makes its map ~8 MB, too much to ship; the library build keeps its map.
    sourcemap: false,
  });
  return { library, bundle, wasm: copyWasm(), libraryMeta: lib.metafile! };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const built = await buildBrowser();
  for (const file of [built.library, built.bundle, ...built.wasm]) console.log(`built ${file.slice(ROOT.length + 1)}`);
}
