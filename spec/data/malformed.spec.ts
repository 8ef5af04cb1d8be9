// The readers on malformed files (generator: spec/fixtures/malformed_files.ts): each is refused with the
// message its case names, or read as the values it names; no reader returns a partial or rounded result.
// The reference column of every case (SciPy, NumPy) is checked by scripts/check_malformed_files.py.
import { describe, expect, it } from 'vitest';

import { NdArray, Table, parseCsv, parseMat, parseNpy, parseNpz } from '../../lib/index.js';
import { ExpectedArray, MalformedCase, malformedCases } from '../fixtures/malformed_files.js';

/** The case's file read by its format's reader, under the name 'case.<format>'. */
function read(c: MalformedCase): Record<string, NdArray> | NdArray | Table {
  switch (c.format) {
    case 'mat':
      return parseMat(c.bytes, 'case.mat');
    case 'npy':
      return parseNpy(c.bytes, 'case.npy');
    case 'npz':
      return parseNpz(c.bytes, 'case.npz');
    case 'csv':
      return parseCsv(new TextDecoder().decode(c.bytes), { header: c.header });
  }
}

/** An array as plain numbers (Object.is keeps -0 apart from 0). */
function plain(a: NdArray): ExpectedArray {
  return { shape: a.shape, data: Array.from(a.data), ...(a.imag ? { imag: Array.from(a.imag) } : {}) };
}

const cases = malformedCases();

it('has at least 50 malformed files over the four formats, each named once', () => {
  const malformed = cases.filter((c) => 'refused' in c.expect);
  expect(malformed.length).toBeGreaterThanOrEqual(50);
  expect(new Set(cases.map((c) => c.format))).toEqual(new Set(['mat', 'npy', 'npz', 'csv']));
  expect(new Set(cases.map((c) => c.file)).size).toBe(cases.length);
});

for (const format of ['mat', 'npy', 'npz', 'csv'] as const) {
  describe(`${format} reader on malformed files`, () => {
    for (const c of cases.filter((k) => k.format === format)) {
      const expected = c.expect;
      if ('refused' in expected) {
        it(`refuses ${c.file}: ${c.what}`, () => {
          expect(() => read(c)).toThrow(expected.refused);
        });
      } else {
        it(`reads ${c.file}: ${c.what}`, () => {
          const got = read(c);
          if (c.format === 'csv') {
            const t = got as Table;
            expect({ names: t.names, columns: Object.fromEntries(Object.entries(t.columns).map(([k, v]) => [k, Array.from(v)])) }).toEqual(expected.read);
          } else if (c.format === 'npy') {
            expect(plain(got as NdArray)).toEqual(expected.read);
          } else {
            const arrays = got as Record<string, NdArray>;
            expect(Object.fromEntries(Object.entries(arrays).map(([k, v]) => [k, plain(v)]))).toEqual(expected.read);
          }
        });
      }
    }
  });
}
