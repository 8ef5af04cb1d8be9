import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The layers of lib/, bottom first: a file may import its own layer and the layers below it, never one above.
 * Each entry is a top-level folder of lib/ (docs/architecture.md explains what each holds).
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['internals'],
  ['backend'],
  ['gradients'],
  ['models'],
  ['derivatives'],
  ['taylor'],
  ['reference'],
  ['sampling'],
  ['geometry'],
  ['data'],
  ['pinn'],
  ['expression'],
  ['worker'],
  ['node'],
];

/**
 * Entry points: the package's entries and the scripts a worker starts. They may import any layer; no layer may
 * import them (a layer that imported lib/index.ts would import every layer above it too).
 */
export const ENTRY_POINTS: readonly string[] = ['index.ts', 'browser.ts', 'browser_bundle.ts', 'node/index.ts', 'node/bin.ts', 'node/parallel/worker.ts', 'worker/worker.ts'];

/** The layer rank of a file (path relative to lib/), or undefined when its folder is not in {@link LAYERS}. */
export function rankOf(file: string): number | undefined {
  const top = file.split('/')[0];
  const rank = LAYERS.findIndex((layer) => layer.includes(top));
  return rank < 0 ? undefined : rank;
}

/** Every .ts file under `root` and the files of `root` it imports (static, dynamic and type-only alike), as paths relative to root with '/'. */
export function importGraph(root: string): Map<string, string[]> {
  const base = resolve(root);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) files.push(p);
    }
  };
  walk(base);
  const rel = (p: string) => relative(base, p).split(sep).join('/');
  const target = (from: string, spec: string): string | null => {
    if (!spec.startsWith('.')) return null;
    const stem = resolve(dirname(from), spec).replace(/\.(m?js|ts)$/, '');
    return [`${stem}.ts`, join(stem, 'index.ts')].find((c) => existsSync(c)) ?? null;
  };
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const source = readFileSync(f, 'utf8');
    const specs = [...source.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]);
    graph.set(rel(f), [...new Set(specs.map((s) => target(f, s)).filter((t): t is string => t !== null).map(rel))]);
  }
  return graph;
}

/** Imports that point up the table, cycles between files (strongly connected components) and imports of entry points. */
export function layerViolations(graph: Map<string, string[]>): { upward: string[]; cycles: string[]; intoEntries: string[] } {
  const upward: string[] = [];
  const intoEntries: string[] = [];
  for (const [from, tos] of graph) {
    const entry = ENTRY_POINTS.includes(from);
    for (const to of tos) {
      if (ENTRY_POINTS.includes(to) && !entry) intoEntries.push(`${from} -> ${to}`);
      const [a, b] = [rankOf(from), rankOf(to)];
      if (!entry && a !== undefined && b !== undefined && b > a) upward.push(`${from} -> ${to}`);
    }
  }
  return { upward, cycles: stronglyConnected(graph).map((c) => c.sort().join(' <-> ')), intoEntries };
}

/** Tarjan's strongly connected components with more than one file. */
function stronglyConnected(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}
