/**
 * Gives the event loop a turn (timers, I/O, messages, a page's input and painting) and resumes at once after it.
 *
 * `setTimeout(r, 0)` is held for at least 1 ms by Node and 4 ms by browsers once nested, which a training loop
 * that yields every few steps pays as idle time (0.4 s of a 4,000-step run in Node). So: `setImmediate` where
 * it exists (Node: after the poll phase, so pending I/O and worker messages are handled first), else a
 * `MessageChannel` message (browsers and workers: a task of its own, unclamped, queued after the events already
 * waiting), else `setTimeout`.
 *
 * @example
 * for (let i = 0; i < steps; i++) { trainer.step(); if (i % 10 === 9) await yieldToEventLoop(); }
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => turn(resolve));
}

type Turn = (resume: () => void) => void;

const turn: Turn = pickTurn();

function pickTurn(): Turn {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown; MessageChannel?: typeof MessageChannel };
  if (typeof g.setImmediate === 'function') {
    const immediate = g.setImmediate;
    return (resume) => void immediate(resume);
  }
  if (typeof g.MessageChannel === 'function') {
    const channel = new g.MessageChannel();
    const waiting: (() => void)[] = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    return (resume) => {
      waiting.push(resume);
      channel.port2.postMessage(0);
    };
  }
  return (resume) => void setTimeout(resume, 0);
}
