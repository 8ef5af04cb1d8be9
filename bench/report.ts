import { formatMs, ratioToTorch } from './timing.js';

/** One row of the bench's output, as `--json` writes it. */
export interface BenchRow {
  workload: string;
  impl: string;
  backend: string;
  n: number;
  /** Median milliseconds, null when the row was not timed in full. */
  ms: number | null;
  /** ms divided by PyTorch's ms on the same workload; null without both. */
  ratio_to_torch: number | null;
  status: 'ok' | 'over-budget' | 'skipped' | 'failed';
  /** Timed runs behind the median. */
  runs: number;
  /** Largest relative difference of the check values (mean |term|, or the first loss) from PyTorch's. */
  diff_vs_torch: number | null;
  note?: string;
}

/**
 * The largest relative difference between two check vectors; null when
 * either is missing or they have different lengths.
 *
 * @example
 * checkDiff([1, 2], [1, 2.002]); // 0.002 / 2.002
 * checkDiff([], [1]); // null
 */
export function checkDiff(a: readonly number[], b: readonly number[]): number | null {
  if (a.length === 0 || a.length !== b.length) return null;
  let worst = 0;
  a.forEach((v, i) => {
    worst = Math.max(worst, Math.abs(v - b[i]) / Math.max(Math.abs(b[i]), 1e-30));
  });
  return worst;
}

/**
 * Fills in ratio_to_torch for every row from the PyTorch row of the same workload and N.
 *
 * @example
 * withRatios([{ workload: 'w', n: 10, impl: 'torch', ms: 2 }, { workload: 'w', n: 10, impl: 'x', ms: 6 }]);
 * // the second row gets ratio_to_torch 3
 */
export function withRatios<R extends Pick<BenchRow, 'workload' | 'n' | 'impl' | 'ms'>>(rows: R[]): (R & { ratio_to_torch: number | null })[] {
  const torch = new Map(rows.filter((r) => r.impl === 'torch').map((r) => [`${r.workload}|${r.n}`, r.ms]));
  return rows.map((r) => ({ ...r, ratio_to_torch: ratioToTorch(r.ms, torch.get(`${r.workload}|${r.n}`)) ?? null }));
}

/**
 * The rows as one markdown table (readable in a terminal, pastable into the README).
 *
 * @example
 * console.log(formatTable(rows));
 * // | workload | implementation | backend | N | median ms | x PyTorch | check | note |
 */
export function formatTable(rows: readonly BenchRow[], labels: Record<string, string> = {}): string {
  const header = ['workload', 'implementation', 'backend', 'N', 'median ms', 'x PyTorch', 'check vs PyTorch', 'note'];
  const body = rows.map((r) => [
    r.workload,
    labels[r.impl] ?? r.impl,
    r.backend,
    r.n.toLocaleString('en-US'),
    r.ms === null ? (r.status === 'ok' ? '' : r.status) : formatMs(r.ms),
    // PyTorch's own row reads 1 where ratios are printed, and stays blank where they are withheld.
    r.impl === 'torch' ? (r.ratio_to_torch === null ? '' : '1') : r.ratio_to_torch === null ? '' : formatRatio(r.ratio_to_torch),
    r.impl === 'torch' ? 'ref' : r.diff_vs_torch === null ? '' : r.diff_vs_torch.toExponential(0),
    (r.note ?? '').replace(/\|/g, '/'),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const right = new Set([3, 4, 5, 6]);
  const line = (cells: string[]) => `| ${cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (right.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

/**
 * The same rows pivoted for reading at a glance: one line per workload and N,
 * PyTorch's median, then each implementation on each backend as a multiple of
 * it (or its own ms in parentheses when PyTorch has no time; '-' when the row
 * was not timed in full).
 *
 * @example
 * console.log(formatSummary(rows, IMPL_LABELS));
 * // | workload | N | PyTorch ms | partials 'taylor' wasm | ...
 */
export function formatSummary(rows: readonly BenchRow[], labels: Record<string, string> = {}): string {
  // Grouped by backend, then implementation, each in order of first appearance.
  const tfjs = rows.filter((r) => r.impl !== 'torch');
  const backends = [...new Set(tfjs.map((r) => r.backend))];
  const impls = [...new Set(tfjs.map((r) => r.impl))];
  const columns = backends.flatMap((b) => impls.map((i) => `${i}|${b}`)).filter((c) => tfjs.some((r) => `${r.impl}|${r.backend}` === c));
  const groups: { workload: string; n: number; cells: Map<string, BenchRow> }[] = [];
  for (const r of rows) {
    let g = groups.find((x) => x.workload === r.workload && x.n === r.n);
    if (!g) groups.push((g = { workload: r.workload, n: r.n, cells: new Map() }));
    g.cells.set(r.impl === 'torch' ? 'torch' : `${r.impl}|${r.backend}`, r);
  }
  const header = ['workload', 'N', 'PyTorch ms', ...columns.map((c) => `${labels[c.split('|')[0]] ?? c.split('|')[0]} ${c.split('|')[1]}`)];
  const body = groups.map((g) => {
    const torch = g.cells.get('torch');
    return [
      g.workload,
      g.n.toLocaleString('en-US'),
      torch?.ms != null ? formatMs(torch.ms) : '-',
      ...columns.map((c) => {
        const r = g.cells.get(c);
        if (r === undefined) return '';
        if (r.ratio_to_torch !== null) return `${formatRatio(r.ratio_to_torch)}x`;
        if (r.ms !== null) return `(${formatMs(r.ms)} ms)`;
        return r.status === 'failed' ? 'failed' : '-';
      }),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

/**
 * A ratio with two significant digits below 0.1 (so 0.0026 does not read as 0.00), two decimals below 10, one above.
 *
 * @example
 * formatRatio(0.0026); // '0.0026'
 * formatRatio(3.456); // '3.46'
 */
export function formatRatio(r: number): string {
  if (r < 0.1) return r.toPrecision(2);
  return r.toFixed(r < 10 ? 2 : 1);
}
