import { describe, expect, it } from 'vitest';

import { readDataFile } from '../../lib/node/index.js';

// Fixtures written by NumPy/SciPy (scripts/fixtures/data_files.py).
const DIR = 'spec/fixtures/data';

describe('readDataFile', () => {
  it('reads each format by extension and names the file in errors', async () => {
    expect((await readDataFile(`${DIR}/small.csv`)).rows).toBe(12);
    expect((await readDataFile(`${DIR}/small.npy`)).shape).toEqual([3, 4]);
    expect(Object.keys(await readDataFile(`${DIR}/small.npz`)).sort()).toEqual(['t', 'usol', 'x']);
    expect((await readDataFile('data/raissi/burgers_shock.mat')).usol.shape).toEqual([256, 100]);
    await expect(readDataFile(`${DIR}/missing.mat`)).rejects.toThrow(/Cannot read data file .*missing\.mat \(ENOENT\)/);
    await expect(readDataFile(`${DIR}/expected.json`)).rejects.toThrow(/must end in \.csv, \.txt, \.npy, \.npz or \.mat/);
  });
});
