/** The output folder of a run, and what a run reports for each file it wrote. */
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { GqError } from './errors.ts';

export type WrittenFile = { kind: string; path: string; bytes: number };

/** Creates the output folder, or says plainly why it cannot be written to. */
export function ensureWritableDir(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new GqError('OUTPUT_NOT_WRITABLE', `output folder ${dir} is a file; choose a folder with --output DIR`);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new GqError('OUTPUT_NOT_WRITABLE', `output folder ${dir} is not writable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); choose another with --output DIR`);
  }
}

