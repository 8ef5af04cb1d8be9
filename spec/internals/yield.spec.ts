import { MessageChannel } from 'node:worker_threads';

import { expect, it } from 'vitest';
import { describe } from 'vitest';

import { yieldToEventLoop } from '../../lib/internals/index.js';

describe('yieldToEventLoop (lib/internals/yield.ts)', () => {
  it('lets a message from another thread through (a stop message to a training loop that only yields)', async () => {
    let got = false;
    const channel = new MessageChannel();
    channel.port1.on('message', () => (got = true));
    channel.port2.postMessage('stop');
    // A loop that yielded by microtasks only would never see it; one by turns of the event loop does within a few.
    let turns = 0;
    while (!got && turns < 1000) {
      await yieldToEventLoop();
      turns++;
    }
    expect(got).toBe(true);
    channel.port1.close();
  });

  it('resumes after a macrotask turn, not as a microtask: a promise callback queued first runs first, and an immediate queued before it too', async () => {
    const seen: string[] = [];
    setImmediate(() => seen.push('immediate'));
    const resumed = yieldToEventLoop().then(() => seen.push('resumed'));
    void Promise.resolve().then(() => seen.push('microtask'));
    await resumed;
    expect(seen).toEqual(['microtask', 'immediate', 'resumed']);
  });
});
