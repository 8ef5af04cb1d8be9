import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';

import { NdArray, dataCondition, meshData, parseCsv, parseMat, parseNpy, parseNpz } from '../../lib/index.js';
import { readDataFile } from '../../lib/node/index.js';

// Fixtures written by NumPy/SciPy (spec/fixtures/data/make_fixtures.py); expected.json holds their values.
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

describe('dataCondition and meshData', () => {
  const mat = parseMat(bytes('small.mat'));
  const obs = meshData({ x: mat.x, t: mat.t }, mat.usol);

  it('flattens a grid row-major: point k = (x[i], t[j]) with u = usol[i][j]', () => {
    expect(obs.values.length).toBe(12);
    expect(obs.points.x[5]).toBe(expected.x[1][0]);
    expect(obs.points.t[5]).toBe(expected.t[0][1]);
    expect(obs.values[5]).toBe((expected.usol as number[][])[1][1]);
  });

  it('sub-samples without replacement and adds seeded noise of the asked size', () => {
    const c = dataCondition({ ...obs, sample: 5, seed: 3 });
    expect(c.kind).toBe('data');
    expect(c.values.length).toBe(5);
    expect(new Set(c.points.x.map((x, i) => `${x},${c.points.t[i]}`)).size).toBe(5);
    c.values.forEach((v, i) => {
      const k = Array.from(obs.values).findIndex((_, j) => obs.points.x[j] === c.points.x[i] && obs.points.t[j] === c.points.t[i]);
      expect(v).toBe(obs.values[k]);
    });
    expect(dataCondition({ ...obs, sample: 5, seed: 3 })).toEqual(c);
    // Noise: a fraction of the standard deviation; measure it on many points.
    const n = 20000;
    const big = { points: { x: new Float64Array(n).fill(0.5) }, values: Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1 : 1)) };
    const noisy = dataCondition({ ...big, noise: 0.1 });
    const diff = noisy.values.map((v, i) => v - big.values[i]);
    const rms = Math.sqrt(diff.reduce((a, b) => a + b * b, 0) / n);
    expect(Math.abs(rms - 0.1)).toBeLessThan(0.005); // std of the values is 1
    expect(dataCondition({ ...big, noise: 0.1 }).values).toEqual(noisy.values);
  });

  it('refuses NaN, mismatched lengths and shapes, points outside the domain and bad options', () => {
    expect(() => dataCondition({ points: { x: [0, 1] }, values: [1, NaN] })).toThrow(`Option 'values' passed to 'dataCondition' holds NaN at index 1; observed data must be finite (drop or fill such points first).`);
    expect(() => dataCondition({ points: { x: [0, NaN] }, values: [1, 2] })).toThrow(/Option 'points\.x' passed to 'dataCondition' holds NaN at index 1/);
    expect(() => dataCondition({ points: { x: [0, 1, 2] }, values: [1, 2] })).toThrow(`Option 'points.x' passed to 'dataCondition' has 3 coordinates, but 'values' has 2; they must match one to one.`);
    expect(() => dataCondition({ ...obs, domain: { x: [-1, 1], t: [0, 0.5] } })).toThrow(`Option 'points.t' passed to 'dataCondition': point 3 has t = 0.75, outside the domain [0, 0.5].`);
    expect(() => dataCondition({ ...obs, domain: { x: [-1, 1] } })).toThrow(/must have one column per domain input \[x\], but has \[x, t\]/);
    expect(() => dataCondition({ ...obs, sample: 13 })).toThrow(/Option 'sample' passed to 'dataCondition' must be an integer in \[1, 12\]/);
    expect(() => dataCondition({ ...obs, noise: -0.1 })).toThrow(/Option 'noise' passed to 'dataCondition' must be a number >= 0/);
    expect(() => dataCondition({ ...obs, nosie: 0.1 } as never)).toThrow(/Unknown key 'nosie'.*Did you mean 'noise'\?/);
    expect(() => meshData({ t: mat.t, x: mat.x }, mat.usol)).toThrow(`Argument 'values' passed to 'meshData' has shape [3,4], but the axes (t, x) need [4,3]; transpose the array or reorder the axes.`);
    expect(() => meshData({ x: mat.usol, t: mat.t }, mat.usol)).toThrow(/Argument 'axes\.x' passed to 'meshData' must be a vector/);
  });
});

describe('readDataFile', () => {
  it('reads each format by extension and names the file in errors', async () => {
    expect((await readDataFile(`${DIR}/small.csv`)).rows).toBe(12);
    expect((await readDataFile(`${DIR}/small.npy`)).shape).toEqual([3, 4]);
    expect(Object.keys(await readDataFile(`${DIR}/small.npz`)).sort()).toEqual(['t', 'usol', 'x']);
    expect((await readDataFile('data/raissi/burgers_shock.mat')).usol.shape).toEqual([256, 100]);
    await expect(readDataFile(`${DIR}/missing.mat`)).rejects.toThrow(/Cannot read data file .*missing\.mat \(ENOENT\)/);
    await expect(readDataFile(`${DIR}/make_fixtures.py`)).rejects.toThrow(/must end in \.csv, \.txt, \.npy, \.npz or \.mat/);
  });
});
