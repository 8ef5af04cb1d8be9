// The Node extras are optional peer dependencies, so a browser-only install
// pulls in none of them; they load here, on first use, with a message that
// says how to install the missing one.
import type * as PngJs from 'pngjs';
import type * as CliProgress from 'cli-progress';

/** The Node extras: optional peers of tfjs-pinn, installed by `npm install tfjs-pinn @tensorflow/tfjs pngjs cli-progress`. */
export const NODE_EXTRAS = {
  /** PNG encoding, for the heat maps in the pictures. */
  pngjs: 'the PNG heat maps of the pictures',
  /** The progress bar. */
  'cli-progress': 'the progress bar on a terminal',
} as const;

/** True when `error` says the module itself is missing (not a failure inside it). */
function isMissing(error: unknown, name: string): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && (message ?? '').includes(name);
}

/**
 * The error for a missing extra: what it is for and the command that installs it.
 *
 * @example
 * missingExtra('pngjs').message; // "tfjs-pinn needs the optional package 'pngjs' for ..., run 'npm install pngjs'."
 * throw missingExtra('cli-progress');
 */
export function missingExtra(name: keyof typeof NODE_EXTRAS): Error {
  return new Error(`tfjs-pinn needs the optional package '${name}' for ${NODE_EXTRAS[name]}, and it is not installed: run 'npm install ${name}'.`);
}

/**
 * pngjs's PNG class, or an error saying to install pngjs.
 *
 * @example
 * const PNG = await loadPng();
 * PNG.sync.write(new PNG({ width: 2, height: 2 }));
 */
export async function loadPng(): Promise<typeof PngJs.PNG> {
  try {
    const mod = (await import('pngjs')) as typeof PngJs & { default?: typeof PngJs };
    return mod.PNG ?? mod.default!.PNG;
  } catch (error) {
    if (isMissing(error, 'pngjs')) throw missingExtra('pngjs');
    throw error;
  }
}

/**
 * cli-progress, or undefined when it is not installed (progress then falls back to plain lines).
 *
 * @example
 * const cli = await loadCliProgress();
 * if (cli) new cli.SingleBar({});
 */
export async function loadCliProgress(): Promise<typeof CliProgress | undefined> {
  try {
    const mod = (await import('cli-progress')) as typeof CliProgress & { default?: typeof CliProgress };
    return mod.default ?? mod;
  } catch (error) {
    if (isMissing(error, 'cli-progress')) return undefined;
    throw error;
  }
}
