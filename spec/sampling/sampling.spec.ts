import { describe, expect, it } from 'vitest';

import { Rng, gridPoints, samplePoints } from '../../lib/index.js';
import { unitSamples } from '../../lib/sampling/points.js';
import { sobolPoint } from '../../lib/sampling/sobol.js';

describe('sobolPoint', () => {
  it('matches PyTorch SobolEngine(scramble=False) (Joe-Kuo directions, Gray-code order)', () => {
    // torch.quasirandom.SobolEngine(6, scramble=False).draw(8), float64.
    const torch = [
      [0, 0, 0, 0, 0, 0],
      [0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25, 0.25, 0.75, 0.75],
      [0.25, 0.75, 0.75, 0.75, 0.25, 0.25],
      [0.375, 0.375, 0.625, 0.875, 0.375, 0.125],
      [0.875, 0.875, 0.125, 0.375, 0.875, 0.625],
      [0.625, 0.125, 0.875, 0.625, 0.625, 0.875],
      [0.125, 0.625, 0.375, 0.125, 0.125, 0.375],
    ];
    torch.forEach((row, i) => expect(sobolPoint(i, 6)).toEqual(row));
  });

  it('puts one point in each of the 2^m elementary intervals of every dimension, shifted or not', () => {
    const rng = new Rng(3);
    const cursor = { index: 0, shift: [] as number[] };
    const cols = unitSamples(4, 256, 'sobol', rng, cursor);
    for (const col of cols) {
      const bins = new Array(256).fill(0);
      col.forEach((v) => bins[Math.floor(v * 256)]++);
      expect(bins.every((b) => b === 1)).toBe(true);
    }
    expect(cursor.index).toBe(256);
  });

  it('rejects dimensions it has no direction numbers for', () => {
    expect(() => sobolPoint(0, 11)).toThrow("Argument 'dims' passed to 'sobolPoint' must be an integer in 1..10, but got 11.");
  });
});

describe('Latin hypercube and uniform sampling', () => {
  it('LHS puts exactly one point in each of the n strata of every dimension', () => {
    const cols = unitSamples(3, 100, 'lhs', new Rng(1), { index: 0, shift: [] });
    for (const col of cols) {
      const strata = new Set(Array.from(col, (v) => Math.floor(v * 100)));
      expect(strata.size).toBe(100);
    }
  });

  it('uniform samples have the mean and variance of U(0,1) within 4 standard errors', () => {
    const [col] = unitSamples(1, 20000, 'uniform', new Rng(5), { index: 0, shift: [] });
    const mean = col.reduce((a, b) => a + b) / col.length;
    const variance = col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / 20000));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.003);
  });

  it('a resumed generator draws what the uninterrupted one draws', () => {
    const a = new Rng(9);
    for (let i = 0; i < 10; i++) a.next();
    const b = new Rng(a.state());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(Array.from({ length: 5 }, () => a.next()));
  });
});

describe('samplePoints and gridPoints', () => {
  it('scales to the box and pins face inputs', () => {
    const p = samplePoints({ x: [-1, 1], t: [0, 2] }, 64, 'sobol', new Rng(1), { index: 0, shift: [] }, { x: 1 });
    expect(p.x.every((v) => v === 1)).toBe(true);
    expect(p.t.every((v) => v >= 0 && v < 2)).toBe(true);
  });

  it('lays a grid with the first input fastest and both ends included', () => {
    const g = gridPoints({ x: [0, 1], t: [0, 2] }, { x: 3, t: 2 });
    expect(Array.from(g.x)).toEqual([0, 0.5, 1, 0, 0.5, 1]);
    expect(Array.from(g.t)).toEqual([0, 0, 0, 2, 2, 2]);
  });
});
