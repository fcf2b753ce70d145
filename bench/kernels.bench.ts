/**
 * Kernel microbenchmarks (tinybench): every feature of the registry on one thread, in ns per row.
 *   npm run bench:kernels [-- --codes 200 --days 1250]
 * Each feature is timed alone, its inputs (earlier features) computed once beforehand.
 */
import { Bench } from 'tinybench';
import { assemblePanel } from '../engine/assemble-panel.ts';
import { columnsOf, computeShard, makeScratch } from '../engine/compute-shard.ts';
import { allocateOutputs } from '../engine/feature-columns.ts';
import { FEATURES } from '../kernels/registry.ts';
import { generateMarket } from '../io/sample/market.ts';
import { benchArgs } from './args.ts';

const a = benchArgs({ codes: 200, days: 1250, time: 200 });
const m = generateMarket({ codes: a.codes!, days: a.days!, withAdjusted: false });
const { panel } = assemblePanel(m.bars, m.topix);
const outputs = allocateOutputs(FEATURES, panel.rows);
const col = columnsOf(panel, outputs);
const scratch = makeScratch(panel.offsets);
const n = panel.codes.length;
computeShard(FEATURES, col, panel.offsets, panel.codes, 0, n, scratch); // every input of every feature, once

const bench = new Bench({ time: a.time, warmupTime: 50 });
for (const f of FEATURES) {
  if (f.kind !== 'f64') continue;
  bench.add(f.name, () => computeShard([f], col, panel.offsets, panel.codes, 0, n, scratch));
}
await bench.run();
const rows: { feature: string; ns_per_row: number; rme_pct: number }[] = [];
for (const t of bench.tasks) {
  const r = t.result;
  if (r.state !== 'completed') continue;
  rows.push({ feature: t.name, ns_per_row: +((r.latency.mean * 1e6) / panel.rows).toFixed(2), rme_pct: +r.latency.rme.toFixed(1) });
}
console.table(rows);
const total = rows.reduce((s, r) => s + r.ns_per_row, 0);
console.log(JSON.stringify({ rows: panel.rows, features: rows.length, total_ns_per_row: +total.toFixed(1), slowest: [...rows].sort((x, y) => y.ns_per_row - x.ns_per_row).slice(0, 5) }));
