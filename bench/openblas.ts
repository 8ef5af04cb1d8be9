// `npm run bench -- --openblas`: the tfjs-pinn side's fused-kernel products on the system's OpenBLAS (useOpenBlas in
// lib/node/openblas.ts). The parent sets this variable; each child process that times tfjs-pinn installs it after
// its backend, so both sides of a ratio then run their products on the same BLAS.
import { useOpenBlas } from '../lib/node/index.js';

/** The environment variable that asks the bench's tfjs-pinn children for OpenBLAS products. */
export const OPENBLAS_ENV = 'TFJS_PINN_BENCH_OPENBLAS';

/** In a child: installs OpenBLAS when the parent asked for it; returns its description, or null. */
export function openBlasFromEnv(): string | null {
  return process.env[OPENBLAS_ENV] === '1' ? useOpenBlas() : null;
}
