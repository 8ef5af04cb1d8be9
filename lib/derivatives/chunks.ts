import * as tf from '@tensorflow/tfjs';

/** Rows per probe chunk, from which the chunk size for a memory budget is measured. */
export const PROBE_ROWS = 1024;

/** One evaluation over a block of rows: its results and the bytes it held at its peak. */
export type ChunkEvaluator = (start: number, size: number) => { outputs: tf.Tensor[]; bytes: number };

/**
 * Evaluates rows [0, n) in chunks and concatenates each result along axis 0.
 *
 * Correct only for pointwise computations (row i of every result depends on
 * row i of the inputs alone), which is also what makes the sum trick exact.
 * With no fixed chunk size, a probe chunk measures bytes per row and the rest
 * is cut to fit `memoryBudget`.
 */
export function evaluateInChunks(n: number, evaluate: ChunkEvaluator, chunkSize: number | undefined, memoryBudget: number): tf.Tensor[] {
  if (chunkSize === undefined && n <= 4 * PROBE_ROWS) return evaluate(0, n).outputs;
  const pieces: tf.Tensor[][] = [];
  let start = 0;
  let size = chunkSize ?? PROBE_ROWS;
  try {
    while (start < n) {
      const rows = Math.min(size, n - start);
      const { outputs, bytes } = evaluate(start, rows);
      pieces.push(outputs);
      if (chunkSize === undefined && start === 0) {
        size = Math.max(PROBE_ROWS, Math.floor(memoryBudget / Math.max(bytes / rows, 1)));
      }
      start += rows;
    }
  } catch (error) {
    pieces.flat().forEach((t) => t.dispose());
    throw error;
  }
  if (pieces.length === 1) return pieces[0];
  const joined = pieces[0].map((_, i) => tf.concat(pieces.map((p) => p[i]), 0));
  pieces.flat().forEach((t) => t.dispose());
  return joined;
}

/** Rows [start, start + size) of a [N,1] column. */
export function sliceRows(t: tf.Tensor2D, start: number, size: number): tf.Tensor2D {
  return start === 0 && size === t.shape[0] ? t : tf.slice(t, [start, 0], [size, 1]);
}
