/**
 * The `--out` folder of gq eval and gq train, made (or refused in one line) before the dataset is read: a file in
 * the way, a folder that cannot be created or written (`/proc/x`, where Node's mkdir -p spins forever) are said at
 * once, naming the option, instead of after the computation or never.
 */
import { makeWritableFolder, removeFolders, type FolderProblem } from '../io/writable-folder.ts';

/** An output folder made ready to write, and how to undo the folders it created (when the run then fails). */
export type OutFolder = { dir: string; undo: () => void };

/** Makes `dir` (given as `--out`, or the default `what` describes) writable, or throws one line naming the option. */
export function prepareOutFolder(dir: string, given: boolean, what: string): OutFolder {
  const name = given ? `--out ${dir}` : `the output folder ${dir} (${what}; choose another with --out DIR)`;
  const refuse = (p: FolderProblem): Error => new Error('file' in p
    ? `${name}: ${p.file === dir ? 'is a file, not a folder' : `${p.file} is a file, not a folder`}`
    : `${name}: ${p.why}`);
  const created = makeWritableFolder(dir, refuse);
  return { dir, undo: () => removeFolders(created) };
}

/** Runs `fn` with the folder made ready; a failure removes the folders made for it (never a folder that was there). */
export async function withOutFolder<T>(dir: string, given: boolean, what: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const out = prepareOutFolder(dir, given, what);
  try {
    return await fn(out.dir);
  } catch (e) {
    out.undo();
    throw e;
  }
}
