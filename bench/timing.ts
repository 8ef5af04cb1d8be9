/** One run of a workload: does the work, waits until it is done, and may return a clean-up called after the clock stops. */
export type Run = () => Promise<(() => void) | void>;

/** How one row is timed. */
export interface TimingOptions {
  /** Untimed runs first (kernel compilation, allocator growth). */
  warmup: number;
  /**
   * Warm up for at least this long as well: V8 optimises the library's JavaScript only after many calls (a
   * Burgers training step at N = 500 takes 6.8 ms over its first 25 calls and 1.6 ms from about the 100th on),
   * and a training run lives in that steady state. @default 0
   */
  warmupMs?: number;
  /** Timed runs; the row reports their median. */
  runs: number;
  /** Milliseconds the timed runs of one row may take; a row whose first timed run says it would not fit stops early. */
  budgetMs: number;
  /** Clock in milliseconds. @default performance.now */
  now?: () => number;
}

/** A timed row: the median and every sample, or why it was not timed in full. */
export type Measurement =
  | { status: 'ok'; ms: number; samples: number[] }
  | { status: 'over-budget'; ms: null; samples: number[]; note: string; /** The one run that was timed. */ estimateMs: number };

/**
 * The median of a non-empty list (the mean of the middle two for even length).
 *
 * @example
 * median([3, 1, 2]); // 2
 * median([4, 1, 2, 3]); // 2.5
 */
export function median(xs: readonly number[]): number {
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x))) {
    throw new Error(`Argument 'xs' passed to 'median' must be a non-empty list of finite numbers, but got [${xs.join(', ')}].`);
  }
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * How many times PyTorch's time a row took; undefined when either is missing.
 *
 * @example
 * ratioToTorch(300, 100); // 3
 * ratioToTorch(300, undefined); // undefined
 */
export function ratioToTorch(ms: number | null | undefined, torchMs: number | null | undefined): number | undefined {
  if (ms == null || torchMs == null || !(torchMs > 0) || !Number.isFinite(ms)) return undefined;
  return ms / torchMs;
}

/**
 * Per-run time at `n` points predicted from a measurement at fewer points,
 * assuming time linear in N: these workloads are pointwise, and once N is in
 * the thousands per-call overheads no longer matter.
 *
 * @example
 * predictMs({ n: 10_000, ms: 120 }, 100_000); // 1200
 * predictMs(undefined, 100_000); // undefined
 */
export function predictMs(known: { n: number; ms: number } | undefined, n: number): number | undefined {
  if (known === undefined || known.n >= n || !(known.n > 0)) return undefined;
  return (known.ms * n) / known.n;
}

/**
 * Times `run`: `warmup` untimed runs (and more until `warmupMs` has passed), then `runs` timed ones, and their
 * median. If the first timed run shows the rest would exceed `budgetMs`,
 * the row stops there and says so instead of reporting a median of one.
 *
 * @example
 * const m = await measure(async () => { const y = f(); await y.data(); return () => y.dispose(); }, { warmup: 1, runs: 5, budgetMs: 30_000 });
 * if (m.status === 'ok') console.log(m.ms);
 */
export async function measure(run: Run, options: TimingOptions): Promise<Measurement> {
  const { warmup, runs, budgetMs } = options;
  if (!Number.isInteger(warmup) || warmup < 0) throw new Error(`Option 'warmup' passed to 'measure' must be a non-negative integer, but got ${warmup}.`);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`Option 'runs' passed to 'measure' must be a positive integer, but got ${runs}.`);
  const now = options.now ?? (() => performance.now());
  const once = async (): Promise<number> => {
    const start = now();
    const cleanUp = await run();
    const ms = now() - start;
    cleanUp?.();
    return ms;
  };
  const warmupUntil = now() + (options.warmupMs ?? 0);
  for (let i = 0; i < warmup || now() < warmupUntil; i++) {
    const ms = await once();
    // A warm-up this slow means the timed runs cannot fit: say so now rather than after several more.
    if (ms > budgetMs / 2) {
      const note = `warm-up run ${formatMs(ms)} ms > half the row budget`;
      return { status: 'over-budget', ms: null, samples: [], note, estimateMs: ms };
    }
  }
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    samples.push(await once());
    if (i === 0 && runs > 1 && samples[0] * runs > budgetMs) {
      const note = `1 run ${formatMs(samples[0])} ms; ${runs} runs > row budget`;
      return { status: 'over-budget', ms: null, samples, note, estimateMs: samples[0] };
    }
  }
  return { status: 'ok', ms: median(samples), samples };
}

/**
 * Milliseconds with sensible precision for a table: 3 significant digits below 100, integers above.
 *
 * @example
 * formatMs(1.23456); // '1.23'
 * formatMs(1234.5); // '1,235'
 */
export function formatMs(ms: number): string {
  if (ms >= 100) return Math.round(ms).toLocaleString('en-US');
  return ms.toPrecision(3);
}
