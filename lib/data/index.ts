// Observed data: browser-safe parsers of bytes and strings (the data condition built from them is in lib/pinn/problem).
export { parseCsv } from './csv.js';
export type { CsvOptions } from './csv.js';
export { parseMat } from './mat.js';
export { parseNpy, parseNpz } from './npy.js';
export type { Bytes } from './npy.js';
export type { NdArray, Table } from './types.js';
