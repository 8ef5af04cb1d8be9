import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

import { CsvOptions, NdArray, Table, parseCsv, parseMat, parseNpy, parseNpz } from '../data/index.js';

async function bytesOf(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new Error(`Cannot read data file ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
}

/**
 * Reads observed data from a file by its extension: `.csv` gives a {@link Table},
 * `.npy` one {@link NdArray}, `.npz` and `.mat` their arrays by name.
 * Thin Node wrappers over the browser-safe parsers in lib/data.
 *
 * @example
 * const mat = await readDataFile('data/raissi/burgers_shock.mat');
 * mat.usol.shape; // [256, 100]
 */
export async function readDataFile(path: `${string}.mat` | `${string}.npz`): Promise<Record<string, NdArray>>;
export async function readDataFile(path: `${string}.npy`): Promise<NdArray>;
export async function readDataFile(path: `${string}.csv` | `${string}.txt`, csv?: CsvOptions): Promise<Table>;
export async function readDataFile(path: string, csv?: CsvOptions): Promise<Table | NdArray | Record<string, NdArray>>;
export async function readDataFile(path: string, csv: CsvOptions = {}): Promise<Table | NdArray | Record<string, NdArray>> {
  if (typeof path !== 'string') throw new Error(`Argument 'path' passed to 'readDataFile' must be a string, but got ${typeof path}.`);
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  const name = basename(path);
  switch (ext) {
    case 'csv':
    case 'txt':
      try {
        return parseCsv((await bytesOf(path)).toString(), csv);
      } catch (error) {
        throw new Error(`${name}: ${(error as Error).message}`);
      }
    case 'npy':
      return parseNpy(await bytesOf(path), name);
    case 'npz':
      return parseNpz(await bytesOf(path), name);
    case 'mat':
      return parseMat(await bytesOf(path), name);
    default:
      throw new Error(`Argument 'path' passed to 'readDataFile' must end in .csv, .txt, .npy, .npz or .mat, but got ${path}.`);
  }
}
