/**
 * `gq runs`: opens the state and prints, and loads nothing else (no cac, no full config check, no calendar, daemon or
 * pipeline code), so it answers in about Node's own start time (bin/gq.js).
 */
import { GqError } from '../../pipeline/errors.ts';
import { RUN_STATUSES, type RunStatus } from '../state/runs.ts';
import { awaitRunEnd, cancelOutcome } from './await-cancel.ts';
import { liveDaemon } from './daemon-alive.ts';
import { parseRunId, runIdsHint } from './run-ids.ts';
import { runDetail, runsTable } from './runs-text.ts';
import { withState, type Flags } from './with-state.ts';

const out = (s: string): void => void process.stdout.write(`${s}\n`);
/** How long `gq runs cancel` waits for the daemon to stop a running run: its heartbeat (5 s), then the run's process (SIGTERM, SIGKILL after 5 s). */
const CANCEL_WAIT_SECONDS = 15;

/** `gq runs [show|cancel] [ID]`. */
export function runsCommand(action: string | undefined, id: string | undefined, flags: Flags): void {
  withState(flags, (state) => {
    if (action === undefined || action === 'list') {
      const status = flags.status === undefined ? undefined : String(flags.status);
      if (status !== undefined && !RUN_STATUSES.includes(status as RunStatus)) throw new GqError('BAD_OPTION', `--status ${status} is not a run status (${RUN_STATUSES.join(', ')})`);
      const limit = flags.limit === undefined ? 30 : Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new GqError('BAD_OPTION', `--limit ${String(flags.limit)} must be a whole number of runs from 1, e.g. --limit 100`);
      const runs = state.runs.list({ status: status as RunStatus | undefined, job: flags.job === undefined ? undefined : String(flags.job), limit });
      out(flags.json === true ? JSON.stringify(runs, null, 2) : runs.length === 0 ? 'no runs' : runsTable(runs));
      return;
    }
    const typed = `gq runs ${action}${id === undefined ? '' : ` ${id}`}`;
    if (action !== 'show' && action !== 'cancel') {
      if (parseRunId(action) !== undefined && id === undefined) throw new GqError('BAD_OPTION', `${typed}: ${action} looks like a run id, but gq runs takes an action first: gq runs show ${action} prints that run, gq runs cancel ${action} cancels it; ${runIdsHint(state)}`);
      throw new GqError('BAD_OPTION', `${typed}: unknown action "${action}"; use gq runs (the list), gq runs show ID or gq runs cancel ID; ${runIdsHint(state)}`);
    }
    const newest = state.runs.idSpan().last;
    if (id === undefined) throw new GqError('BAD_OPTION', `${typed}: which run? give its id${newest === null ? '' : `, e.g. gq runs ${action} ${newest}`}; ${runIdsHint(state)}`);
    const n = parseRunId(id);
    if (n === undefined) throw new GqError('BAD_OPTION', `${typed}: "${id}" is not a run id (run ids are whole numbers from 1); ${runIdsHint(state)}`);
    const r = state.runs.get(n);
    if (r === undefined) throw new GqError('BAD_OPTION', `${typed}: there is no run ${n}; ${runIdsHint(state)}`);
    if (action === 'show') {
      const log = state.runs.logs(n);
      out(flags.json === true ? JSON.stringify({ ...r, log }, null, 2) : runDetail(r, log));
      return;
    }
    if (state.runs.cancelQueued(n, Date.now(), 'canceled with gq runs cancel')) return out(`run ${n} canceled (it was queued)`);
    if (r.status !== 'running') throw new GqError('BAD_OPTION', `run ${n} is ${r.status}: only queued or running runs can be canceled`);
    const live = liveDaemon(state);
    if (live !== null) {
      state.kv.set(`cancel/${n}`, true, Date.now());
      const status = awaitRunEnd(state, n, CANCEL_WAIT_SECONDS * 1000);
      if (status !== null && status !== 'canceled') process.exitCode = 1;
      return out(cancelOutcome(n, live.pid, status, CANCEL_WAIT_SECONDS));
    }
    state.runs.interrupt(n, Date.now(), 'no daemon was running it');
    return out(`run ${n}: no daemon is running it; marked interrupted`);
  });
}
