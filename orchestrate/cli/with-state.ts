/** The state database that `gq runs` and `gq assets` read: --state, else the config's `state`, else GQ_STATE, else .gq/state.db. */
import { existsSync } from 'node:fs';
import { readConfigFile, statePathOf } from '../config-file.ts';
import { openState, type State } from '../state/state.ts';

export type Flags = Record<string, unknown>;

/** Runs `fn` on the state named by the flags and closes it; a state that does not exist is read as empty, not created. */
export function withState<T>(flags: Flags, fn: (s: State) => T): T {
  let path: string;
  if (flags.state !== undefined) path = String(flags.state);
  else {
    const { raw, base } = readConfigFile(flags.config as string | undefined, process.cwd());
    path = statePathOf(raw, base, process.env);
  }
  const state = existsSync(path) ? openState(path) : emptyState(path);
  try {
    return fn(state);
  } finally {
    state.close();
  }
}

/** An empty in-memory state standing for `path`, with a note on stderr: reading must not leave a new file behind. */
function emptyState(path: string): State {
  process.stderr.write(`gq: no state database at ${path} yet (gq daemon or gq backfill creates it; --state or --config names another)\n`);
  return { ...openState(':memory:'), path };
}
