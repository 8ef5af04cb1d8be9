// Page-side half of spec/browser/gradients.spec.ts, bundled with tfjs by esbuild.
// Stock tfjs's gradient configs are read first: the library's registration below replaces them.
import { STOCK_GRADIENTS, WATCHED_KERNELS } from '../stock_gradients.js';

import * as tf from '@tensorflow/tfjs';

import { REPAIRED_GRADIENTS } from '../../../lib/gradients/index.js';
import { compareWithStock, forwardRuns, gradientCases, gradientsOf, kernelsHit } from '../gradient_matrix.js';

/** What one run of the matrix found on one backend; plain JSON for the spec. */
export interface MatrixReport {
  backend: string;
  cases: number;
  /** Cases where the library's gradient is not stock's, with why. */
  failures: { name: string; why: string }[];
  /** Cases that never reached the gradient of the kernel they name. */
  missed: string[];
  /** Kernels the library registers and the matrix has no case for. */
  uncovered: string[];
  /** Whether the configs compared against were stock's (read before the library registered). */
  stockIsStock: boolean;
  /** Tensors left behind by the library's gradients, over the cases where they work. */
  leaked: number;
}

/** The gradient matrix on `backend` (webgl, cpu, ...): library against stock, case by case. */
export async function run(backend: string, tolerance: number): Promise<MatrixReport> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend '${backend}' did not start in this page`);
  await tf.ready();
  const cases = gradientCases();
  const failures: { name: string; why: string }[] = [];
  let leaked = 0;
  for (const c of cases) {
    const why = compareWithStock(c, STOCK_GRADIENTS, REPAIRED_GRADIENTS, tolerance);
    if (why !== undefined) failures.push({ name: c.name, why });
    // tfjs leaks the tape's saved tensors when a gradient throws, so only working gradients are counted.
    const before = tf.memory().numTensors;
    if (gradientsOf(c, c.f, REPAIRED_GRADIENTS).error === undefined) leaked += tf.memory().numTensors - before;
  }
  const missed = cases.filter((c) => forwardRuns(c) && !kernelsHit(c, REPAIRED_GRADIENTS).has(c.kernel)).map((c) => c.name);
  const covered = new Set(cases.map((c) => c.kernel));
  const registered = REPAIRED_GRADIENTS.map((c) => c.kernelName);
  return {
    backend: tf.getBackend(),
    cases: cases.length,
    failures,
    missed,
    uncovered: registered.filter((k) => !covered.has(k) || !WATCHED_KERNELS.includes(k)),
    stockIsStock: STOCK_GRADIENTS.every((c) => !REPAIRED_GRADIENTS.includes(c)),
    leaked,
  };
}
