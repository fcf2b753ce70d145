/** `gq run`: options, progress on stderr, and where the outputs are on stdout. */
import { relative } from 'node:path';
import { LEGACY_VARIABLES, readDotEnv } from '../io/jquants/dotenv.ts';
import { legacyCredentialsMessage, missingKeyMessage } from '../io/jquants/errors.ts';
import { removeStaleTemps } from '../io/stale-temps.ts';
import { GqError } from '../pipeline/errors.ts';
import { createBus } from '../pipeline/events.ts';
import { runPipeline } from '../pipeline/run.ts';
import { parseRunOptions } from '../pipeline/run-options.ts';
import { renderProgress } from './progress.ts';

/** The environment merged over `.env` (values are only tested for presence here, never printed). */
function environment(cwd: string): Record<string, string | undefined> {
  return { ...readDotEnv(cwd), ...process.env };
}

/**
 * Whether this run goes to the real API. Without a key gq runs the sample market, unless the user clearly meant the
 * real API (a --plan, or V1 credentials left from before 2026-06-01): then the missing key is the error, with the fix.
 */
function wantsApi(flags: Record<string, unknown>, env: Record<string, string | undefined>): boolean {
  const hasKey = (env.JQUANTS_API_KEY ?? '').trim() !== '';
  if (hasKey || flags.sample === true || flags.source !== undefined || flags.dataset !== undefined) return hasKey;
  const legacy = LEGACY_VARIABLES.filter((n) => (env[n] ?? '') !== '');
  if (legacy.length > 0) throw new GqError('MISSING_KEY', legacyCredentialsMessage(legacy));
  if (flags.plan !== undefined) throw new GqError('MISSING_KEY', `--plan ${String(flags.plan)} asks for the real J-Quants API, but ${missingKeyMessage()} Without a key, drop --plan to run the sample market.`);
  return false;
}

/** Runs the pipeline for the parsed flags and prints the files it wrote. */
export async function runGq(flags: Record<string, unknown>, argv: string[]): Promise<void> {
  const cwd = process.cwd();
  const env = environment(cwd);
  const o = parseRunOptions(flags, env, cwd, ['gq', ...argv.slice(2)], wantsApi(flags, env));
  removeStaleTemps(o.output);
  const bus = createBus();
  const finish = renderProgress(bus);
  if (o.source.kind === 'sample') bus.emit('info', 'no JQUANTS_API_KEY set: running the sample market through the local J-Quants stand-in');
  const t0 = performance.now();
  try {
    const r = await runPipeline(o, bus);
    finish();
    const rel = (p: string): string => relative(cwd, p) || p;
    const lines = [`gq: ${r.rows} rows x ${r.codes} codes in ${((performance.now() - t0) / 1000).toFixed(1)} s`];
    for (const f of r.files) lines.push(`  ${f.kind.padEnd(15)} ${rel(f.path)} (${(f.bytes / 1048576).toFixed(1)} MiB)`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    finish();
  }
}
