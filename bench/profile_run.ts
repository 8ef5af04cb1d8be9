import { spawnSync } from 'node:child_process';

import type { ProfileResult } from './profile.js';

/** The prefix of the result lines of bench/profile.ts and bench/torch_profile.py. */
const LINE = 'PROFILE ';

/** PyTorch's side of a profile: the same keys, CPU milliseconds only. */
export interface TorchProfileResult {
  n: number;
  cases: { key: string; name: string; ms: number; best: number }[];
  evaluationsPerIteration?: number;
}

/**
 * Runs a profile script in a fresh process and reads its result lines; throws with the script's last words when
 * it prints none.
 *
 * @example
 * const tfjs = runProfile<ProfileResult>(process.execPath, ['--import', 'tsx', 'bench/profile.ts', 'wasm', '500'], root);
 */
export function runProfile<R>(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): R[] {
  const r = spawnSync(command, args, { cwd, env: env ?? process.env, encoding: 'utf8', timeout: 3_600_000, maxBuffer: 64 * 2 ** 20 });
  const lines = (r.stdout ?? '').split('\n').filter((l) => l.startsWith(LINE));
  if (r.status !== 0 || lines.length === 0) {
    const why = r.error?.message ?? (r.signal ? `killed by ${r.signal}` : (r.stderr || '').trim().split('\n').slice(-1)[0] || `exit ${r.status}`);
    throw new Error(`${args.find((a) => a.includes('profile')) ?? command} printed no profile: ${why}`);
  }
  return lines.map((l) => JSON.parse(l.slice(LINE.length)) as R);
}

/**
 * The two sides' profiles as one markdown table: per N and case, tfjs-pinn's CPU ms per call (median and best of
 * the blocks), PyTorch's where it measured the same work, their ratio (when allowed), reads and kernels per call;
 * then each case's kernels by name.
 *
 * @example
 * console.log(formatProfile(tfjs, torch, true));
 */
export function formatProfile(tfjs: ProfileResult[], torch: TorchProfileResult[], ratios: boolean): string {
  const header = ['N', 'case', 'tfjs-pinn CPU ms (best)', 'PyTorch CPU ms (best)', 'x PyTorch', 'reads', 'kernels'];
  const lines = [`| ${header.join(' | ')} |`, `|--:|---|--:|--:|--:|--:|--:|`];
  const kernelLines: string[] = [];
  const ms = (m: number, b: number) => `${m.toFixed(3)} (${b.toFixed(3)})`;
  for (const side of tfjs) {
    const other = torch.find((t) => t.n === side.n);
    const n = side.n === 0 ? '-' : side.n.toLocaleString('en-US');
    for (const c of side.cases) {
      const t = other?.cases.find((o) => o.key === c.key);
      lines.push(`| ${n} | ${c.name} | ${ms(c.ms, c.best)} | ${t ? ms(t.ms, t.best) : ''} | ${t && ratios ? `${(c.ms / t.ms).toFixed(2)}x` : ''} | ${c.kernels || c.reads ? c.reads.toFixed(1) : ''} | ${c.kernels || ''} |`);
      if (c.byKernel.length > 0) kernelLines.push(`- N = ${n}, ${c.name}: ${c.byKernel.map(([k, v]) => `${k} ${v}`).join(', ')}`);
    }
    if (side.evaluationsPerIteration !== undefined || other?.evaluationsPerIteration !== undefined) {
      lines.push(`| ${n} | L-BFGS evaluations per iteration | ${side.evaluationsPerIteration?.toFixed(3) ?? ''} | ${other?.evaluationsPerIteration?.toFixed(3) ?? ''} | | | |`);
    }
    for (const t of other?.cases ?? []) {
      if (!side.cases.some((c) => c.key === t.key)) lines.push(`| ${n} | ${t.name} (PyTorch only) | | ${ms(t.ms, t.best)} | | | |`);
    }
  }
  return [...lines, '', 'Kernels per call (tf.profile):', ...kernelLines].join('\n');
}
