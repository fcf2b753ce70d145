/**
 * The per-date pass (design.md "Engine, second axis"): features computed across the codes of each date (families.md
 * §5, §6, §8). It reads whole-panel columns: the per-code features it needs are computed first for every code (the
 * "date inputs"), then date shards (contiguous date ranges of the date-major index) run the date kernels, which
 * write at the rows of their dates. Single-threaded here; date-pass-pool.ts runs the same steps on the pool.
 */
import type { DateSegment, FeatureDef } from '../kernels/feature-def.ts';
import { computePlan } from '../kernels/registry.ts';
import { columnsOf, computeShard, makeScratch } from './compute-shard.ts';
import { buildDateIndex, type DateIndex } from './date-index.ts';
import { formatDay } from './dates.ts';
import { allocateOutputs } from './feature-columns.ts';
import type { Panel } from './panel.ts';
import { sharedI32 } from './shared.ts';

/** A plan split by pass: `dateInputs` are the per-code features (with their dependencies) the date features read. */
export type SplitPlan = { code: FeatureDef[]; date: FeatureDef[]; dateInputs: FeatureDef[] };

/** Splits a compute plan into its per-code and per-date parts. */
export function splitPlan(plan: readonly FeatureDef[]): SplitPlan {
  const date = plan.filter((f) => f.pass === 'date');
  const code = plan.filter((f) => f.pass !== 'date');
  const dateInputs = date.length === 0 ? [] : computePlan({ features: [...new Set(date.flatMap((f) => f.inputs))] }).filter((f) => f.pass !== 'date');
  return { code, date, dateInputs };
}

/** Scratch columns for date kernels, each as long as the largest date. */
export function makeDateScratch(offsets: Int32Array): Float64Array[] {
  let max = 1;
  for (let d = 0; d + 1 < offsets.length; d++) max = Math.max(max, offsets[d + 1]! - offsets[d]!);
  return [new Float64Array(max), new Float64Array(max), new Float64Array(max)];
}

/** Runs the date features over the segment's dates, writing each into g.col[name]; errors name the feature and date. */
export function computeDateShard(defs: readonly FeatureDef[], g: DateSegment, dates?: Int32Array): void {
  for (const f of defs) {
    try {
      f.computeDates!(g, g.col[f.name]!);
    } catch (e) {
      const at = dates === undefined ? `dates ${g.dLo}..${g.dHi - 1}` : `${formatDay(dates[g.dLo]!)}..${formatDay(dates[g.dHi - 1]!)}`;
      throw new Error(`feature ${f.name} failed on ${at}: ${(e as Error).message}`);
    }
  }
}

/** The per-row sector column a date kernel reads: the panel's, or -1 (no sector) everywhere when the run has no master. */
export function sectorOf(panel: Pick<Panel, 'rows' | 'sector33'>): Int32Array {
  return panel.sector33 ?? sharedI32(panel.rows).fill(-1);
}

/** Whole-panel columns of a date pass: the date inputs and the date outputs. */
export type DatePassColumns = { inputs: Record<string, Float64Array>; outputs: Record<string, Float64Array>; index: DateIndex };

/** The whole per-date pass in this thread (tests, small panels): date inputs for every code, then every date. */
export function computeDatePass(panel: Panel, plan: readonly FeatureDef[]): DatePassColumns {
  const split = splitPlan(plan);
  const inputs = allocateOutputs(split.dateInputs, panel.rows);
  const col = columnsOf(panel, inputs);
  computeShard(split.dateInputs, col, panel.offsets, panel.codes, 0, panel.codes.length, makeScratch(panel.offsets));
  const outputs = allocateOutputs(split.date, panel.rows);
  const index = buildDateIndex(panel.date);
  const g: DateSegment = {
    dLo: 0, dHi: index.dates.length, offsets: index.offsets, rows: index.rows, col: { ...col, ...outputs },
    traded: panel.traded, sector: sectorOf(panel), scratch: makeDateScratch(index.offsets), iscratch: new Int32Array(0),
  };
  computeDateShard(split.date, g, index.dates);
  return { inputs, outputs, index };
}
