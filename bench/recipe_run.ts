import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** One end-to-end run of the default Burgers plan, by tfjs-pinn on a backend or by the PyTorch script. */
export interface RecipeRow {
  impl: string;
  backend: string;
  seconds: number | null;
  cpuSeconds?: number;
  relL2: number | null;
  steps: number | null;
  /** tfjs kernels per loss-and-gradient evaluation (tfjs rows only). */
  kernels?: number;
  /** tfjs kernels per whole Trainer step, Adam and L-BFGS (tfjs rows only). */
  stepKernels?: { adam: number; lbfgs: number };
  note?: string;
}

const LINE = 'RECIPE ';

/**
 * Trains the default Burgers plan end to end in a fresh process and reads its result line; the first tfjs run
 * writes the evaluation grid and exact values that the PyTorch run scores itself on.
 *
 * @example
 * const wasm = runRecipe({ command: process.execPath, args: ['--import', 'tsx', 'bench/recipe.ts', 'wasm', grid] }, root, 'wasm');
 * const torch = runRecipe({ command: '/usr/bin/python3', args: ['bench/torch_recipe.py', grid] }, root, 'torch');
 */
export function runRecipe(cmd: { command: string; args: string[]; env?: NodeJS.ProcessEnv }, cwd: string, label: string): RecipeRow {
  const r = spawnSync(cmd.command, cmd.args, { cwd, env: cmd.env ?? process.env, encoding: 'utf8', timeout: 3_600_000, maxBuffer: 64 * 2 ** 20 });
  const line = r.stdout?.split('\n').find((l) => l.startsWith(LINE));
  if (r.status !== 0 || line === undefined) {
    const why = r.error?.message ?? (r.signal ? `killed by ${r.signal}` : (r.stderr || '').trim().split('\n').slice(-1)[0] || `exit ${r.status}`);
    return { impl: label === 'torch' ? 'PyTorch' : 'tfjs-pinn', backend: label, seconds: null, relL2: null, steps: null, note: why };
  }
  const out = JSON.parse(line.slice(LINE.length)) as { backend: string; seconds: number; cpuSeconds?: number; relL2: number; steps: number; kernels?: number; stepKernels?: { adam: number; lbfgs: number }; threads?: number };
  return {
    impl: label === 'torch' ? 'PyTorch' : 'tfjs-pinn',
    backend: label === 'torch' ? `torch cpu (${out.threads} thread${out.threads === 1 ? '' : 's'})` : out.backend,
    seconds: out.seconds,
    ...(out.cpuSeconds !== undefined ? { cpuSeconds: out.cpuSeconds } : {}),
    relL2: out.relL2,
    steps: out.steps,
    ...(out.kernels !== undefined ? { kernels: out.kernels } : {}),
    ...(out.stepKernels !== undefined ? { stepKernels: out.stepKernels } : {}),
  };
}

/**
 * The recipe rows as a markdown table with each time's ratio to PyTorch's.
 *
 * @example
 * console.log(formatRecipe(rows));
 */
export function formatRecipe(rows: RecipeRow[]): string {
  const torch = rows.find((r) => r.impl === 'PyTorch');
  const ratio = (a?: number | null, b?: number | null) => (a != null && b != null ? `${(a / b).toFixed(2)}x` : '');
  const lines = [
    '| recipe: Burgers default plan, end to end | backend | training s (wall) | x PyTorch | CPU s | x PyTorch | rel L2 | steps | kernels per loss+grad | kernels per Trainer step (Adam / L-BFGS) |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const r of rows) {
    const wall = r.seconds?.toFixed(1) ?? r.note ?? 'failed';
    lines.push(`| ${r.impl} | ${r.backend} | ${wall} | ${ratio(r.seconds, torch?.seconds)} | ${r.cpuSeconds?.toFixed(1) ?? ''} | ${ratio(r.cpuSeconds, torch?.cpuSeconds)} | ${r.relL2?.toExponential(2) ?? ''} | ${r.steps ?? ''} | ${r.kernels ?? ''} | ${r.stepKernels ? `${r.stepKernels.adam} / ${r.stepKernels.lbfgs}` : ''} |`);
  }
  return lines.join('\n');
}

/** The script paths the bench runs, relative to the repository root. */
export const RECIPE_SCRIPTS = { tfjs: join('bench', 'recipe.ts'), torch: join('bench', 'torch_recipe.py') };
