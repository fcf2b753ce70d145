/** What `gq runs` says about the run ids a state holds, for the errors that need a run id. */
import type { State } from '../state/state.ts';

/** `the runs in .gq/state.db are 1..12 (12 runs; the newest is 12)`, or that it holds none yet. */
export function runIdsHint(state: State): string {
  const { first, last, count } = state.runs.idSpan();
  if (first === null || last === null) return `${state.path} holds no runs yet (gq backfill or the daemon makes them)`;
  const ids = first === last ? `run ${first}` : `runs ${first}..${last}${count === last - first + 1 ? '' : ` (${count} of them)`}`;
  return `${state.path} holds ${ids}; the newest is ${last}, and gq runs lists them`;
}

/** A run id as typed: a whole number above 0, or undefined. */
export function parseRunId(s: string | undefined): number | undefined {
  return s !== undefined && /^\d+$/.test(s) && Number(s) > 0 ? Number(s) : undefined;
}
