/**
 * Kernel microbenchmarks of the families of issue 15 (tinybench, one thread, ns per panel row):
 * every a158_ kernel alone, every per-date kernel alone over all dates, and the per-date pass as a whole
 * (date inputs for every code + date index + every date kernel). Next to tinybench's wall figure, each kernel's
 * CPU time (process.cpuUsage, the smallest of --reps single calls) per row, which a loaded machine inflates less;
 * the load average is printed at the start and the end.
 *   node bench/families.bench.ts [--codes 200 --days 1250 --time 200 --reps 3]
 */
import { loadavg } from 'node:os';
import { Bench } from 'tinybench';
import { assemblePanel } from '../engine/assemble-panel.ts';
import { columnsOf, computeShard, makeScratch } from '../engine/compute-shard.ts';
import { buildDateIndex } from '../engine/date-index.ts';
import { computeDatePass, computeDateShard, makeDateScratch, sectorOf, splitPlan } from '../engine/date-pass.ts';
import { allocateOutputs } from '../engine/feature-columns.ts';
import { masterAsOf } from '../engine/master-asof.ts';
import { formatDay } from '../engine/dates.ts';
import type { DateSegment } from '../kernels/feature-def.ts';
import { A158 } from '../kernels/features-a158.ts';
import { computePlan } from '../kernels/registry.ts';
import { generateMarket } from '../io/sample/market.ts';
import { masterRecordOn } from '../io/sample/master-history.ts';
import { benchArgs } from './args.ts';

const a = benchArgs({ codes: 200, days: 1250, time: 200, reps: 3 });
const cpu0 = process.cpuUsage();
const t0 = performance.now();
console.log(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const m = generateMarket({ codes: a.codes!, days: a.days!, withAdjusted: false });
const { panel } = assemblePanel(m.bars, m.topix);
const master = [];
for (let di = 0; di < m.days.length; di += 5) {
  for (let k = 0; k < m.master.length; k++) {
    const r = masterRecordOn(m.master, m.masterChanges, k, di);
    master.push({ Date: formatDay(m.days[di]!), Code: r.Code, S33: r.S33, Mkt: r.Mkt });
  }
}
Object.assign(panel, masterAsOf(panel, master));
const n = panel.codes.length;
const rows: { kernel: string; ns_per_row: number; rme_pct: number; cpu_ns_per_row: number }[] = [];
const fns = new Map<string, () => unknown>();
/** The smallest CPU time (user + system, this thread's process) of `reps` calls of fn, in ns per panel row. */
const cpuPerRow = (fn: () => unknown): number => {
  let best = Infinity;
  for (let i = 0; i < a.reps!; i++) {
    const c = process.cpuUsage();
    fn();
    const d = process.cpuUsage(c);
    best = Math.min(best, d.user + d.system);
  }
  return +((best * 1e3) / panel.rows).toFixed(2);
};
const add = (bench: Bench, name: string, fn: () => unknown): void => { fns.set(name, fn); bench.add(name, fn); };
const record = (bench: Bench): void => {
  for (const t of bench.tasks) {
    const r = t.result;
    if (r.state !== 'completed') continue;
    rows.push({ kernel: t.name, ns_per_row: +((r.latency.mean * 1e6) / panel.rows).toFixed(2), rme_pct: +r.latency.rme.toFixed(1), cpu_ns_per_row: cpuPerRow(fns.get(t.name)!) });
  }
};

// Alpha158, per code.
const a158Out = allocateOutputs(A158, panel.rows);
const col = columnsOf(panel, a158Out);
const scratch = makeScratch(panel.offsets);
const b1 = new Bench({ time: a.time, warmupTime: 50 });
for (const f of A158) add(b1, f.name, () => computeShard([f], col, panel.offsets, panel.codes, 0, n, scratch));
add(b1, 'a158 (all 158)', () => computeShard(A158, col, panel.offsets, panel.codes, 0, n, scratch));
await b1.run();
record(b1);

// Per-date kernels, each over every date, inputs computed once.
const plan = computePlan({ families: ['sector', 'cross_section', 'target_rank'] });
const split = splitPlan(plan);
const inputs = allocateOutputs(split.dateInputs, panel.rows);
const icol = columnsOf(panel, inputs);
computeShard(split.dateInputs, icol, panel.offsets, panel.codes, 0, n, scratch);
const dateOut = allocateOutputs(split.date, panel.rows);
const index = buildDateIndex(panel.date);
const g: DateSegment = {
  dLo: 0, dHi: index.dates.length, offsets: index.offsets, rows: index.rows, col: { ...icol, ...dateOut },
  traded: panel.traded, sector: sectorOf(panel), scratch: makeDateScratch(index.offsets), iscratch: new Int32Array(0),
};
const b2 = new Bench({ time: a.time, warmupTime: 50 });
for (const f of split.date) add(b2, f.name, () => computeDateShard([f], g));
add(b2, 'date kernels (all 32)', () => computeDateShard(split.date, g));
add(b2, 'date index (buildDateIndex)', () => buildDateIndex(panel.date));
add(b2, `date inputs (${split.dateInputs.length} per-code features)`, () => computeShard(split.dateInputs, icol, panel.offsets, panel.codes, 0, n, scratch));
add(b2, 'per-date pass, whole (one thread)', () => computeDatePass(panel, plan));
await b2.run();
record(b2);

console.table(rows);
const a158Total = rows.filter((r) => r.kernel.startsWith('a158_')).reduce((s, r) => s + r.ns_per_row, 0);
const a158Cpu = rows.filter((r) => r.kernel.startsWith('a158_')).reduce((s, r) => s + r.cpu_ns_per_row, 0);
const cpu = process.cpuUsage(cpu0);
console.log(`load average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}; bench ${((performance.now() - t0) / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU`);
console.log(JSON.stringify({ rows: panel.rows, codes: n, dates: index.dates.length, a158_sum_ns_per_row: +a158Total.toFixed(1), a158_sum_cpu_ns_per_row: +a158Cpu.toFixed(1), load_avg_end: +loadavg()[0]!.toFixed(2), slowest_cpu: [...rows].filter((r) => !r.kernel.includes('(')).sort((x, y) => y.cpu_ns_per_row - x.cpu_ns_per_row).slice(0, 8) }));
