/**
 * The output folder of a run, and what a run reports for each file it wrote. A run writes every file into a staging
 * folder inside the output folder and moves them all into place at the end, so the outputs of one run appear together
 * or not at all; a failed run leaves neither its files nor a folder it created.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { removeInBackground } from '../io/remove-in-background.ts';
import { GqError } from './errors.ts';
import { errno, makeWritableFolder, removeFolders } from '../io/writable-folder.ts';

export type WrittenFile = { kind: string; path: string; bytes: number };

/** Where a run writes: `dir` (the staging folder) until commit moves every file into `output`. */
export type StagedOutputs = {
  /** The staging folder: write every output file here, under its final name. */
  dir: string;
  /** The final path of a file written in the staging folder. */
  finalPath(staged: string): string;
  /** Moves every staged file into the output folder, all or none; returns them with their final paths. */
  commit(files: readonly WrittenFile[]): WrittenFile[];
  /** Removes the staging folder and every folder the run created for its output (they are then empty). */
  abort(): void;
};

/** Creates the output folder (and the folders above it that are missing), or says in one line why it cannot. */
export function ensureWritableDir(dir: string): string[] {
  return makeWritableFolder(dir, (p) => new GqError('OUTPUT_NOT_WRITABLE', !('file' in p)
    ? `output folder ${dir} ${p.why}; choose another with --output DIR`
    : p.file === dir ? `output folder ${dir} is a file; choose a folder with --output DIR`
    : `output folder ${dir} cannot be created: ${p.file} is a file; choose another with --output DIR`));
}

/** Replaced files of at least this many bytes in all are removed by a detached process (io/remove-in-background.ts). */
export const BACKGROUND_REMOVE_BYTES = 1 << 30;

/**
 * Prepares the output folder and a staging folder inside it for one run. `backgroundRemoveBytes`: replaced files of
 * that many bytes in all are removed after the commit returns (default BACKGROUND_REMOVE_BYTES).
 */
export function stageOutputs(output: string, backgroundRemoveBytes = BACKGROUND_REMOVE_BYTES): StagedOutputs {
  const created = ensureWritableDir(output);
  // The name matches io/stale-temps.ts, so a killed run's staging folder is removed by the next run.
  const dir = join(output, `.gq-run.${process.pid}.${randomBytes(8).toString('hex')}.tmp`);
  try {
    mkdirSync(dir);
  } catch (e) {
    removeFolders(created);
    throw new GqError('OUTPUT_NOT_WRITABLE', `output folder ${output} is not writable (${errno(e)}); choose another with --output DIR`);
  }
  const abort = (): void => {
    // Retried: on an interrupt, worker threads may still be adding files to the folder being removed.
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
    removeFolders(created);
  };
  return {
    dir,
    finalPath: (staged) => join(output, relative(dir, staged)),
    abort,
    commit(files) {
      const moves = files.map((f) => ({ from: f.path, to: join(output, relative(dir, f.path)) }));
      let replacedBytes = 0;
      for (const m of moves) {
        const st = statOrNull(m.to);
        replacedBytes += st?.size ?? 0;
        if (st !== null && !st.isFile()) throw new GqError('OUTPUT_NOT_WRITABLE', `cannot write ${m.to}: it is ${st.isDirectory() ? 'a directory' : 'not a regular file'}; remove it or choose another --output or --tag (nothing of this run was written)`);
      }
      // Files being replaced move into the staging folder first, so a failed move can put every one of them back.
      const done: { to: string; backup: string | null }[] = [];
      try {
        for (const m of moves) {
          const backup = existsSync(m.to) ? join(dir, `.replaced.${basename(m.to)}`) : null;
          if (backup !== null) renameSync(m.to, backup);
          done.push({ to: m.to, backup });
          renameSync(m.from, m.to);
        }
      } catch (e) {
        for (const d of done.reverse()) {
          try {
            if (existsSync(d.to) && (d.backup === null || existsSync(d.backup))) rmSync(d.to, { force: true });
            if (d.backup !== null) renameSync(d.backup, d.to);
          } catch { /* best effort: the error below names what failed */ }
        }
        throw new GqError('OUTPUT_NOT_WRITABLE', `cannot move the outputs into ${output} (${errno(e)}); nothing of this run was written`);
      }
      // The staging folder now holds only the replaced files: large ones are freed without waiting for the disk.
      if (replacedBytes >= backgroundRemoveBytes) removeInBackground(dir);
      else rmSync(dir, { recursive: true, force: true });
      return files.map((f, i) => ({ ...f, path: moves[i]!.to }));
    },
  };
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
