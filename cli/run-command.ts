/** `gq run`: options, progress on stderr, and where the outputs are on stdout. */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDotEnv } from '../io/jquants/dotenv.ts';
import { createBus } from '../pipeline/events.ts';
import { runPipeline } from '../pipeline/run.ts';
import { parseRunOptions } from '../pipeline/run-options.ts';
import { renderProgress } from './progress.ts';

/** Whether a J-Quants key is configured (environment or .env); its value is never read here. */
function hasApiKey(cwd: string): boolean {
  if ((process.env.JQUANTS_API_KEY ?? '').trim() !== '') return true;
  const p = join(cwd, '.env');
  return existsSync(p) && (parseDotEnv(readFileSync(p, 'utf8')).JQUANTS_API_KEY ?? '').trim() !== '';
}

/** Runs the pipeline for the parsed flags and prints the files it wrote. */
export async function runGq(flags: Record<string, unknown>, argv: string[]): Promise<void> {
  const cwd = process.cwd();
  const o = parseRunOptions(flags, process.env, cwd, ['gq', ...argv.slice(2)], hasApiKey(cwd));
  const bus = createBus();
  const finish = renderProgress(bus);
  if (o.source.kind === 'sample') bus.emit('info', 'no JQUANTS_API_KEY set: running the sample market through the local J-Quants stand-in');
  if (o.skipQualityChecks) bus.emit('warn', 'QUALITY CHECKS SKIPPED (--skip-quality-checks): bad rows are NOT quarantined and the report says so');
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
