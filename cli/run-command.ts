/** `gq run`: options, progress on stderr, and where the outputs are on stdout. */
import { relative } from 'node:path';
import { LEGACY_VARIABLES, readDotEnv } from '../io/jquants/dotenv.ts';
import { legacyCredentialsMessage, missingKeyMessage } from '../io/jquants/errors.ts';
import { removeStaleTemps } from '../io/stale-temps.ts';
import { GqError } from '../pipeline/errors.ts';
import { createBus } from '../pipeline/events.ts';
import { runPipeline } from '../pipeline/run.ts';
import { parseRunOptions } from '../pipeline/run-options.ts';
import { rawValue } from './argv.ts';
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

/** Runs the pipeline for the parsed flags and prints the files it wrote. */
export async function runGq(given: Record<string, unknown>, argv: string[]): Promise<void> {
  const cwd = process.cwd();
  const env = environment(cwd);
  const flags = textFlags(given, argv);
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
