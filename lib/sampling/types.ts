import type * as tf from '@tensorflow/tfjs';

/** Named [N,1] columns, one per input, e.g. `{x, t}`. */
export type Columns = Record<string, tf.Tensor2D>;

/** Named plain coordinates, one Float64Array of N values per input. */
export type Points = Record<string, Float64Array>;

/** A closed interval [lo, hi]. */
export type Interval = readonly [number, number];
