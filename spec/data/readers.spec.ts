import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';

import { NdArray, parseCsv, parseMat, parseNpy, parseNpz } from '../../lib/index.js';

// Fixtures written by NumPy/SciPy (scripts/fixtures/data_files.py); expected.json holds their values.
const DIR = 'spec/fixtures/data';
const expected = JSON.parse(readFileSync(`${DIR}/expected.json`, 'utf8')) as Record<string, number[][] | number[][][]>;
const bytes = (name: string) => readFileSync(`${DIR}/${name}`);
const flat = (a: unknown): number[] => (Array.isArray(a) ? a.flatMap(flat) : [a as number]);
const shapeOf = (a: unknown): number[] => (Array.isArray(a) ? [a.length, ...shapeOf(a[0])] : []);

function expectArray(got: NdArray, want: number[][] | number[][][], tol = 0): void {
  expect(got.shape).toEqual(shapeOf(want));
  const w = flat(want);
  expect(got.data.length).toBe(w.length);
  got.data.forEach((v, i) => expect(Math.abs(v - w[i])).toBeLessThanOrEqual(tol));
}

describe('parseMat on files written by scipy.io.savemat', () => {
  for (const file of ['small.mat', 'small_compressed.mat']) {
    it(`reads every numeric class, shapes and complex parts (${file})`, () => {
      const m = parseMat(bytes(file));
      expectArray(m.x, expected.x as number[][]);
      expectArray(m.t, expected.t as number[][]);
      expectArray(m.usol, expected.usol as number[][]);
      expectArray(m.counts, expected.counts as number[][]);
      expectArray(m.single, expected.single as number[][]);
      expectArray(m.cube, expected.cube as number[][][]);
      expect(Array.from(m.z.data)).toEqual(flat(expected.z_real));
      expect(Array.from(m.z.imag!)).toEqual(flat(expected.z_imag));
      // char, struct and cell variables are left out, not mangled.
      expect(Object.keys(m).sort()).toEqual(['counts', 'cube', 'single', 't', 'usol', 'x', 'z']);
    });
  }

  it('reads the real burgers_shock.mat (x [256,1], t [100,1], usol [256,100])', () => {
    const m = parseMat(readFileSync('data/raissi/burgers_shock.mat'), 'burgers_shock.mat');
    expect(m.x.shape).toEqual([256, 1]);
    expect(m.t.shape).toEqual([100, 1]);
    expect(m.usol.shape).toEqual([256, 100]);
    expect(m.x.data[0]).toBe(-1);
    expect(m.x.data[255]).toBe(1);
    expect(m.t.data[99]).toBeCloseTo(0.99, 12);
    // u(0, x) = -sin(pi x): usol[i][0] in row-major order is at i * 100.
    let worst = 0;
    for (let i = 0; i < 256; i++) worst = Math.max(worst, Math.abs(m.usol.data[i * 100] + Math.sin(Math.PI * m.x.data[i])));
    expect(worst).toBeLessThan(1e-6);
  });

  it('refuses cut-off, non-MAT and v7.3 files with a message naming the file', () => {
    const b = bytes('small.mat');
    expect(() => parseMat(b.subarray(0, 300), 'cut.mat')).toThrow(/cut\.mat is not a readable MATLAB Level 5 file: .*cut off/);
    expect(() => parseMat(new TextEncoder().encode('x,t\n'.repeat(40)), 'a.csv')).toThrow(/a\.csv is not a MATLAB Level 5 file/);
    const v73 = new Uint8Array(b);
    v73.set(new TextEncoder().encode('MATLAB 7.3 MAT-file'), 0);
    expect(() => parseMat(v73, 'h.mat')).toThrow(/h\.mat is a MATLAB v7\.3 \(HDF5\) file/);
    expect(() => parseMat('abc' as never)).toThrow(/Argument 'bytes' passed to 'parseMat' must be an ArrayBuffer or a Uint8Array/);
  });
});

