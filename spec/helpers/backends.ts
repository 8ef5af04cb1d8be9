import { beforeAll, describe } from 'vitest';

import { initBackend } from '../../lib/index.js';

/** The Node backends every numeric spec runs on; tfjs-node has its own spec. */
export const SPEC_BACKENDS = ['cpu', 'wasm'] as const;

/**
 * Runs one spec body on each backend in {@link SPEC_BACKENDS}, as tfjs-core's
 * describeWithFlags does: the same expectations must hold everywhere.
 */
export function describeOnBackends(name: string, body: (backend: string) => void): void {
  for (const backend of SPEC_BACKENDS) {
    describe(`${name} [${backend}]`, () => {
      beforeAll(async () => {
        await initBackend(backend, { log: false });
      });
      body(backend);
    });
  }
}
