/**
 * Making a folder a run will write in, or saying in one line why it cannot be: the check behind `--output` and
 * `--cache-dir`, each of which words the answer for its own option.
 */
import { accessSync, constants, existsSync, mkdirSync, rmdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Why a folder cannot be used: a file where it, or a folder above it, should be; or what creating or writing it said. */
export type FolderProblem = { file: string } | { why: string };

/**
 * Creates `path` and the missing folders above it, one level at a time (mkdir -p on /proc spins forever in Node: the
 * first refusal is the answer), and checks that it is writable. Returns the folders it created, outermost first; on a
 * problem it removes them again and throws the error `refuse` makes of it.
 */
export function makeWritableFolder(path: string, refuse: (p: FolderProblem) => Error): string[] {
  const missing: string[] = [];
  let at = path;
  while (!existsSync(at)) {
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  if (existsSync(at) && !statSync(at).isDirectory()) throw refuse({ file: at });
  const created: string[] = [];
  const fail = (why: string): never => {
    removeFolders(created);
    throw refuse({ why });
  };
  for (const d of missing) {
    try {
      mkdirSync(d);
      created.push(d);
    } catch (e) {
      fail(`cannot be created (${errno(e)} on ${d})`);
    }
  }
  try {
    accessSync(path, constants.W_OK);
  } catch (e) {
    fail(`is not writable (${errno(e)})`);
  }
  return created;
}

/** Removes folders a run created (innermost first), stopping at one that is not empty or already gone. */
export function removeFolders(created: readonly string[]): void {
  for (const d of [...created].reverse()) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty (someone else wrote there) or already gone: leave it and the folders above it
    }
  }
}

/** An error's code (ENOENT, EACCES, ...), else its message. */
export function errno(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}
