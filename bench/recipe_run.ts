import { spawnSync } from 'node:child_process';

import { median } from './timing.js';
import { RECIPE_LINE, RecipePhases, RecipeResult } from './recipe_plan.js';

/** How to start one side's recipe script. */
export interface RecipeCommand {
  side: RecipeResult['side'];
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

/** One run of one side: its result, or why there is none. */
export type RecipeRun = { ok: true; result: RecipeResult } | { ok: false; side: RecipeResult['side']; note: string };

/**
 * Runs one side's recipe script in a fresh process and reads its result line.
 *
 * @example
 * const run = runRecipeSide({ side: 'PyTorch', command: '/usr/bin/python3', args: ['bench/torch_recipe.py', plan] }, root);
 * if (run.ok) console.log(run.result.seconds);
 */
export function runRecipeSide(cmd: RecipeCommand, cwd: string): RecipeRun {
  const r = spawnSync(cmd.command, cmd.args, { cwd, env: cmd.env ?? process.env, encoding: 'utf8', timeout: 3_600_000, maxBuffer: 64 * 2 ** 20 });
  const line = r.stdout?.split('\n').find((l) => l.startsWith(RECIPE_LINE));
  if (r.status !== 0 || line === undefined) {
    const why = r.error?.message ?? (r.signal ? `killed by ${r.signal}` : (r.stderr || '').trim().split('\n').slice(-1)[0] || `exit ${r.status}`);
    return { ok: false, side: cmd.side, note: why };
  }
  return { ok: true, result: JSON.parse(line.slice(RECIPE_LINE.length)) as RecipeResult };
}

/**
 * Runs the sides `rounds` times, alternating which goes first (round 1 in the given order, round 2 reversed, ...),
 * so that a load that comes and goes on a shared machine falls on both; reports each run as it ends.
 *
 * @example
 * const runs = runRecipeRounds([tfjs, torch], 3, root, (r) => console.error(r));
 */
export function runRecipeRounds(sides: RecipeCommand[], rounds: number, cwd: string, onRun: (run: RecipeRun, round: number) => void): RecipeRun[][] {
  const out: RecipeRun[][] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    const runs = new Map<RecipeCommand, RecipeRun>();
    for (const cmd of order) {
      const run = runRecipeSide(cmd, cwd);
      runs.set(cmd, run);
      onRun(run, round);
    }
    out.push(sides.map((s) => runs.get(s)!));
  }
  return out;
}

const PHASES: (keyof RecipePhases)[] = ['setup', 'adam', 'sampling', 'lbfgs', 'evaluation'];
const PHASE_LABELS: Record<keyof RecipePhases, string> = { setup: 'setup', adam: 'Adam', sampling: 'sampling+RAR', lbfgs: 'L-BFGS', evaluation: 'evaluation' };

/**
 * The medians of one side's runs: every phase (wall and CPU), the totals and the L-BFGS counts.
 *
 * @example
 * recipeMedians(torchRuns).phases.lbfgs; // median wall seconds of PyTorch's L-BFGS phase
 */
export function recipeMedians(results: RecipeResult[]): RecipeResult {
  const m = (f: (r: RecipeResult) => number) => median(results.map(f));
  const phases = (pick: (r: RecipeResult) => RecipePhases) => Object.fromEntries(PHASES.map((p) => [p, m((r) => pick(r)[p])])) as unknown as RecipePhases;
  return {
    ...results[0],
    phases: phases((r) => r.phases),
    cpuPhases: phases((r) => r.cpuPhases),
    seconds: m((r) => r.seconds),
    cpuSeconds: m((r) => r.cpuSeconds),
    lbfgsIterations: m((r) => r.lbfgsIterations),
    lbfgsEvaluations: m((r) => r.lbfgsEvaluations),
    relL2: m((r) => r.relL2),
  };
}

/**
 * The recipe runs as a markdown table in one clock (wall or CPU seconds): every run of both sides with its
 * phases, then each side's medians, and (with `ratios`) tfjs-pinn's median over PyTorch's, phase by phase.
 *
 * @example
 * console.log(formatRecipe(rounds, true, 'wall'));
 * console.log(formatRecipe(rounds, true, 'cpu'));
 */
export function formatRecipe(rounds: RecipeRun[][], ratios: boolean, clock: 'wall' | 'cpu'): string {
  const unit = clock === 'wall' ? 's' : 'CPU s';
  const header = ['run', 'side', ...PHASES.map((p) => `${PHASE_LABELS[p]} ${unit}`), `total ${unit}`, 'Adam ms/step', 'L-BFGS it', 'evals', 'evals/it', 'ms/eval', 'rel L2 (Raissi)'];
  const of = (r: RecipeResult) => (clock === 'wall' ? { phases: r.phases, total: r.seconds } : { phases: r.cpuPhases, total: r.cpuSeconds });
  const cells = (label: string, r: RecipeResult): string[] => {
    const { phases, total } = of(r);
    return [
      label,
      `${r.side} ${r.backend}`,
      ...PHASES.map((p) => phases[p].toFixed(p === 'setup' || p === 'evaluation' ? 2 : 1)),
      total.toFixed(1),
      ((1000 * phases.adam) / r.adamSteps).toFixed(2),
      String(r.lbfgsIterations),
      String(r.lbfgsEvaluations),
      (r.lbfgsEvaluations / Math.max(1, r.lbfgsIterations)).toFixed(3),
      ((1000 * phases.lbfgs) / Math.max(1, r.lbfgsEvaluations)).toFixed(2),
      r.relL2.toExponential(2),
    ];
  };
  const body: string[][] = [];
  rounds.forEach((runs, i) => {
    for (const run of runs) body.push(run.ok ? cells(String(i + 1), run.result) : [String(i + 1), run.side, `failed: ${run.note}`, ...header.slice(3).map(() => '')]);
  });
  const bySide = new Map<string, RecipeResult[]>();
  for (const runs of rounds) for (const run of runs) if (run.ok) bySide.set(run.result.side, [...(bySide.get(run.result.side) ?? []), run.result]);
  const medians = new Map([...bySide].map(([side, rs]) => [side, recipeMedians(rs)]));
  for (const [side, med] of medians) body.push(cells(`median of ${bySide.get(side)!.length}`, med));
  const torch = medians.get('PyTorch');
  const tfjs = medians.get('tfjs-pinn');
  if (torch && tfjs) {
    const [a, b] = [of(tfjs), of(torch)];
    const ratio = (x: number, y: number) => (ratios && y > 0 ? `${(x / y).toFixed(2)}x` : '-');
    body.push([
      'x PyTorch',
      ratios ? 'tfjs-pinn median / PyTorch median' : 'withheld (see the BLAS line)',
      ...PHASES.map((p) => ratio(a.phases[p], b.phases[p])),
      ratio(a.total, b.total),
      ratio(a.phases.adam / tfjs.adamSteps, b.phases.adam / torch.adamSteps),
      '',
      '',
      '',
      ratio(a.phases.lbfgs / tfjs.lbfgsEvaluations, b.phases.lbfgs / torch.lbfgsEvaluations),
      '',
    ]);
  }
  const line = (c: string[]) => `| ${c.join(' | ')} |`;
  return [line(header), `|${header.map((_, i) => (i < 2 ? '---' : '--:')).join('|')}|`, ...body.map(line)].join('\n');
}
