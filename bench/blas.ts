import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The BLAS a PyTorch process calls, as bench/torch_blas.py reports it. */
export interface TorchBlas {
  /** 'openblas', 'mkl', 'blis', 'atlas', 'flexiblas', 'reference' (netlib) or 'unknown'. */
  kind: string;
  /** One line for the header, e.g. 'OpenBLAS 0.3.21 (pthread, 1 thread, SkylakeX kernels)'. */
  name: string;
  /** The library file sgemm_ comes from. */
  path: string | null;
  threads: number | null;
}

/** BLAS kinds whose float32 matrix products are optimised: ratios against them are fair. */
export const OPTIMISED_BLAS = ['openblas', 'mkl', 'blis', 'atlas'];

/**
 * The environment every PyTorch process of the bench runs in: one OpenBLAS thread (torch.set_num_threads does
 * not reach OpenBLAS's own pool, which Debian's openblas-pthread starts with one thread per core), `threadCount`
 * OpenMP threads (one, as the single-threaded tfjs side, unless the all-cores row), and glibc's malloc in the steady state a long training
 * loop reaches (it hands PyTorch's MB-sized tensors to fresh mmap pages and unmaps them on free, so every run
 * page-faults anew until its dynamic threshold adapts: order 6 at N = 10,000 took 11 s per run for several
 * runs, then 0.55 s), unless `defaultMalloc`.
 *
 * @example
 * spawnSync('/usr/bin/python3', ['bench/torch_blas.py'], { env: torchEnv(process.env, false) });
 */
export function torchEnv(base: NodeJS.ProcessEnv, defaultMalloc: boolean, threadCount = 1): NodeJS.ProcessEnv {
  const n = String(threadCount);
  // OpenBLAS stays at one thread even when PyTorch has several: PyTorch parallelises with its own OpenMP pool, and
  // Debian's openblas-pthread pool on top of it oversubscribes the cores (2 threads each on 2 cores: the Burgers
  // recipe's PyTorch side took 129 s instead of 31 s; 14.6 s against 4.2 s on a 300 + 300-step plan).
  const threads = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: n, MKL_NUM_THREADS: n };
  const malloc = defaultMalloc ? {} : { MALLOC_MMAP_THRESHOLD_: '4294967296', MALLOC_TRIM_THRESHOLD_: '4294967296' };
  return { ...base, ...threads, ...malloc };
}

/**
 * Asks a PyTorch process (same python, same environment as the bench's) which BLAS it calls.
 * Returns the reason instead when it cannot tell.
 *
 * @example
 * const blas = probeTorchBlas('/usr/bin/python3', root, torchEnv(process.env, false));
 * if (typeof blas !== 'string') console.log(blas.name);
 */
export function probeTorchBlas(python: string, root: string, env: NodeJS.ProcessEnv): TorchBlas | string {
  const r = spawnSync(python, [join(root, 'bench', 'torch_blas.py')], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  const line = r.stdout?.trim().split('\n').pop();
  if (r.status !== 0 || !line) return `bench/torch_blas.py failed: ${(r.error?.message ?? r.stderr ?? '').trim().split('\n').pop() || `exit ${r.status}`}`;
  try {
    return JSON.parse(line) as TorchBlas;
  } catch {
    return `bench/torch_blas.py printed no JSON: ${line.slice(0, 200)}`;
  }
}

/** Whether the bench may print ratios to PyTorch, and the header line that says why. */
export interface BlasVerdict {
  ratios: boolean;
  line: string;
}

/**
 * The bench's rule: ratios to PyTorch only when its BLAS is an optimised one, or when the user allows the
 * reference BLAS; the header line names the BLAS either way and says how to get an optimised one.
 *
 * @example
 * blasVerdict({ kind: 'reference', name: 'reference BLAS (netlib)', path: '/usr/lib/x86_64-linux-gnu/blas/libblas.so.3', threads: null }, false).ratios; // false
 */
export function blasVerdict(blas: TorchBlas | string, allowReference: boolean): BlasVerdict {
  if (typeof blas === 'string') {
    return allowReference ? { ratios: true, line: `PyTorch BLAS: not identified (${blas}); ratios printed as --allow-reference-blas asks` } : { ratios: false, line: `PyTorch BLAS: not identified (${blas}); no ratios to PyTorch (--allow-reference-blas prints them anyway)` };
  }
  const where = blas.path ? ` (${blas.path})` : '';
  if (OPTIMISED_BLAS.includes(blas.kind)) return { ratios: true, line: `PyTorch BLAS: ${blas.name}${where}` };
  const why = `PyTorch's float32 matrix products run 2-3.5x slower on it than on OpenBLAS, so every ratio would flatter tfjs-pinn; Debian: apt-get install libopenblas0-serial (see docs/performance.md)`;
  return allowReference
    ? { ratios: true, line: `PyTorch BLAS: ${blas.name}${where}. WARNING: ratios printed against it as --allow-reference-blas asks: ${why}` }
    : { ratios: false, line: `PyTorch BLAS: ${blas.name}${where}. No ratios to PyTorch: ${why}. --allow-reference-blas prints them anyway.` };
}
