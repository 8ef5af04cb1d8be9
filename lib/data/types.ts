/**
 * A numeric array read from a file: `data` holds the values in row-major
 * (C) order whatever the file's order, `shape` their dimensions; complex
 * arrays carry their imaginary parts in `imag` (same layout).
 */
export interface NdArray {
  /** The dimensions, outermost first, as the file states them. */
  shape: number[];
  /** The values (real parts) in row-major order. */
  data: Float64Array;
  /** The imaginary parts of a complex array, in the layout of `data`; absent for a real array. */
  imag?: Float64Array;
}

/** Named numeric columns of a table (a CSV file), each `rows` long, in file order. */
export interface Table {
  /** The column names, in file order. */
  names: string[];
  /** Each column's values by its name. */
  columns: Record<string, Float64Array>;
  /** Rows of data (the header not counted). */
  rows: number;
}
