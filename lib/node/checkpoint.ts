import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import type { AnyTrainerState, TrainerState } from '../pinn/index.js';

/** The file around a trainer state: a checksum of the state's JSON, so truncation or edits are caught. */
interface CheckpointFile {
  format: 'tfjs-pinn-checkpoint-file';
  sha256: string;
  state: string;
}

/**
 * Writes a checkpoint (a Trainer's or a MarchingTrainer's state) atomically: to a temporary file beside it,
 * then a rename (readers see the old file or the new one, never half of one).
 *
 * @example
 * await writeCheckpoint('results/heat/checkpoint.json', await trainer.state());
 * const state = await readCheckpoint('results/heat/checkpoint.json');
 */
export async function writeCheckpoint(path: string, state: AnyTrainerState): Promise<void> {
  const body = JSON.stringify(state);
  const file: CheckpointFile = { format: 'tfjs-pinn-checkpoint-file', sha256: createHash('sha256').update(body).digest('hex'), state: body };
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, JSON.stringify(file));
}

/**
 * Writes `text` to a temporary file beside `path`, unique to this write (two
 * writes to one path at once must not share it), then renames it over `path`.
 *
 * @example
 * await writeFileAtomic('results/heat/summary.json', JSON.stringify(summary));
 * // readers see the old file or the new one, never half of one
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/**
 * Reads a checkpoint written by {@link writeCheckpoint}; throws, saying what is
 * wrong, when it is missing, not JSON, truncated or altered, or not a trainer state (a Trainer's or, with
 * time marching, a MarchingTrainer's). (Whether it fits the run is checked by `setState`.) The type says
 * a Trainer's state, as it was before time marching; write `readCheckpoint<AnyTrainerState>(path)` where
 * either kind may come.
 *
 * @example
 * const state = await readCheckpoint('results/heat/checkpoint.json');
 * await trainer.setState(state);
 */
export async function readCheckpoint<S extends AnyTrainerState = TrainerState>(path: string): Promise<S> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`No checkpoint to resume from at ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); start a fresh run first (runJob with resume: false; on the command line, without --resume).`);
  }
  const refuse = (why: string) => new Error(`Checkpoint ${path} is refused: ${why}. Delete it, or start afresh (runJob with resume: false; on the command line, without --resume).`);
  let file: CheckpointFile;
  try {
    file = JSON.parse(text);
  } catch (error) {
    throw refuse(`it is not valid JSON (${(error as Error).message}), probably cut off`);
  }
  if (file?.format !== 'tfjs-pinn-checkpoint-file' || typeof file.state !== 'string' || typeof file.sha256 !== 'string') {
    throw refuse(`it is not a tfjs-pinn checkpoint file (format ${JSON.stringify(file?.format)})`);
  }
  const sum = createHash('sha256').update(file.state).digest('hex');
  if (sum !== file.sha256) throw refuse(`its checksum does not match its contents (stored ${file.sha256.slice(0, 12)}..., computed ${sum.slice(0, 12)}...), so it was altered or damaged`);
  const state = JSON.parse(file.state) as S;
  if ((state?.format !== 'tfjs-pinn-checkpoint' && state?.format !== 'tfjs-pinn-marching-checkpoint') || state.version !== 1) {
    throw refuse(`it holds format ${JSON.stringify(state?.format)} version ${JSON.stringify(state?.version)}, expected 'tfjs-pinn-checkpoint' (or, with time marching, 'tfjs-pinn-marching-checkpoint') version 1`);
  }
  return state;
}
