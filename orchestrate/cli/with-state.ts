/** The state database that `gq runs` and `gq assets` read: --state, else the config's `state`, else GQ_STATE, else .gq/state.db. */
import { readConfigFile, statePathOf } from '../config-file.ts';
import { openState, type State } from '../state/state.ts';

export type Flags = Record<string, unknown>;

/** Runs `fn` on the state named by the flags and closes it. */
export function withState<T>(flags: Flags, fn: (s: State) => T): T {
  let path: string;
  if (flags.state !== undefined) path = String(flags.state);
  else {
    const { raw, base } = readConfigFile(flags.config as string | undefined, process.cwd());
    path = statePathOf(raw, base, process.env);
  }
  const state = openState(path);
  try {
    return fn(state);
  } finally {
    state.close();
  }
}
