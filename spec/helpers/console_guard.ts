// Specs are quiet when they pass: any console output from a spec fails it, except the reason a spec cannot run
// here, which skipReason() prints. spec/setup.ts installs the guard in every spec file, before the spec's imports run.

const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
const STREAMS = ['stdout', 'stderr'] as const;

type Print = (...args: unknown[]) => void;

interface Guard {
  /** The console methods as they were before the guard: skipReason prints through them. */
  original: Record<(typeof METHODS)[number], Print>;
  /** What was written since the last take, one entry per call: 'console.log: text'. */
  writes: string[];
}

// One guard per test process: the setup file and a spec reach it through globalThis even if each loads this module.
const KEY = Symbol.for('tfjs-pinn.spec.consoleGuard');
const holder = globalThis as unknown as Record<symbol, Guard | undefined>;

const show = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : String(a))).join(' ').slice(0, 500);

/**
 * Replaces console.log/info/warn/error/debug/trace and process.stdout/stderr.write with recorders that keep what
 * is written (and print nothing). A spec that mocks a console method itself (vi.spyOn(console, 'warn')) stacks on
 * top of the recorder and restores it after. Installing twice is a no-op.
 */
export function installConsoleGuard(): void {
  if (holder[KEY]) return;
  const original = Object.fromEntries(METHODS.map((m) => [m, console[m].bind(console)])) as Guard['original'];
  const guard: Guard = { original, writes: [] };
  holder[KEY] = guard;
  for (const m of METHODS) console[m] = (...args: unknown[]) => void guard.writes.push(`console.${m}: ${show(args)}`);
  for (const s of STREAMS) {
    const stream = process[s];
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      guard.writes.push(`process.${s}.write: ${show([chunk instanceof Uint8Array ? Buffer.from(chunk).toString() : chunk])}`);
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof stream.write;
  }
}

/** What specs wrote since the last call (and forgets it). */
export function takeConsoleWrites(): string[] {
  const guard = holder[KEY];
  if (!guard) return [];
  return guard.writes.splice(0);
}

/**
 * Prints why a spec (or part of one) is skipped here: the one console output a passing run may have. Pair it
 * with describe.skipIf / it.skipIf / ctx.skip, e.g.
 * `if (missing) skipReason(`spec/browser/train.spec.ts: ${missing}`); describe.skipIf(missing)(...)`.
 */
export function skipReason(message: string): void {
  const print = holder[KEY]?.original.warn ?? console.warn;
  print(`skipped: ${message}`);
}
