/** `gq run`: options, progress on stderr, and where the outputs are on stdout. */
import { relative } from 'node:path';
import { DEFAULT_PLAN } from '../io/jquants/config.ts';
import { LEGACY_VARIABLES, readDotEnv } from '../io/jquants/dotenv.ts';
import { legacyCredentialsMessage, missingKeyMessage } from '../io/jquants/errors.ts';
import { removeStaleTemps } from '../io/stale-temps.ts';
import { GqError } from '../pipeline/errors.ts';
import { createBus } from '../pipeline/events.ts';
import { runPipeline } from '../pipeline/run.ts';
import { parseRunOptions, type RunOptions } from '../pipeline/run-options.ts';
import { rawValue } from './argv.ts';
import { formatSize } from '../io/file-size.ts';
import { renderProgress } from './progress.ts';

/** The environment merged over `.env` (values are only tested for presence here, never printed). */
function environment(cwd: string): Record<string, string | undefined> {
  return { ...readDotEnv(cwd), ...process.env };
}

/**
 * Whether this run goes to the real API. Without a key gq runs the sample market, unless the user clearly meant an
 * API (a --plan, JQUANTS_API_BASE_URL, or V1 credentials left from before 2026-06-01): then the missing key is the
 * error, with the fix.
 */
function wantsApi(flags: Record<string, unknown>, env: Record<string, string | undefined>): boolean {
  const hasKey = (env.JQUANTS_API_KEY ?? '').trim() !== '';
  if (hasKey || flags.sample === true || flags.source !== undefined || flags.dataset !== undefined) return hasKey;
  const legacy = LEGACY_VARIABLES.filter((n) => (env[n] ?? '') !== '');
  if (legacy.length > 0) throw new GqError('MISSING_KEY', legacyCredentialsMessage(legacy));
  if (flags.plan !== undefined) throw new GqError('MISSING_KEY', `--plan ${String(flags.plan)} asks for the real J-Quants API, but ${missingKeyMessage()} Without a key, drop --plan to run the sample market.`);
  // The URL itself is not printed: it may carry credentials.
  if ((env.JQUANTS_API_BASE_URL ?? '').trim() !== '') throw new GqError('MISSING_KEY', `JQUANTS_API_BASE_URL is set, so gq would fetch from that API, but ${missingKeyMessage()} To run the sample market instead, unset JQUANTS_API_BASE_URL or pass --sample.`);
  return false;
}

/** Flags whose value is a name or a path: cac turns `--tag 001` into the number 1, so these are taken as typed. */
const TEXT_FLAGS: Record<string, string> = { tag: '--tag', output: '--output', source: '--source', dataset: '--dataset', cacheDir: '--cache-dir', dividends: '--dividends' };

/** The flags with every name or path exactly as typed. */
function textFlags(flags: Record<string, unknown>, argv: readonly string[]): Record<string, unknown> {
  const out = { ...flags };
  for (const [key, name] of Object.entries(TEXT_FLAGS)) {
    const raw = rawValue(argv, name);
    if (raw !== undefined && out[key] !== undefined) out[key] = raw;
  }
  return out;
}

/** What a run tells first about where its data comes from (and the plan it assumes for the API). */
function sourceLines(o: RunOptions, flags: Record<string, unknown>, env: Record<string, string | undefined>): [string] | [] {
  if (o.source.kind === 'sample') {
    return [flags.sample === true ? '--sample: running the sample market through the local J-Quants stand-in (the API key is not used)' : 'no JQUANTS_API_KEY set: running the sample market through the local J-Quants stand-in'];
  }
  if (o.source.kind === 'api' && o.plan === undefined && (env.JQUANTS_PLAN ?? '').trim() === '') {
    return [`no --plan given: assuming the ${DEFAULT_PLAN} plan (its request pace and data window); set yours with --plan free|light|standard|premium or JQUANTS_PLAN`];
  }
  return [];
}

/** Runs the pipeline for the parsed flags and prints the files it wrote. */
export async function runGq(given: Record<string, unknown>, argv: string[]): Promise<void> {
  const cwd = process.cwd();
  const env = environment(cwd);
  const flags = textFlags(given, argv);
  const o = parseRunOptions(flags, env, cwd, ['gq', ...argv.slice(2)], wantsApi(flags, env));
  removeStaleTemps(o.output);
  // --push reads the store config after the run: a missing or unreadable one is said now, before anything is fetched.
  if (given.push === true) (await import('../store/config.ts')).readStoreConfig(undefined);
  const bus = createBus();
  const finish = renderProgress(bus);
  for (const line of sourceLines(o, flags, env)) bus.emit('info', line);
  const t0 = performance.now();
  try {
    const r = await runPipeline(o, bus);
    finish();
    const rel = (p: string): string => relative(cwd, p) || p;
    const lines = [`gq: ${r.rows} rows x ${r.codes} codes in ${((performance.now() - t0) / 1000).toFixed(1)} s`];
    for (const f of r.files) lines.push(`  ${f.kind.padEnd(15)} ${rel(f.path)} (${formatSize(f.bytes)})`);
    process.stdout.write(`${lines.join('\n')}\n`);
    if (given.push === true) process.stdout.write(`${await (await import('../store/push.ts')).pushRun(r.files)}\n`);
  } finally {
    finish();
  }
}
