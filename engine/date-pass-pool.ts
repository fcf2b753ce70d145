/**
 * The per-date pass on the feature pool: the date inputs of every code (shards of whole codes), then the date
 * kernels (shards of contiguous dates, balanced by rows), both writing whole-panel shared columns. The per-code
 * batches that follow view the date outputs at their rows, so the pass runs once per panel whatever the batching;
 * the features kept per date (cs_z_*, cs_breadth_*) get their rows' values in each batch (feature-pool.ts).
 */
import type { Piscina } from 'piscina';
import { buildDateIndex, makeDateShards } from './date-index.ts';
import type { DateTask, PreTask } from './date-pass-worker.ts';
import { allocateSummaries, datePositions, dayPlaces, sectorOf, type DayPlaces, type SplitPlan } from './date-pass.ts';
import { allocateOutputs } from './feature-columns.ts';
import type { FeatureDef } from '../kernels/feature-def.ts';
import type { Panel } from './panel.ts';
import type { PanelInputs } from './pool-types.ts';
import { sharedF64 } from './shared.ts';
import { makeShards } from './shards.ts';

export type DatePassResult = {
  /** Whole-panel columns of the date features, except those kept per date. */
  outputs: Record<string, Float64Array>;
  /** The numbers per date of the features kept per date (their `perDate`), and each day's place among the dates. */
  summaries: Record<string, Float64Array>;
  places: DayPlaces;
  /** Milliseconds of the date inputs and of the date kernels. */
  preMs: number;
  dateMs: number;
  /** Codes per date: the smallest, median and largest n(t) (metadata, §6.3). */
  codesPerDate: { min: number; median: number; max: number };
};

/** Runs the per-date pass of `split` for the whole panel on the pool's threads. */
export async function runDatePass(pool: Piscina, panel: Panel, view: PanelInputs, split: SplitPlan, shards: number): Promise<DatePassResult> {
  const t0 = performance.now();
  const outputs = allocateOutputs(split.date.filter((f) => f.perDate === undefined), panel.rows);
  const inputs = inputsIn(split.dateInputs, outputs, panel.rows);
  const names = split.dateInputs.map((f) => f.name);
  await Promise.all(makeShards(panel.offsets, shards).map((s) => pool.run({ kind: 'pre', codeLo: s.codeLo, codeHi: s.codeHi, names, columns: inputs, panel: view } satisfies PreTask)));
  const t1 = performance.now();
  const index = buildDateIndex(panel.date);
  const shared = (a: Int32Array): Int32Array => { const s = new Int32Array(new SharedArrayBuffer(a.length * 4)); s.set(a); return s; };
  const offsets = shared(index.offsets);
  const dates = shared(index.dates);
  const pos = datePositions(index, new Int32Array(new SharedArrayBuffer(panel.rows * 4)));
  const codeOffsets = shared(panel.offsets);
  const summaries = allocateSummaries(split.date, index.dates.length, (n) => sharedF64(n));
  const columns = { ...inputs, ...outputs, ...summaries };
  const sector = sectorOf(panel);
  const dateNames = split.date.map((f) => f.name);
  await Promise.all(makeDateShards(index, shards).map((s) => pool.run({
    kind: 'date', dLo: s.dateLo, dHi: s.dateHi, offsets, dates, pos, codeOffsets, names: dateNames, columns, traded: panel.traded, sector,
  } satisfies DateTask)));
  const counts = Array.from({ length: index.dates.length }, (_, d) => index.offsets[d + 1]! - index.offsets[d]!).sort((a, b) => a - b);
  return {
    outputs, summaries, places: dayPlaces(index.dates), preMs: t1 - t0, dateMs: performance.now() - t1,
    codesPerDate: { min: counts[0] ?? 0, median: counts[counts.length >> 1] ?? 0, max: counts[counts.length - 1] ?? 0 },
  };
}

/**
 * Whole-panel columns for the date inputs, each over the memory of one date output (a fresh column only when there
 * are more inputs than outputs). The date kernels of a block copy every input of the block's rows before they write
 * any output there, and no other block reads those rows, so an output may overwrite the input it shares memory with;
 * the outputs' pages are then faulted in once, by the date inputs, instead of twice as much memory being touched.
 */
function inputsIn(dateInputs: readonly FeatureDef[], outputs: Record<string, Float64Array>, rows: number): Record<string, Float64Array> {
  const free = Object.values(outputs);
  const inputs: Record<string, Float64Array> = {};
  for (const f of dateInputs) if (f.kind === 'f64') inputs[f.name] = free.shift() ?? sharedF64(rows, 0);
  return inputs;
}
