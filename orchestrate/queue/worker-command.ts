/** `gq worker`: runs until SIGTERM or SIGINT, then lets its running jobs finish (loaded lazily by cli/orchestrate-command.ts). */
import { readDotEnv } from '../../io/jquants/dotenv.ts';
import { GqError } from '../../pipeline/errors.ts';
import { startWorker } from './worker.ts';

/** The command. */
export async function workerCommand(flags: Record<string, unknown>): Promise<void> {
  if (flags.queue === undefined) throw new GqError('BAD_OPTION', 'gq worker needs --queue redis://HOST:PORT (the same as its gq daemon --queue)');
  const num = (v: unknown, what: string, dflt: number): number => {
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 1) throw new GqError('BAD_OPTION', `${what} ${String(v)} must be a number >= 1`);
    return n;
  };
  const cwd = process.cwd();
  const w = await startWorker({
    url: String(flags.queue), concurrency: Math.floor(num(flags.concurrency, '--concurrency', 1)), stallSeconds: num(flags.stallSeconds, '--stall-seconds', 30),
    name: flags.name === undefined ? undefined : String(flags.name), cwd, env: { ...readDotEnv(cwd), ...process.env },
    log: (line) => process.stderr.write(`[${new Date().toISOString()}] ${line}\n`),
  });
  process.stdout.write(`gq worker ${w.name}: ${w.where}\n`);
  await new Promise<void>((resolve) => {
    const stop = (sig: string): void => {
      process.stderr.write(`gq worker: ${sig}: finishing running jobs, taking no new ones\n`);
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await w.close();
}
