import type { StepRecord } from '../pinn/index.js';
import { loadCliProgress, missingExtra } from './optional.js';

/** A terminal progress line for training: a bar on a TTY, a plain line every tenth of the run elsewhere (logs, CI). */
export interface Progress {
  /** Shows one finished step. */
  update(record: StepRecord): void;
  /** Ends the bar (or prints the last line). */
  stop(): void;
}

/**
 * A progress bar for `total` steps that shows the phase and the loss. The bar
 * needs the optional package cli-progress; without it a terminal gets the
 * plain lines too, after a note saying how to install it.
 *
 * @example
 * const bar = await trainingProgress('burgers', 2200, 0);
 * trainer.run({ onStep: (r) => bar.update(r) }); bar.stop();
 */
export async function trainingProgress(name: string, total: number, start: number, stream: NodeJS.WriteStream = process.stderr): Promise<Progress> {
  const cliProgress = stream.isTTY ? await loadCliProgress() : undefined;
  if (stream.isTTY && cliProgress === undefined) stream.write(`${missingExtra('cli-progress').message.replace('tfjs-pinn needs', 'tfjs-pinn shows plain progress lines: it needs')}\n`);
  if (cliProgress !== undefined) {
    const bar = new cliProgress.SingleBar(
      { format: `${name} |{bar}| {value}/{total} {phase} loss {loss}{params} | {duration_formatted} eta {eta_formatted}`, stream, hideCursor: true, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, start, { phase: '', loss: '-', params: '' });
    return {
      update: (r) => bar.update(r.step, { phase: r.phase.padEnd(5), loss: r.loss.toExponential(3), params: parameterText(r) }),
      stop: () => bar.stop(),
    };
  }
  const every = Math.max(1, Math.round(total / 10));
  const t0 = Date.now();
  return {
    update: (r) => {
      if (r.step % every === 0 || r.step === total) stream.write(`${name} ${r.step}/${total} ${r.phase} loss ${r.loss.toExponential(3)}${parameterText(r)} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
    },
    stop: () => undefined,
  };
}

/** ' lambda1 0.9987 lambda2 0.003191' for a step of an inverse problem, '' otherwise. */
function parameterText(r: StepRecord): string {
  return Object.entries(r.parameters ?? {}).map(([k, v]) => ` ${k} ${v.toPrecision(4)}`).join('');
}
