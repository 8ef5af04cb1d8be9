import { afterEach, describe, expect, it, vi } from 'vitest';

import { takeConsoleWrites } from '../helpers/console_guard.js';

// A passing run prints nothing (spec/setup.ts): the guard must see every way a spec can print. Each test here
// prints on purpose and then takes what the guard recorded, so the guard itself does not fail it. (skipReason's
// way through is exercised wherever a spec is skipped, e.g. the tfjs-node part of spec/backend/init_backend.spec.ts.)
describe('the console guard of spec/setup.ts', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('records console.log/info/warn/error/debug and direct writes to stdout and stderr, printing none of them', () => {
    console.log('a', 1);
    console.info('b');
    console.warn('c');
    console.error(new Error('d'));
    console.debug('e');
    process.stdout.write('f\n');
    process.stderr.write(Buffer.from('g\n'));
    expect(takeConsoleWrites()).toEqual([
      'console.log: a 1',
      'console.info: b',
      'console.warn: c',
      'console.error: Error: d',
      'console.debug: e',
      'process.stdout.write: f\n',
      'process.stderr.write: g\n',
    ]);
  });

  it('lets a spec that mocks a console method see its calls, and guards the method again afterwards', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    console.warn('mocked');
    expect(warn).toHaveBeenCalledWith('mocked');
    expect(takeConsoleWrites()).toEqual([]);
    warn.mockRestore();
    console.warn('after');
    expect(takeConsoleWrites()).toEqual(['console.warn: after']);
  });
});
