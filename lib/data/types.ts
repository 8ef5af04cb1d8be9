/**
 * A numeric array read from a file: `data` holds the values in row-major
 * (C) order whatever the file's order, `shape` their dimensions; complex
 * arrays carry their imaginary parts in `imag` (same layout).
 */
export interface NdArray {
  shape: number[];
  data: Float64Array;
  imag?: Float64Array;
}

/** Named numeric columns of a table (a CSV file), each `rows` long, in file order. */
export interface Table {
  names: string[];
  columns: Record<string, Float64Array>;
  rows: number;
}
