/** The implementations of gq daemon and backfill (loaded lazily by cli/orchestrate-command.ts; gq runs and assets are in runs-command.ts). */
import { plural } from '../../io/plural.ts';
import { GqError } from '../../pipeline/errors.ts';
import { backfillProgress, requestBackfill } from '../backfill.ts';
import { loadDaemonConfig } from '../config.ts';
import { openState } from '../state/state.ts';
import { liveDaemon } from './daemon-alive.ts';

type Flags = Record<string, unknown>;

const out = (s: string): void => void process.stdout.write(`${s}\n`);

/** `gq daemon`: runs until SIGTERM or SIGINT. */
export async function daemonCommand(flags: Flags): Promise<void> {
  const cfg = loadDaemonConfig(flags.config as string | undefined, process.cwd());
  if (flags.state !== undefined) cfg.statePath = String(flags.state);
  const port = flags.port === undefined ? 9464 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new GqError('BAD_OPTION', `--port ${String(flags.port)} must be a port number (0 picks a free one)`);
  const grace = flags.grace === undefined ? 30 : Number(flags.grace);
  if (!Number.isFinite(grace) || grace < 0) throw new GqError('BAD_OPTION', `--grace ${String(flags.grace)} must be a number of seconds >= 0, e.g. --grace 30`);
  refuseSecondDaemon(cfg.statePath);
  const { startDaemon } = await import('../daemon.ts'); // loaded only by the commands that start one, so `gq runs` stays light
  const d = await startDaemon({ config: cfg, cwd: process.cwd(), host: flags.host === undefined ? '127.0.0.1' : String(flags.host), port, queue: flags.queue === undefined ? undefined : String(flags.queue) });
  if (d.http !== null) out(`gq daemon: ${d.http.url} (metrics at /metrics, JSON API at /api/runs); state ${cfg.statePath}`);
  const graceMs = grace * 1000;
  const stop = (sig: string): void => {
    process.stderr.write(`gq daemon: ${sig}: no new runs; stopping\n`);
    void d.stop(graceMs);
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  await d.stopped;
  await d.stop(graceMs);
}

/** Refuses to start a daemon on a state another live daemon runs on: it would mark that daemon's running runs interrupted and start the same queued runs. */
function refuseSecondDaemon(statePath: string): void {
  const probe = openState(statePath);
  try {
    const live = liveDaemon(probe);
    if (live !== null && live.pid !== process.pid) {
      throw new GqError('BAD_OPTION', `a gq daemon already runs on ${statePath} (pid ${live.pid}${live.url === null ? '' : `, ${live.url}`}); stop it first (kill -TERM ${live.pid}), or give this one its own state with --state`);
    }
  } finally {
    probe.close();
  }
}

/** The gq backfill command that resumes backfill `b`: its range, and the asset, config and state it was given. */
export function resumeCommand(b: { from: string; to: string }, flags: Flags): string {
  const quote = (v: unknown): string => { const t = String(v); return /^[\w./:@=+-]+$/.test(t) ? t : `'${t.replaceAll("'", "'\\''")}'`; };
  const extra = (['asset', 'config', 'state'] as const).filter((k) => flags[k] !== undefined).map((k) => ` --${k} ${quote(flags[k])}`).join('');
  return `gq backfill --from ${b.from} --to ${b.to}${extra}`;
}

/** `gq backfill`: queued for the running daemon, or run here in the foreground when none runs (Ctrl-C stops it; the same command resumes it). */
export async function backfillCommand(flags: Flags): Promise<void> {
  if (flags.from === undefined || flags.to === undefined) throw new GqError('BAD_OPTION', 'gq backfill needs --from YYYY-MM-DD and --to YYYY-MM-DD');
  const cfg = loadDaemonConfig(flags.config as string | undefined, process.cwd());
  if (flags.state !== undefined) cfg.statePath = String(flags.state);
  const asset = String(flags.asset ?? 'dataset');
  const probe = openState(cfg.statePath);
  let plan;
  try {
    plan = requestBackfill(probe, asset, String(flags.from), String(flags.to), Date.now());
  } catch (e) {
    probe.close();
    throw e;
  }
  const live = liveDaemon(probe);
  const n = plan.partitions.length;
  out(`backfill ${plan.backfill.id} of ${asset}: ${plural(n, 'partition')} ${plan.partitions[0]}..${plan.partitions.at(-1)}${plan.resumed ? ` (resumed: ${plan.requested.length} newly queued)` : ''}`);
  probe.close();
  if (live !== null) {
    out(`queued for the running daemon (pid ${live.pid}); follow it with gq runs`);
    return;
  }
  const { startDaemon } = await import('../daemon.ts');
  // The handlers come first: a Ctrl-C while the daemon starts must stop it too, not kill the process mid-start.
  let signal: NodeJS.Signals | null = null;
  let d: Awaited<ReturnType<typeof startDaemon>> | undefined;
  const stopOn = (sig: NodeJS.Signals): void => {
    signal = sig;
    process.stderr.write(`gq backfill: ${sig}: stopping; a running run is recorded interrupted\n`);
    void d?.stop(0);
  };
  process.once('SIGTERM', stopOn);
  process.once('SIGINT', stopOn);
  d = await startDaemon({ config: cfg, cwd: process.cwd(), port: null, schedules: false, sensors: false, log: (l) => process.stderr.write(`${l}\n`) });
  const b = plan.backfill;
  for (;;) {
    if (signal !== null) {
      await d.stop(0);
      const again = openState(cfg.statePath);
      const done = backfillProgress(again, b).filter((x) => x.status === 'success').length;
      again.close();
      out(`backfill ${b.id}: stopped by ${signal} with ${done} of ${n} partitions done; ${resumeCommand(b, flags)} resumes it`);
      process.exitCode = 128 + (signal === 'SIGINT' ? 2 : 15);
      return;
    }
    const p = backfillProgress(d.state, b);
    const open = p.filter((x) => x.status === 'queued' || x.status === 'running' || x.status === 'interrupted');
    if (open.length === 0 && d.dispatcher.active().length === 0 && d.state.runs.queued().length === 0) {
      const done = p.filter((x) => x.status === 'success').length;
      const notDone = (status: string): string => {
        const xs = p.filter((x) => x.status === status);
        return xs.length === 0 ? '' : `, ${xs.length} ${status}: ${xs.map((x) => `${x.partition} (run ${x.runId})`).join(', ')}`;
      };
      await d.stop(0);
      out(`backfill ${b.id}: ${done} of ${p.length} partitions done${notDone('failed')}${notDone('canceled')}`);
      if (done < p.length) process.exitCode = 1;
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
