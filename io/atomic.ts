/** Atomic file replacement: write a temp file in the same directory, fsync it, rename it over the target. */

import { randomBytes } from 'node:crypto';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A temp path next to `path`, unique across processes (pid) and concurrent writers (crypto random suffix). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(8).toString('hex')}.tmp`);
}

/**
 * Runs `fn(tempPath)`, which must create and fill the temp file, then fsyncs it and renames it to `path`.
 * On any error the temp file is removed, an existing file at `path` is left untouched, and the error
 * is rethrown with a message naming `path` (the original error is its `cause`).
 */
export async function withAtomicFile<T>(path: string, fn: (tempPath: string) => Promise<T>): Promise<T> {
  const a = atomicTarget(path);
  try {
    const result = await fn(a.temp);
    await a.commit();
    return result;
  } catch (err) {
    throw await a.abort(err);
  }
}

/** A target written in steps: fill `temp`, then `commit()` (fsync + rename) or `abort(err)` (remove, and wrap err). */
export type AtomicTarget = { temp: string; commit(): Promise<void>; abort(err: unknown): Promise<Error> };

/** The temp file and the two endings of an atomic write to `path`, for writers that append in several steps. */
export function atomicTarget(path: string): AtomicTarget {
  const temp = tempPathFor(path);
  return {
    temp,
    async commit() {
      await fsyncFile(temp);
      await rename(temp, path);
      await fsyncDirectory(dirname(path));
    },
    async abort(err) {
      await rm(temp, { force: true }).catch(() => undefined);
      const message = err instanceof Error ? err.message : String(err);
      // Errors from validation inside the writer already name the path; do not repeat it.
      const text = message.includes(path) ? message : `cannot write ${path}: ${message}`;
      return new Error(text, { cause: err });
    },
  };
}

/** Writes `data` to `path` atomically (temp file, fsync, rename). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await withAtomicFile(path, (temp) => writeFile(temp, data, { flag: 'wx' }));
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

// The rename is only durable once the directory entry is flushed too. Some platforms and file
// systems refuse fsync on a directory; durability there is best effort, so the error is ignored.
async function fsyncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close();
  }
}
