import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { dataCondition, meshData, parseMat } from '../../../lib/index.js';

// Fixtures written by NumPy/SciPy (scripts/fixtures/data_files.py); expected.json holds their values.
const DIR = 'spec/fixtures/data';
const expected = JSON.parse(readFileSync(`${DIR}/expected.json`, 'utf8')) as Record<string, number[][] | number[][][]>;
const bytes = (name: string) => readFileSync(`${DIR}/${name}`);

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
