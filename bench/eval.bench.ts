/**
 * gq eval against its anchor, in the same run: the daily IC the way an alphalens user computes it (pandas groupby
 * on the date, scipy spearmanr per group and forward-return column, pearsonr for the IC; fixtures/eval/pandas_anchor.py),
 * on the same columns, with the values compared before any time is printed.
 *   ./node_modules/.bin/node bench/eval.bench.ts [--dataset /tmp/gq-bench/dataset.parquet] [--workers 2] [--anchor-features 6]
 * The anchor's cost is one independent loop per feature; with --anchor-features K < all it runs K features spread
 * over the list and its time is scaled by F/K (said in the output). --anchor-features 0 runs every feature.
 * gq's end-to-end figure includes reading the Parquet file; the anchor's does not (it is given raw arrays, untimed).
 * Prints wall and CPU seconds (all threads) of each side and the load average around each phase.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { evalTargets, evaluateTable } from '../eval/evaluate.ts';
import { selectFeatures } from '../eval/columns.ts';
import { loadEvalTable, numericColumns } from '../eval/load-table.ts';
import { runEval, writeEvalReport } from '../eval/run-eval.ts';
import { peakRssMiB } from './args.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
const dataset = arg('dataset', '/tmp/gq-bench/dataset.parquet');
const workers = Number(arg('workers', String(availableParallelism())));
const anchorK = Number(arg('anchor-features', '6'));
const out = mkdtempSync(join(tmpdir(), 'gq-eval-bench-'));

// gq eval, end to end without the page; then its read alone and its compute alone (columns in memory), then the page.
// CPU seconds are the whole process's (every thread); the load average is printed beside each phase.
const cpuS = (): number => { const c = process.cpuUsage(); return (c.user + c.system) / 1e6; };
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');
const loads: Record<string, string> = { start: load() };
let c0 = cpuS();
const t0 = performance.now();
const { report } = await runEval({ dataset, out, html: false, workers });
const gqWall = (performance.now() - t0) / 1000;
const gqCpu = cpuS() - c0;
const rssGq = await peakRssMiB(); // gq eval's own peak, before the bench loads anything else
loads.after_gq_eval = load();
c0 = cpuS();
const tr = performance.now();
const all = await loadEvalTable(dataset, [...selectFeatures(await numericColumns(dataset), {}), 'target_5d', 'target_1d', 'target_10d', 'target_20d'], workers);
const readWall = (performance.now() - tr) / 1000;
const readCpu = cpuS() - c0;
c0 = cpuS();
const tc = performance.now();
await evaluateTable(all, { features: report.features.map((f) => f.name), target: 'target_5d', workers });
const computeWall = (performance.now() - tc) / 1000;
const computeCpu = cpuS() - c0;
loads.after_compute = load();
all.columns.clear();
const t1 = performance.now();
await writeEvalReport(report, out, dataset, true);
const htmlS = (performance.now() - t1) / 1000;

// The anchor's columns, as raw arrays (pandas 1.5 here has no Parquet reader); not timed.
const numeric = await numericColumns(dataset);
const features = selectFeatures(numeric, {});
const { targets } = evalTargets(numeric, 'target_5d');
const picked = anchorK > 0 && anchorK < features.length
  ? Array.from({ length: anchorK }, (_, k) => features[Math.floor((k * features.length) / anchorK)]!)
  : features;
const table = await loadEvalTable(dataset, [...picked, ...targets], workers);
const dir = join(out, 'anchor');
spawnSync('mkdir', ['-p', dir]);
writeFileSync(join(dir, 'Date.bin'), new Uint8Array(table.date.buffer, 0, table.rows * 4));
writeFileSync(join(dir, 'Code.bin'), new Uint8Array(table.code.buffer, 0, table.rows * 4));
for (const c of [...picked, ...targets]) writeFileSync(join(dir, `${c}.bin`), new Uint8Array(table.columns.get(c)!.buffer, 0, table.rows * 8));
writeFileSync(join(dir, 'meta.json'), JSON.stringify({ features: picked, targets }));
loads.before_anchor = load();
const py = spawnSync('/usr/bin/python3', [new URL('../fixtures/eval/pandas_anchor.py', import.meta.url).pathname, dir], { encoding: 'utf8', maxBuffer: 1 << 30 });
if (py.status !== 0) throw new Error(`pandas anchor failed: ${py.stderr}`);
loads.after_anchor = load();
const anchor = JSON.parse(py.stdout) as { seconds: number; cpu_seconds: number; pandas: string; scipy: string; rank_ic: Record<string, Record<string, number | null>>; ic: Record<string, Record<string, number | null>> };

// Values first: every per-date rank IC and IC of the anchored features.
let compared = 0;
let maxDiff = 0;
for (const f of picked) {
  const r = report.features.find((x) => x.name === f)!;
  for (const [series, mine] of [['rank_ic', r.daily.rankIc], ['ic', r.daily.ic]] as const) {
    const theirs = anchor[series][f]!;
    report.dates.forEach((d, k) => {
      const a = theirs[d] ?? null;
      const b = Number.isFinite(mine[k]!) ? mine[k]! : null;
      if ((a === null) !== (b === null)) throw new Error(`${f} ${series} ${d}: pandas ${a}, gq ${b}`);
      if (a !== null && b !== null) { maxDiff = Math.max(maxDiff, Math.abs(a - b)); compared++; }
    });
  }
}
if (maxDiff > 1e-9) throw new Error(`gq and pandas differ by ${maxDiff}`);

const scale = features.length / picked.length;
const anchorWall = anchor.seconds * scale;
const anchorCpu = anchor.cpu_seconds * scale;
const result = {
  rows: report.rows, codes: report.codes, dates: report.dates.length, features: features.length, workers,
  gq_eval_s: +gqWall.toFixed(2), gq_cpu_s: +gqCpu.toFixed(2), gq_read_s: +readWall.toFixed(2), gq_read_cpu_s: +readCpu.toFixed(2), gq_compute_s: +computeWall.toFixed(2), gq_compute_cpu_s: +computeCpu.toFixed(2), gq_timing_s: report.timing, html_s: +htmlS.toFixed(2), peak_rss_mib: rssGq,
  anchor_features_run: picked.length, anchor_s_measured: +anchor.seconds.toFixed(2), anchor_s_all_features: +anchorWall.toFixed(1),
  anchor_cpu_s_all_features: +anchorCpu.toFixed(1), speedup_wall: +(anchorWall / gqWall).toFixed(1), speedup_cpu: +(anchorCpu / gqCpu).toFixed(1),
  compute_speedup_wall: +(anchorWall / computeWall).toFixed(1), compute_speedup_cpu: +(anchorCpu / computeCpu).toFixed(1),
  values_compared: compared, max_abs_diff: maxDiff, pandas: anchor.pandas, scipy: anchor.scipy, loadavg_1_5_15: loads,
};
process.stdout.write(`| ${report.rows} rows x ${features.length} features | gq eval (${workers} workers) | pandas + scipy, alphalens way |\n|---|---|---|\n`);
process.stdout.write(`| wall | ${gqWall.toFixed(1)} s (read ${report.timing.read_s!.toFixed(1)} s, per-date pass ${report.timing.pass_s!.toFixed(1)} s) | ${anchorWall.toFixed(0)} s${picked.length < features.length ? ` (${anchor.seconds.toFixed(1)} s for ${picked.length} features x ${scale.toFixed(2)})` : ''} |\n`);
process.stdout.write(`| CPU | ${gqCpu.toFixed(1)} s | ${anchorCpu.toFixed(0)} s |\n`);
process.stdout.write(`| read alone (Parquet -> shared date-major columns): wall / CPU | ${readWall.toFixed(1)} s / ${readCpu.toFixed(1)} s | not timed (raw arrays) |\n`);
process.stdout.write(`| ratio end to end: wall / CPU | ${(anchorWall / gqWall).toFixed(1)}x / ${(anchorCpu / gqCpu).toFixed(1)}x | 1x |\n`);
process.stdout.write(`| compute only (columns in memory): wall / CPU | ${computeWall.toFixed(1)} s / ${computeCpu.toFixed(1)} s | ${anchorWall.toFixed(0)} s / ${anchorCpu.toFixed(0)} s |\n| eval.html (charts) | ${htmlS.toFixed(1)} s | - |\n`);
process.stdout.write(`load average (1, 5, 15 min): ${Object.entries(loads).map(([k, v]) => `${k} ${v}`).join('; ')}\n`);
process.stdout.write(`${JSON.stringify(result)}\n`);
rmSync(out, { recursive: true, force: true });