describe('parseNpy and parseNpz on files written by NumPy', () => {
  it('reads float64, Fortran-ordered float32, int64 and complex arrays in row-major order', () => {
    expectArray(parseNpy(bytes('small.npy')), expected.usol as number[][]);
    expectArray(parseNpy(bytes('fortran.npy')), expected.usol as number[][], 1e-7);
    expectArray(parseNpy(bytes('ints.npy')), expected.counts as number[][]);
    const z = parseNpy(bytes('complex.npy'));
    expect(Array.from(z.data)).toEqual(flat(expected.z_real));
    expect(Array.from(z.imag!)).toEqual(flat(expected.z_imag));
  });

  it('reads .npz archives, stored and deflated', () => {
    for (const file of ['small.npz', 'small_compressed.npz']) {
      const z = parseNpz(bytes(file));
      expect(Object.keys(z).sort()).toEqual(['t', 'usol', 'x']);
      expectArray(z.usol, expected.usol as number[][]);
      expectArray(z.t, expected.t as number[][]);
    }
  });

  it('refuses cut-off, non-npy, big-endian and string arrays, naming the data', () => {
    const b = bytes('small.npy');
    expect(() => parseNpy(b.subarray(0, b.length - 8), 'a.npy')).toThrow(/a\.npy (holds 11 values, but its shape \[3,4\] needs 12|could not be read)/);
    expect(() => parseNpy(new Uint8Array(16), 'b.npy')).toThrow(/b\.npy is not a NumPy \.npy file/);
    const big = new Uint8Array(b);
    big.set(new TextEncoder().encode('>'), new TextDecoder().decode(b.subarray(0, 80)).indexOf('<f8'));
    expect(() => parseNpy(big, 'c.npy')).toThrow(/c\.npy is big-endian \(dtype '>f8'\)/);
    const strings = new Uint8Array(b);
    strings.set(new TextEncoder().encode('<U2'), new TextDecoder().decode(b.subarray(0, 80)).indexOf('<f8'));
    expect(() => parseNpy(strings, 'd.npy')).toThrow(/d\.npy has dtype '<U2'; only integer, float and complex arrays/);
    expect(() => parseNpz(zipSync({ 'readme.txt': new Uint8Array(3) }), 'e.npz')).toThrow(/e\.npz holds no \.npy arrays/);
    expect(() => parseNpz(new Uint8Array(10), 'f.npz')).toThrow(/f\.npz is not a readable \.npz \(zip\) archive/);
  });
});

describe('parseCsv', () => {
  it('reads the fixture with its header', () => {
    const t = parseCsv(bytes('small.csv').toString());
    expect(t.names).toEqual(['x', 't', 'u']);
    expect(t.rows).toBe(12);
    expect(Array.from(t.columns.u)).toEqual(flat(expected.usol));
  });

  it('names headerless columns c0, c1, ... and takes other delimiters', () => {
    const t = parseCsv('1;2\n3;4\n', { delimiter: ';' });
    expect(t.names).toEqual(['c0', 'c1']);
    expect(Array.from(t.columns.c1)).toEqual([2, 4]);
  });

  it('refuses NaN, text, empty cells, ragged rows and unknown options, naming row and column', () => {
    expect(() => parseCsv('x,u\n0,1\n1,NaN\n')).toThrow(`CSV row 3, column 'u': expected a finite number, but got "NaN".`);
    expect(() => parseCsv('x,u\n0,\n')).toThrow(`CSV row 2, column 'u': expected a finite number, but got "".`);
    expect(() => parseCsv('x,u\n0,1,2\n')).toThrow(/CSV row 2 has 3 fields, but the header has 2/);
    expect(() => parseCsv('x,u\n', { headers: true } as never)).toThrow(/Unknown key 'headers' in options passed to 'parseCsv'.*Did you mean 'header'\?/);
  });
});
