/** Registers gq daemon, runs, assets, backfill (issue 13; gq worker comes with issue 14). Implementations are imported lazily in each action, so `gq run` never loads them. */
import type { CAC } from 'cac';

/** Adds the commands to the CLI. */
export function registerOrchestrateCommands(cli: CAC): void {
  cli.command('daemon', 'Run the scheduler, sensors and runs, with /metrics and the JSON API (stop with SIGTERM or Ctrl-C)')
    .option('--config <file>', 'Schedules and settings (default: gq.schedules.json when present)')
    .option('--port <n>', 'HTTP port for /metrics, /health and /api (default 9464; 0 picks a free one)')
    .option('--host <host>', 'HTTP bind address (default 127.0.0.1)')
    .option('--queue <url>', 'Run on BullMQ workers (gq worker) through Redis, e.g. redis://10.0.0.5:6379')
    .option('--state <file>', 'State database (default .gq/state.db)')
    .option('--grace <seconds>', 'On stop, how long a running run may finish before it is recorded as interrupted (default 30)')
    .option('--verbose', 'Print the stack trace of an error')
    .action(async (flags) => {
      const { daemonCommand } = await import('../orchestrate/cli/commands.ts');
      await daemonCommand(flags);
    });
  cli.command('worker', 'Take runs from the queue of a gq daemon --queue (stop with SIGTERM or Ctrl-C: running jobs finish)')
    .option('--queue <url>', 'Redis URL, the same as the daemon\'s, e.g. redis://10.0.0.5:6379')
    .option('--concurrency <n>', 'Runs at once (default 1)')
    .option('--stall-seconds <n>', 'A job whose worker is silent this long goes to another worker (default 30)')
    .option('--name <name>', 'Name shown on the status page (default host:pid)')
    .option('--verbose', 'Print the stack trace of an error')
    .action(async (flags) => {
      const { workerCommand } = await import('../orchestrate/queue/worker-command.ts');
      await workerCommand(flags);
    });
  cli.command('runs [action] [id]', 'List runs; gq runs show ID (with its log); gq runs cancel ID')
    .option('--status <status>', 'Only runs in this status (queued, running, success, failed, canceled, interrupted)')
    .option('--job <job>', 'Only runs of this job')
    .option('--limit <n>', 'How many (default 30)')
    .option('--json', 'JSON instead of a table')
    .option('--config <file>', 'Daemon config (for the state path)')
    .option('--state <file>', 'State database (default .gq/state.db)')
    .option('--verbose', 'Print the stack trace of an error')
    .action(async (action, id, flags) => {
      const { runsCommand } = await import('../orchestrate/cli/runs-command.ts');
      runsCommand(action === undefined ? undefined : String(action), id === undefined ? undefined : String(id), flags);
    });
  cli.command('assets', 'Each asset: last materialized partition, freshness, stale or not')
    .option('--json', 'JSON instead of a table')
    .option('--config <file>', 'Daemon config (for the state path)')
    .option('--state <file>', 'State database (default .gq/state.db)')
    .option('--verbose', 'Print the stack trace of an error')
    .action(async (flags) => {
      const { assetsCommand } = await import('../orchestrate/cli/assets-command.ts');
      assetsCommand(flags);
    });
  cli.command('backfill', 'Build an asset for every TSE business day of a range (one run per day; resumable)')
    .option('--from <date>', 'First day, YYYY-MM-DD')
    .option('--to <date>', 'Last day, YYYY-MM-DD')
    .option('--asset <asset>', 'Asset to build (default dataset)')
    .option('--config <file>', 'Daemon config (default: gq.schedules.json when present)')
    .option('--state <file>', 'State database (default .gq/state.db)')
    .option('--verbose', 'Print the stack trace of an error')
    .action(async (flags) => {
      const { backfillCommand } = await import('../orchestrate/cli/commands.ts');
      await backfillCommand(flags);
    });
}
