import Papa from 'papaparse';

import { checkKeys } from '../internals/index.js';
import { exactInteger } from './npy.js';
import { Table } from './types.js';

/** Options of {@link parseCsv}. */
export interface CsvOptions {
  /**
   * Whether the first row names the columns. 'auto': it does when any of its
   * cells is not a number. Without a header the columns are named c0, c1, ...
   * @default 'auto'
   */
  header?: boolean | 'auto';
  /** Field delimiter; empty lets the parser guess among , ; tab and |. @default '' */
  delimiter?: string;
}

const CSV_KEYS = ['header', 'delimiter'];

/** A decimal number as NumPy's loadtxt reads one: no hex, binary or octal (Number('0x10') is 16), no Infinity or NaN. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** An integer literal: read exactly or refused, like a 64-bit integer in a .npy or .mat file. */
const INTEGER = /^[+-]?\d+$/;

/**
 * Parses CSV text (papaparse) into numeric columns. Every cell must be a
 * finite decimal number: an empty cell, text, NaN, Infinity, a hex or binary
 * literal, or an integer a float64 cannot hold exactly (beyond 2^53) is an
 * error naming the row and column, as are rows with a different number of
 * fields and a header naming a column twice or not at all.
 *
 * @example
 * const t = parseCsv('x,t,u\n0,0,1\n0.5,0,0.7\n');
 * t.columns.u; // Float64Array [1, 0.7]
 */
export function parseCsv(text: string, options: CsvOptions = {}): Table {
  if (typeof text !== 'string') throw new Error(`Argument 'text' passed to 'parseCsv' must be a string, but got ${typeof text}.`);
  if (options === null || typeof options !== 'object') throw new Error(`Argument 'options' passed to 'parseCsv' must be an object, but got ${JSON.stringify(options)}.`);
  checkKeys(options, CSV_KEYS, "options passed to 'parseCsv'");
  const header = options.header ?? 'auto';
  if (header !== true && header !== false && header !== 'auto') throw new Error(`Option 'header' passed to 'parseCsv' must be true, false or 'auto', but got ${JSON.stringify(header)}.`);
  const delimiter = options.delimiter ?? '';
  if (typeof delimiter !== 'string') throw new Error(`Option 'delimiter' passed to 'parseCsv' must be a string, but got ${JSON.stringify(delimiter)}.`);
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: 'greedy', dynamicTyping: false });
  const bad = parsed.errors.find((e) => e.type !== 'Delimiter');
  if (bad) throw new Error(`CSV text passed to 'parseCsv' is malformed at row ${(bad.row ?? 0) + 1}: ${bad.message}.`);
  const rows = parsed.data.map((r) => r.map((c) => c.trim()));
  if (rows.length === 0) throw new Error(`CSV text passed to 'parseCsv' holds no rows.`);
  const isNumber = (c: string) => DECIMAL.test(c) && Number.isFinite(Number(c));
  const hasHeader = header === 'auto' ? !rows[0].every(isNumber) : header;
  const names = hasHeader ? rows[0] : rows[0].map((_, j) => `c${j}`);
  const dup = names.find((n, j) => names.indexOf(n) !== j);
  if (dup !== undefined) throw new Error(`CSV header names column '${dup}' twice.`);
  const unnamed = names.indexOf('');
  if (unnamed >= 0) throw new Error(`CSV header names no column ${unnamed + 1} (an empty name).`);
  const body = hasHeader ? rows.slice(1) : rows;
  const first = hasHeader ? 2 : 1;
  const columns: Record<string, Float64Array> = Object.fromEntries(names.map((n) => [n, new Float64Array(body.length)]));
  body.forEach((row, i) => {
    if (row.length !== names.length) throw new Error(`CSV row ${i + first} has ${row.length} fields, but the ${hasHeader ? 'header' : 'first row'} has ${names.length}.`);
    row.forEach((cell, j) => {
      const v = Number(cell);
      if (!isNumber(cell)) throw new Error(`CSV row ${i + first}, column '${names[j]}': expected a finite number, but got ${JSON.stringify(cell)}.`);
      columns[names[j]][i] = Math.abs(v) >= 2 ** 53 && INTEGER.test(cell) ? exactInteger(BigInt(cell), "CSV text passed to 'parseCsv'", `row ${i + first}, column '${names[j]}'`, 'integer') : v;
    });
  });
  return { names, columns, rows: body.length };
}
