import * as tf from '@tensorflow/tfjs';
import { afterAll, afterEach, beforeEach } from 'vitest';

import { installConsoleGuard, takeConsoleWrites } from './helpers/console_guard.js';

// Silences tfjs's banner suggesting tfjs-node.
tf.env().set('IS_TEST', true);

// A passing run prints nothing: a spec that writes to the console fails, naming what it wrote. Measurements
// belong in assertions; the reason a spec is skipped goes through skipReason (spec/helpers/console_guard.ts).
installConsoleGuard();

const fail = (where: string, writes: string[]) => {
  throw new Error(`${where} wrote to the console (a passing spec prints nothing; print a skip reason with skipReason):\n${writes.join('\n')}`);
};

beforeEach(() => {
  const writes = takeConsoleWrites();
  if (writes.length > 0) fail('The spec file, outside its tests (at import or in a beforeAll hook),', writes);
});

afterEach(() => {
  const writes = takeConsoleWrites();
  if (writes.length > 0) fail('This test', writes);
});

afterAll(() => {
  const writes = takeConsoleWrites();
  if (writes.length > 0) fail('The spec file, after its tests (in an afterAll hook),', writes);
});
