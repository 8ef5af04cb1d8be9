import * as tf from '@tensorflow/tfjs';

/** Rows per probe chunk, from which the chunk size for a memory budget is measured. */
export const PROBE_ROWS = 1024;

/** Up to this many rows go in one piece when nothing is known of their cost yet. */
const UNPROBED_ROWS = 4 * PROBE_ROWS;

/** One evaluation over a block of rows: its results and the bytes it held at its peak. */
export type ChunkEvaluator = (start: number, size: number) => { outputs: tf.Tensor[]; bytes: number };

/** How to cut rows into chunks. */
export interface ChunkPlan {
  /** A fixed number of rows per chunk; overrides the rest. */
  chunkSize: number | undefined;
  /** Bytes one chunk may hold at its peak. */
  memoryBudget: number;
  /** Bytes per row measured by an earlier evaluation of the same work, if any. */
  bytesPerRow: number | undefined;
}

/**
 * Evaluates rows [0, n) in chunks and concatenates each result along axis 0.
 * Returns the results and the bytes per row it measured, for the next call.
 *
 * Correct only for pointwise computations (row i of every result depends on
 * row i of the inputs alone), which is also what makes the sum trick exact.
 * With no fixed chunk size and no earlier measurement, a probe chunk measures
 * bytes per row and the rest is cut to fit `memoryBudget`. Every chunk repeats
 * every op, so chunks are as large as the budget allows.
 */
export function evaluateInChunks(n: number, evaluate: ChunkEvaluator, plan: ChunkPlan): { outputs: tf.Tensor[]; bytesPerRow: number } {
  // No rows: one evaluation of an empty block still checks u and gives [0,1] results.
  if (n === 0) return { outputs: evaluate(0, 0).outputs, bytesPerRow: 0 };
  const fit = (perRow: number) => Math.max(1, Math.floor(plan.memoryBudget / Math.max(perRow, 1)));
  let size = plan.chunkSize ?? (plan.bytesPerRow !== undefined ? fit(plan.bytesPerRow) : n <= UNPROBED_ROWS ? n : PROBE_ROWS);
  const pieces: tf.Tensor[][] = [];
  let bytesPerRow = 0;
  let start = 0;
  try {
    while (start < n) {
      const rows = Math.min(size, n - start);
      const { outputs, bytes } = evaluate(start, rows);
      pieces.push(outputs);
      bytesPerRow = Math.max(bytesPerRow, bytes / rows);
      if (plan.chunkSize === undefined) size = fit(bytesPerRow);
      start += rows;
    }
  } catch (error) {
    pieces.flat().forEach((t) => t.dispose());
    throw error;
  }
  if (pieces.length === 1) return { outputs: pieces[0], bytesPerRow };
  const joined = pieces[0].map((_, i) => tf.concat(pieces.map((p) => p[i]), 0));
  pieces.flat().forEach((t) => t.dispose());
  return { outputs: joined, bytesPerRow };
}

/**
 * Rows [start, start + size) of a [N,1] column, always as a new tensor (a
 * clone shares the data): each input is then its own leaf of the tape, even
 * when the caller passed one tensor under two names ({x: a, t: a}), which
 * would otherwise be differentiated by the shared tensor, not by each name.
 */
export function sliceRows(t: tf.Tensor2D, start: number, size: number): tf.Tensor2D {
  return start === 0 && size === t.shape[0] ? t.clone() : tf.slice(t, [start, 0], [size, 1]);
}
