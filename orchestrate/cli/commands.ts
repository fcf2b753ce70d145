/** The implementations of gq daemon and backfill (loaded lazily by cli/orchestrate-command.ts; gq runs and assets are in runs-command.ts). */
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
  const { startDaemon } = await import('../daemon.ts'); // loaded only by the commands that start one, so `gq runs` stays light
  const d = await startDaemon({ config: cfg, cwd: process.cwd(), host: flags.host === undefined ? '127.0.0.1' : String(flags.host), port, queue: flags.queue === undefined ? undefined : String(flags.queue) });
  if (d.http !== null) out(`gq daemon: ${d.http.url} (metrics at /metrics, JSON API at /api/runs); state ${cfg.statePath}`);
  const graceMs = flags.grace === undefined ? 30_000 : Number(flags.grace) * 1000;
  const stop = (sig: string): void => {
    process.stderr.write(`gq daemon: ${sig}: no new runs; stopping\n`);
    void d.stop(graceMs);
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  await d.stopped;
  await d.stop(graceMs);
}

/** `gq backfill`: queued for the running daemon, or run here in the foreground when none runs. */
export async function backfillCommand(flags: Flags): Promise<void> {
  if (flags.from === undefined || flags.to === undefined) throw new GqError('BAD_OPTION', 'gq backfill needs --from YYYY-MM-DD and --to YYYY-MM-DD');
  const cfg = loadDaemonConfig(flags.config as string | undefined, process.cwd());
  if (flags.state !== undefined) cfg.statePath = String(flags.state);
  const asset = String(flags.asset ?? 'dataset');
  const probe = openState(cfg.statePath);
  const plan = requestBackfill(probe, asset, String(flags.from), String(flags.to), Date.now());
  const live = liveDaemon(probe);
  out(`backfill ${plan.backfill.id} of ${asset}: ${plan.partitions.length} partitions ${plan.partitions[0]}..${plan.partitions.at(-1)}${plan.resumed ? ` (resumed: ${plan.requested.length} newly queued)` : ''}`);
  if (live !== null) {
    probe.close();
    out(`queued for the running daemon (pid ${live.pid}); follow it with gq runs`);
    return;
  }
  probe.close();
  const { startDaemon } = await import('../daemon.ts');
  const d = await startDaemon({ config: cfg, cwd: process.cwd(), port: null, schedules: false, sensors: false, log: (l) => process.stderr.write(`${l}\n`) });
  const stopOn = (): void => void d.stop(0);
  process.once('SIGTERM', stopOn);
  process.once('SIGINT', stopOn);
  const b = plan.backfill;
  for (;;) {
    const p = backfillProgress(d.state, b);
    const open = p.filter((x) => x.status === 'queued' || x.status === 'running' || x.status === 'interrupted');
    const failed = p.filter((x) => x.status === 'failed' && !d.state.runs.queued().some((q) => q.partitions.includes(x.partition)));
    if (open.length === 0 && d.dispatcher.active().length === 0 && d.state.runs.queued().length === 0) {
      const done = p.filter((x) => x.status === 'success').length;
      await d.stop(0);
      out(`backfill ${b.id}: ${done} of ${p.length} partitions done${failed.length > 0 ? `, ${failed.length} failed: ${failed.map((f) => f.partition).join(', ')}` : ''}`);
      if (failed.length > 0) process.exitCode = 1;
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
