// Observed data: browser-safe parsers of bytes and strings, and the data condition built from them.
export { dataCondition, meshData } from './condition.js';
export type { DataConditionOptions, Observations } from './condition.js';
export { parseCsv } from './csv.js';
export type { CsvOptions } from './csv.js';
export { parseMat } from './mat.js';
export { parseNpy, parseNpz } from './npy.js';
export type { Bytes } from './npy.js';
export type { NdArray, Table } from './types.js';
