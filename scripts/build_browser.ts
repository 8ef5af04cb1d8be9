// Builds the browser outputs with esbuild (run after tsc by `npm run build`):
//   dist/browser/tfjs-pinn.js         ESM library for bundlers, tfjs and other dependencies external
//   dist/browser/tfjs-pinn.bundle.js  standalone ES module with tfjs-core and its backends inside, also exporting `tf`
//   dist/browser/tfjs-pinn.worker.js  module worker of trainInWorker; loads ./tfjs-pinn.bundle.js at run time
//   dist/browser/tfjs-pinn.webgpu.js, tfjs-pinn.wasm-backend.js
//                                     tfjs's webgpu and wasm backends, imported by the bundle only when that
//                                     backend is started; they take tfjs-core from ./tfjs-pinn.bundle.js
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
  /** The module worker of trainInWorker. */
  worker: string;
  /** The webgpu and wasm backends, loaded by the bundle on demand. */
  lazy: string[];
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

/** The backends the bundle loads on demand, and the file beside it each becomes. */
const LAZY_BACKENDS: Record<string, string> = {
  '@tensorflow/tfjs-backend-webgpu': 'tfjs-pinn.webgpu.js',
  '@tensorflow/tfjs-backend-wasm': 'tfjs-pinn.wasm-backend.js',
};

/** The bundle's dynamic imports of those backends become the files beside it. */
const lazyBeside: esbuild.Plugin = {
  name: 'lazy-backends-beside',
  setup: (build) => build.onResolve({ filter: /^@tensorflow\/tfjs-backend-(webgpu|wasm)$/ }, (args) => {
    if (args.kind !== 'dynamic-import') throw new Error(`${args.importer} imports ${args.path} statically; only lib/backend/*_loader.ts may, dynamically.`);
    return { path: `./${LAZY_BACKENDS[args.path]}`, external: true };
  }),
};

/**
 * The webgpu backend's imports of tfjs-core become the bundle's own tfjs-core (its `tf` export holds
 * every tfjs-core export), so the backend registers with the engine the library uses.
 */
async function coreFromBundle(): Promise<esbuild.Plugin> {
  const names = Object.keys(await import('@tensorflow/tfjs-core')).filter((k) => k !== 'default');
  const contents = `import { tf } from './tfjs-pinn.bundle.js';\nexport const { ${names.join(', ')} } = tf;\n`;
  return {
    name: 'core-from-bundle',
    setup: (build) => {
      build.onResolve({ filter: /^@tensorflow\/tfjs-core$/ }, () => ({ path: 'tfjs-core', namespace: 'core-from-bundle' }));
      build.onResolve({ filter: /^@tensorflow\/tfjs-core\// }, (args) => {
        throw new Error(`the webgpu backend imports ${args.path}, which the bundle does not export`);
      });
      build.onResolve({ filter: /^\.\/tfjs-pinn\.bundle\.js$/ }, () => ({ path: './tfjs-pinn.bundle.js', external: true }));
      build.onLoad({ filter: /.*/, namespace: 'core-from-bundle' }, () => ({ contents, loader: 'js', resolveDir: ROOT }));
    },
  };
}

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
    plugins: [lazyBeside],
  });
  const core = await coreFromBundle();
  const lazy: string[] = [];
  for (const [pkg, file] of Object.entries(LAZY_BACKENDS)) {
    lazy.push(join(BROWSER_DIST, file));
    await esbuild.build({
      ...COMMON,
      stdin: { contents: `export * from '${pkg}';`, resolveDir: ROOT, sourcefile: `${file}.entry.js` },
      outfile: lazy.at(-1),
      minify: true,
      sourcemap: false,
      plugins: [core],
    });
  }
  // The worker takes the library from the standalone bundle beside it, not a second copy of tfjs.
  const bundleBeside: esbuild.Plugin = {
    name: 'bundle-beside',
    setup: (build) => build.onResolve({ filter: /\/browser_bundle\.js$/ }, () => ({ path: './tfjs-pinn.bundle.js', external: true })),
  };
  const worker = join(BROWSER_DIST, 'tfjs-pinn.worker.js');
  await esbuild.build({ ...COMMON, entryPoints: [join(ROOT, 'lib/worker/worker.ts')], outfile: worker, plugins: [bundleBeside] });
  return { library, bundle, worker, lazy, wasm: copyWasm(), libraryMeta: lib.metafile! };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const built = await buildBrowser();
  for (const file of [built.library, built.bundle, built.worker, ...built.lazy, ...built.wasm]) console.log(`built ${file.slice(ROOT.length + 1)}`);
}
