/**
 * The per-date pass on the feature pool: the date inputs of every code (shards of whole codes), then the date
 * kernels (shards of contiguous dates, balanced by rows), both writing whole-panel shared columns. The per-code
 * batches that follow view the date outputs at their rows, so the pass runs once per panel whatever the batching.
 */
import type { Piscina } from 'piscina';
import { buildDateIndex, makeDateShards } from './date-index.ts';
import type { DateTask, PreTask } from './date-pass-worker.ts';
import { datePositions, sectorOf, type SplitPlan } from './date-pass.ts';
import { allocateOutputs } from './feature-columns.ts';
import type { Panel } from './panel.ts';
import type { PanelInputs } from './pool-types.ts';
import { makeShards } from './shards.ts';

export type DatePassResult = {
  /** Whole-panel columns of the date features. */
  outputs: Record<string, Float64Array>;
  /** Milliseconds of the date inputs and of the date kernels. */
  preMs: number;
  dateMs: number;
  /** Codes per date: the smallest, median and largest n(t) (metadata, §6.3). */
  codesPerDate: { min: number; median: number; max: number };
};

/** Runs the per-date pass of `split` for the whole panel on the pool's threads. */
export async function runDatePass(pool: Piscina, panel: Panel, view: PanelInputs, split: SplitPlan, shards: number): Promise<DatePassResult> {
  const t0 = performance.now();
  const inputs = allocateOutputs(split.dateInputs, panel.rows);
  const names = split.dateInputs.map((f) => f.name);
  await Promise.all(makeShards(panel.offsets, shards).map((s) => pool.run({ kind: 'pre', codeLo: s.codeLo, codeHi: s.codeHi, names, columns: inputs, panel: view } satisfies PreTask)));
  const t1 = performance.now();
  const index = buildDateIndex(panel.date);
  const shared = (a: Int32Array): Int32Array => { const s = new Int32Array(new SharedArrayBuffer(a.length * 4)); s.set(a); return s; };
  const offsets = shared(index.offsets);
  const dates = shared(index.dates);
  const pos = datePositions(index, new Int32Array(new SharedArrayBuffer(panel.rows * 4)));
  const codeOffsets = shared(panel.offsets);
  const outputs = allocateOutputs(split.date, panel.rows);
  const columns = { ...inputs, ...outputs };
  const sector = sectorOf(panel);
  const dateNames = split.date.map((f) => f.name);
  await Promise.all(makeDateShards(index, shards).map((s) => pool.run({
    kind: 'date', dLo: s.dateLo, dHi: s.dateHi, offsets, dates, pos, codeOffsets, names: dateNames, columns, traded: panel.traded, sector,
  } satisfies DateTask)));
  const counts = Array.from({ length: index.dates.length }, (_, d) => index.offsets[d + 1]! - index.offsets[d]!).sort((a, b) => a - b);
  return {
    outputs, preMs: t1 - t0, dateMs: performance.now() - t1,
    codesPerDate: { min: counts[0] ?? 0, median: counts[counts.length >> 1] ?? 0, max: counts[counts.length - 1] ?? 0 },
  };
}
