/**
 * The folder of the state database, made one level at a time (io/writable-folder.ts): `mkdir -p` under /proc spins
 * forever in Node, so `--state /proc/x/state.db` hung `gq daemon` and `gq runs` without a word.
 */
import { dirname } from 'node:path';
import { makeWritableFolder } from '../../io/writable-folder.ts';
import { GqError } from '../../io/gq-error.ts';

/** Creates the missing folders above the state file `path`; a GqError naming the path and the reason when it cannot. */
export function makeStateFolder(path: string): void {
  makeWritableFolder(dirname(path), (p) => stateRefused(path, 'file' in p ? `${p.file} is a file, not a folder` : `its folder ${p.why}`));
}

/** The one-line error for a state database that cannot be used, with the fix. */
export function stateRefused(path: string, why: string): GqError {
  return new GqError('BAD_OPTION', `state database ${path}: ${why}; give a file in a folder you can write with --state or the config's "state"`);
}
