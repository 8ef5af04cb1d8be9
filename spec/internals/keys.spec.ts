import { describe, expect, it } from 'vitest';

import { checkKeys, nearestName } from '../../lib/internals/index.js';

describe('option keys (lib/internals/keys.ts)', () => {
  it('suggests the nearest valid key and rejects unknown ones with the place they were given', () => {
    expect(nearestName('chunksize', ['chunkSize', 'seed', 'method'])).toBe('chunkSize');
    expect(nearestName('stesp', ['steps', 'lr'])).toBe('steps');
    expect(nearestName('zzzzzz', ['steps', 'lr'])).toBeUndefined();
    expect(() => checkKeys({ steps: 3 }, ['adam', 'lbfgs'], "options passed to 'Trainer'")).toThrow(
      "Unknown key 'steps' in options passed to 'Trainer'; valid keys: adam, lbfgs.",
    );
    expect(() => checkKeys({ chunksize: 3 }, ['chunkSize', 'seed'], "options passed to 'partials'")).toThrow("Did you mean 'chunkSize'?");
    expect(() => checkKeys({ seed: 1 }, ['chunkSize', 'seed'], 'x')).not.toThrow();
  });
});
