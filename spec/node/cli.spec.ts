import { beforeAll, describe, expect, it, vi } from 'vitest';

import { initBackend } from '../../lib/index.js';
import { runCli } from '../../lib/node/index.js';

beforeAll(async () => {
  await initBackend('wasm', { log: false });
});

describe('burgers-inverse', () => {
  it('the command line checks --noise and --points before training', async () => {
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    try {
      expect(await runCli(['train', '--problem', 'burgers-inverse', '--noise=-1'])).toBe(2);
      expect(await runCli(['train', '--problem', 'burgers-inverse', '--points', '2.5'])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(errors).toEqual([
      "--noise must be a number >= 0 (a fraction of the data's standard deviation), but got '-1'.",
      "--points must be a positive integer, but got '2.5'.",
    ]);
  });
});

describe('commands', () => {
  it('an unknown command names the three commands', async () => {
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    try {
      expect(await runCli(['trian'])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(errors[0]).toMatch(/^Unknown command 'trian'; the commands are 'train', 'build-openblas' and 'help'\./);
  });
});
