// The fused jet kernel's dense products on the system's OpenBLAS, and its activation loops in C, through an
// optional native addon, instead of the wasm backend's BatchMatMul and tfjs-pinn's WebAssembly loops: XNNPACK's
// 128-bit SIMD takes 2.7-2.8x OpenBLAS's time on the [4N,20] x [20,20] products of a Burgers step
// (docs/performance.md). Installed through the kernels' host-kernel hook, which lives below them.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { HostKernels, checkKeys, hostKernels, setHostKernels } from '../internals/index.js';
import { OPENBLAS_ADDON, packageRoot } from './openblas_build.js';

const HERE = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;

/** Options of {@link useOpenBlas}. */
export interface OpenBlasOptions {
  /** OpenBLAS threads (default 1: tfjs-pinn's kernels run on one core, and OpenBLAS's pool would otherwise take them all). */
  threads?: number;
  /** The addon file (default build/native/openblas_gemm.node of the package, made by {@link buildOpenBlas}). */
  addon?: string;
}

interface Addon extends HostKernels {
  setThreads(threads: number): void;
}

const loaded = new Map<string, Addon>();

function checkOptions(options: OpenBlasOptions): Required<OpenBlasOptions> {
  if (typeof options !== 'object' || options === null) throw new Error(`useOpenBlas: options must be an object, but got ${String(options)}.`);
  checkKeys(options, ['threads', 'addon'], 'useOpenBlas options');
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`useOpenBlas: threads must be a positive integer, but got ${String(options.threads)}.`);
  const addon = options.addon ?? join(packageRoot(), 'build', 'native', OPENBLAS_ADDON);
  if (typeof addon !== 'string') throw new Error(`useOpenBlas: addon must be a file path, but got ${typeof addon}.`);
  return { threads, addon };
}

/**
 * Runs the dense products of tfjs-pinn's fused Taylor kernels (every `partials` of an `MLP` on the wasm or cpu
 * backend, so every training step) on the system's OpenBLAS, and on wasm their activation loops (tanh, sigmoid,
 * sin, cos, exp) in C compiled for this machine, through a small native addon; returns what it loaded.
 * On the project's AMD EPYC machine a Burgers training step at 2,000 points went from 5.5 to 3.6 ms.
 * The results differ from the wasm backend's in the last bits (another summation order), so a training run is
 * reproducible only with the same setting. Build the addon first (`npm run build:native` here,
 * `npx tfjs-pinn build-openblas` in an installed package); without it this throws an Error saying how.
 * `parallelTrainer` started after it gives its worker threads the same setting.
 *
 * @example
 * import { initBackend } from 'tfjs-pinn';
 * import { useOpenBlas } from 'tfjs-pinn/node';
 * await initBackend('wasm');
 * console.log(useOpenBlas()); // 'OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH …, Cooperlake kernels, 1 thread(s)'
 */
export function useOpenBlas(options: OpenBlasOptions = {}): string {
  const { threads, addon } = checkOptions(options);
  let lib = loaded.get(addon);
  if (lib === undefined) {
    if (!existsSync(addon)) throw new Error(`useOpenBlas: the OpenBLAS addon ${addon} is not built; run 'npm run build:native' in the repository or 'npx tfjs-pinn build-openblas' where tfjs-pinn is installed (needs gcc and libopenblas-dev).`);
    try {
      lib = createRequire(HERE)(addon) as Addon;
    } catch (error) {
      throw new Error(`useOpenBlas: the addon ${addon} did not load (${(error as Error).message}); rebuild it on this machine ('npm run build:native').`);
    }
    loaded.set(addon, lib);
  }
  lib.setThreads(threads);
  setHostKernels(lib);
  settings = { threads, addon };
  return lib.describe();
}

let settings: Required<OpenBlasOptions> | null = null;

/**
 * The options of the OpenBLAS kernels in use in this thread, or null: `parallelTrainer`'s workers start with the
 * same (internal to the Node layer).
 */
export function openBlasSettings(): Required<OpenBlasOptions> | null {
  return settings !== null && hostKernels() === loaded.get(settings.addon) ? settings : null;
}

/**
 * Back to the backend's own products (XNNPACK on wasm), as before {@link useOpenBlas}.
 *
 * @example
 * useOpenBlas();
 * stopOpenBlas(); // the next step's products are the backend's again
 */
export function stopOpenBlas(): void {
  setHostKernels(null);
  settings = null;
}

/**
 * What runs the fused kernels' products now: the loaded OpenBLAS's description, or null for the backend's own.
 *
 * @example
 * openBlasInUse(); // null, until useOpenBlas()
 */
export function openBlasInUse(): string | null {
  return hostKernels()?.describe() ?? null;
}
