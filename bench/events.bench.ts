/**
 * As-of joins of the four event families (families.md §1-§4) on the sample market: weekly flows by section (with
 * corrections), weekly margin for two thirds of the codes, ~5% of codes under daily alert, 4 statements per code per
 * year (the stand-in's records, hard cases included). Times the event tables, the joins in one thread, and the joins
 * as `gq run` does them: in the feature pool's workers, into the batch's already-allocated output slots.
 *   ./node_modules/.bin/node bench/events.bench.ts --codes 4000 --days 1100 --workers 2
 */
import { tseCalendar } from '../engine/calendar/tse-calendar.ts';
import { buildEvents } from '../engine/events/event-sources.ts';
import { EVENT_COLUMNS, EVENT_FAMILIES, joinEvents } from '../engine/events/join-events.ts';
import { createFeaturePool } from '../engine/feature-pool.ts';
import { rollingMean } from '../kernels/rolling-mean.ts';
import { benchArgs, peakRssMiB } from './args.ts';
import { eventBenchInput } from './event-input.ts';

const a = benchArgs({ codes: 4000, days: 1100, runs: 3, workers: 2 });
const { panel, flows, margin, alert, fins } = eventBenchInput(a.codes, a.days);
const records = flows.length + margin.length + alert.length + fins.length;
console.log(`panel ${panel.rows} rows x ${panel.codes.length} codes; records: flows ${flows.length}, margin ${margin.length}, alert ${alert.length}, fins ${fins.length}`);

const s = (ms: number): string => (ms / 1000).toFixed(3);
const timeIt = (fn: () => void): number => { const t = performance.now(); fn(); return performance.now() - t; };
/** CPU seconds of this process (every thread) while fn runs: a figure the other loads of a shared machine inflate less than wall time. */
const cpuOf = (fn: () => void): number => { const c = process.cpuUsage(); fn(); const d = process.cpuUsage(c); return (d.user + d.system) / 1000; };
const best = (fn: () => void): number => { let b = Infinity; for (let r = 0; r < a.runs; r++) b = Math.min(b, timeIt(fn)); return b; };
const recs = { flows, margin, dmi: alert, statements: fins };

let built!: ReturnType<typeof buildEvents>;
const tables = best(() => { built = buildEvents(panel, recs, tseCalendar); });
const tablesCpu = cpuOf(() => { built = buildEvents(panel, recs, tseCalendar); });
panel.events = built.join;

// One thread: the joins over the whole panel into arrays touched once before timing.
const vma = new Float64Array(panel.rows);
for (let k = 0; k < panel.codes.length; k++) rollingMean(panel.volume, panel.offsets[k]!, vma, panel.offsets[k]!, panel.offsets[k + 1]! - panel.offsets[k]!, 20);
const out: Record<string, Float64Array> = {};
for (const f of EVENT_FAMILIES) for (const c of EVENT_COLUMNS[f]) out[c] = new Float64Array(panel.rows).fill(0);
const single = best(() => joinEvents(built.join, EVENT_FAMILIES, 0, panel.codes.length, out, vma));
const perFamily = EVENT_FAMILIES.map((f) => `${f} ${s(best(() => joinEvents(built.join, [f], 0, panel.codes.length, out, vma)))}`).join(', ');
const singleCpu = cpuOf(() => joinEvents(built.join, EVENT_FAMILIES, 0, panel.codes.length, out, vma));
for (const c of Object.keys(out)) delete out[c];

// The pool, as gq run uses it: one batch of the whole panel; volume_ma_20 (their input) timed alone to subtract.
async function poolMs(features: string[]): Promise<{ wall: number; cpu: number }> {
  const pool = await createFeaturePool(panel, { workers: a.workers, features, slots: 1 });
  try {
    await pool.computeBatch(0, panel.codes.length);
    let wall = Infinity;
    let cpu = Infinity;
    for (let r = 0; r < a.runs; r++) {
      const c = process.cpuUsage();
      wall = Math.min(wall, (await pool.computeBatch(0, panel.codes.length)).ms);
      const d = process.cpuUsage(c);
      cpu = Math.min(cpu, (d.user + d.system) / 1000);
    }
    return { wall, cpu };
  } finally {
    await pool.close();
  }
}
const eventNames = EVENT_FAMILIES.flatMap((f) => [...EVENT_COLUMNS[f]]);
const withVma = await poolMs(eventNames);
const vmaOnly = await poolMs(['volume_ma_20']);
const { loadavg } = await import('node:os');

console.log(`load average while measuring: ${loadavg().map((x) => x.toFixed(1)).join(' ')} (2 cores)
| step (best of ${a.runs}) | wall s | CPU s |
|---|---|---|
| event tables from ${records} records (parse, effective days, sort; 1 thread) | ${s(tables)} | ${s(tablesCpu)} |
| as-of joins, 50 columns x ${panel.rows} rows, 1 thread | ${s(single)} | ${s(singleCpu)} |
| per family, 1 thread (wall) | ${perFamily} | |
| pool, ${a.workers} workers: volume_ma_20 + the 50 event columns | ${s(withVma.wall)} | ${s(withVma.cpu)} |
| pool, ${a.workers} workers: volume_ma_20 alone | ${s(vmaOnly.wall)} | ${s(vmaOnly.cpu)} |
| **as-of joins on the pool (difference)** | **${s(withVma.wall - vmaOnly.wall)}** | **${s(withVma.cpu - vmaOnly.cpu)}** |
peak RSS ${await peakRssMiB()} MiB`);
