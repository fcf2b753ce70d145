/**
 * Whole-pipeline bench: the sample market (default 4,000 codes x 1,250 days) from cached raw data to Parquet.
 *   npm run bench:pipeline [-- --codes 4000 --days 1250 --workers 2 --csv 0]
 * A first child process fills the raw cache through the stand-in (timed, but not the point); a second one runs
 * `gq run` from the cache alone, so its peak RSS (VmHWM) is the pipeline's own. The last line is one JSON object:
 * rows, per-stage seconds and rows/s, end-to-end seconds, peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBus } from '../pipeline/events.ts';
import { runPipeline } from '../pipeline/run.ts';
import { parseRunOptions } from '../pipeline/run-options.ts';
import { benchArgs, peakRssMiB } from './args.ts';

const a = benchArgs({ codes: 4000, days: 1250, workers: 2, csv: 0, child: 0, keep: 0 });

if (a.child === 1) {
  const dir = process.env.GQ_BENCH_DIR!;
  const o = parseRunOptions(
    { sampleCodes: a.codes, sampleDays: a.days, workers: a.workers, format: a.csv === 1 ? 'parquet,csv' : 'parquet', output: join(dir, 'out'), cacheDir: join(dir, 'cache') },
    {}, dir, ['bench'], false,
  );
  const t0 = performance.now();
  const r = await runPipeline(o, createBus());
  const total = (performance.now() - t0) / 1000;
  const stages = Object.fromEntries(Object.entries(r.timings).map(([k, v]) => [k, { s: +((v ?? 0) / 1000).toFixed(2), rows_per_s: Math.round(r.rows / ((v ?? 1) / 1000)) }]));
  const parquet = r.files.find((f) => f.kind === 'parquet');
  console.log(JSON.stringify({ rows: r.rows, codes: r.codes, end_to_end_s: +total.toFixed(2), rows_per_s: Math.round(r.rows / total), stages, parquet_mib: Math.round((parquet?.bytes ?? 0) / 1048576), peak_rss_mib: await peakRssMiB() }));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'gq-bench-'));
  const child = (): Record<string, unknown> => {
    const p = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', '1', '--codes', String(a.codes), '--days', String(a.days), '--workers', String(a.workers), '--csv', String(a.csv)], { env: { ...process.env, GQ_BENCH_DIR: dir }, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (p.status !== 0) throw new Error(`bench child failed: ${p.stderr}`);
    return JSON.parse(p.stdout.trim().split('\n').at(-1)!);
  };
  try {
    const cold = child();
    console.log(`cold run (fetches through the stand-in): ${JSON.stringify(cold)}`);
    const warm = child();
    console.log(`cached run: ${warm.rows} rows in ${warm.end_to_end_s} s (${warm.rows_per_s} rows/s), peak RSS ${warm.peak_rss_mib} MiB`);
    console.log(JSON.stringify({ workers: a.workers, cold_end_to_end_s: cold.end_to_end_s, ...warm }));
  } finally {
    if (a.keep !== 1) rmSync(dir, { recursive: true, force: true });
  }
}
