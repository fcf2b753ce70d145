/**
 * What became of a running run after `gq runs cancel` asked its daemon to stop it: the daemon sees the request on its
 * next pass (at most its 5 s heartbeat) and stops the run's process, or the run ends first. Waits synchronously, so
 * `gq runs` (run without awaiting by its lean entry) keeps its one-line errors.
 */
import type { RunStatus } from '../state/runs.ts';
import type { State } from '../state/state.ts';

const pause = new Int32Array(new SharedArrayBuffer(4));

/** The run's status once it is no longer running, or null when it still runs after `ms`. */
export function awaitRunEnd(state: State, id: number, ms: number, everyMs = 100): RunStatus | null {
  const end = Date.now() + ms;
  for (;;) {
    const status = state.runs.get(id)?.status;
    if (status !== undefined && status !== 'running') return status;
    if (Date.now() >= end) return null;
    Atomics.wait(pause, 0, 0, everyMs);
  }
}

/** The line `gq runs cancel` prints for the outcome. */
export function cancelOutcome(id: number, pid: number, status: RunStatus | null, waitedSeconds: number): string {
  if (status === 'canceled') return `run ${id} canceled (the daemon, pid ${pid}, stopped it)`;
  if (status === null) return `run ${id}: cancel sent to the daemon (pid ${pid}); still running after ${waitedSeconds} s, gq runs show ${id} tells when it stops`;
  return `run ${id} ended ${status} before the cancel reached it: nothing was canceled`;
}
