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

/** Inverse of the date index: pos[row] is the row's place k in index.rows (rows of a code have increasing places). */
export function datePositions(index: DateIndex, into: Int32Array): Int32Array {
  const rows = index.rows;
  for (let k = 0; k < rows.length; k++) into[rows[k]!] = k;
  return into;
}

/**
 * A range of dates [dLo, dHi) of the date-major index to run date features on, over whole-panel columns: `pos` is
 * datePositions of the index, `codeOffsets` the panel's (code k owns rows codeOffsets[k] .. codeOffsets[k+1]).
 */
export type DateRange = {
  dLo: number; dHi: number; offsets: Int32Array; dates?: Int32Array; pos: Int32Array; codeOffsets: Int32Array;
  columns: Record<string, Float64Array>; traded: Uint8Array; sector: Int32Array;
};

/** Rows of a block: about this many rows of consecutive dates are copied to date-major arrays at a time. */
const BLOCK_ROWS = 1 << 16;

/** Per-thread buffers of the blocks (grown on demand, reused across blocks and tasks). */
const local = { f64: new Map<string, Float64Array>(), traded: new Uint8Array(0), sector: new Int32Array(0), iota: new Int32Array(0), lo: new Int32Array(0), hi: new Int32Array(0) };

function localF64(name: string, m: number): Float64Array {
  let a = local.f64.get(name);
  if (a === undefined || a.length < m) { a = new Float64Array(Math.max(m, BLOCK_ROWS)); local.f64.set(name, a); }
  return a;
}

/** First row r in [a, b) with pos[r] >= k (a code's places increase with its rows). */
function firstAtOrAfter(pos: Int32Array, a: number, b: number, k: number): number {
  while (a < b) { const h = (a + b) >>> 1; if (pos[h]! < k) a = h + 1; else b = h; }
  return a;
}

/**
 * Runs the date features over t's dates, a block of consecutive dates at a time: the block's inputs (and is_traded,
 * sector) are copied code by code into date-major arrays (each code's rows of the block are contiguous, so the reads
 * are sequential), the kernels run on those arrays in index order, and their outputs are copied back code by code.
 * The kernels see the same values in the same order as over the panel's columns through index.rows, so the results
 * are the same bits; the copies replace accesses ~one code apart (a cache miss each) by sequential ones. A block reads
 * all its inputs before it writes an output, so an output column may share memory with an input (date-pass-pool.ts).
 */
export function computeDateRange(defs: readonly FeatureDef[], t: DateRange): void {
  const outputs = new Set(defs.map((f) => f.name));
  const inputs = [...new Set(defs.flatMap((f) => f.inputs))].filter((n) => !outputs.has(n));
  const nCodes = t.codeOffsets.length - 1;
  if (local.lo.length < nCodes) { local.lo = new Int32Array(nCodes); local.hi = new Int32Array(nCodes); }
  const { lo, hi } = local;
  let b = t.dLo;
  while (b < t.dHi) {
    const k0 = t.offsets[b]!;
    let e = b + 1;
    while (e < t.dHi && t.offsets[e + 1]! - k0 <= BLOCK_ROWS) e++;
    const k1 = t.offsets[e]!;
    const m = k1 - k0;
    for (let c = 0; c < nCodes; c++) {
      const a = t.codeOffsets[c]!;
      const z = t.codeOffsets[c + 1]!;
      lo[c] = firstAtOrAfter(t.pos, a, z, k0);
      hi[c] = firstAtOrAfter(t.pos, lo[c]!, z, k1);
    }
    if (local.traded.length < m) { local.traded = new Uint8Array(Math.max(m, BLOCK_ROWS)); local.sector = new Int32Array(Math.max(m, BLOCK_ROWS)); }
    if (local.iota.length < m) { local.iota = new Int32Array(Math.max(m, BLOCK_ROWS)); for (let i = 0; i < local.iota.length; i++) local.iota[i] = i; }
    const col: Record<string, Float64Array> = {};
    for (const name of inputs) {
      const src = t.columns[name]!;
      const dst = localF64(name, m);
      for (let c = 0; c < nCodes; c++) for (let r = lo[c]!; r < hi[c]!; r++) dst[t.pos[r]! - k0] = src[r]!;
      col[name] = dst;
    }
    const tr = local.traded;
    const se = local.sector;
    for (let c = 0; c < nCodes; c++) for (let r = lo[c]!; r < hi[c]!; r++) { const j = t.pos[r]! - k0; tr[j] = t.traded[r]!; se[j] = t.sector[r]!; }
    for (const f of defs) col[f.name] = f.perDate === undefined ? localF64(`out:${f.name}`, m) : t.columns[f.name]!.subarray(b * f.perDate.size, e * f.perDate.size);
    const offsets = new Int32Array(e - b + 1);
    for (let d = b; d <= e; d++) offsets[d - b] = t.offsets[d]! - k0;
    const g: DateSegment = {
      dLo: 0, dHi: e - b, offsets, rows: local.iota, col, traded: tr, sector: se, scratch: makeDateScratch(offsets), iscratch: new Int32Array(0),
    };
    computeDateShard(defs, g, t.dates?.subarray(b, e));
    for (const f of defs) {
      if (f.perDate !== undefined) continue; // its numbers per date are already in place
      const src = col[f.name]!;
      const dst = t.columns[f.name]!;
      for (let c = 0; c < nCodes; c++) for (let r = lo[c]!; r < hi[c]!; r++) dst[r] = src[t.pos[r]! - k0]!;
    }
    b = e;
  }
}

/** Columns of the date features kept per date (`perDate`): `size` numbers for each date of the index. */
export function allocateSummaries(defs: readonly FeatureDef[], dates: number, alloc: (n: number) => Float64Array): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const f of defs) if (f.perDate !== undefined) out[f.name] = alloc(dates * f.perDate.size);
  return out;
}

/** A lookup from a day (days since 1970-01-01) to its place in index.dates: at[day - first]. */
export type DayPlaces = { first: number; at: Int32Array };

/** The day-to-place lookup of a date index. */
export function dayPlaces(dates: Int32Array, alloc: (n: number) => Int32Array = (n) => new Int32Array(n)): DayPlaces {
  const first = dates.length === 0 ? 0 : dates[0]!;
  const at = alloc(dates.length === 0 ? 0 : dates[dates.length - 1]! - first + 1);
  for (let d = 0; d < dates.length; d++) at[dates[d]! - first] = d;
  return { first, at };
}

/**
 * Values of the per-date-kept features at n rows: row i is on day date[i] and its input is x_f[i] (columns `x`,
 * indexed like the rows); each `perDate.rows` writes out[f.name][0 .. n). `day` is scratch of n entries.
 */
export function finishRows(defs: readonly FeatureDef[], summaries: Record<string, Float64Array>, places: DayPlaces, date: Int32Array, n: number,
  x: Record<string, Float64Array>, out: Record<string, Float64Array>, day: Int32Array): void {
  if (!defs.some((f) => f.perDate !== undefined)) return;
  for (let i = 0; i < n; i++) day[i] = places.at[date[i]! - places.first]!;
  for (const f of defs) {
    if (f.perDate === undefined) continue;
    const input = x[f.inputs[0]!];
    if (input === undefined) throw new Error(`feature ${f.name}: its input ${f.inputs[0]} was not computed`);
    f.perDate.rows(summaries[f.name]!, day, input, n, out[f.name]!);
  }
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
  const summaries = allocateSummaries(split.date, index.dates.length, (n) => new Float64Array(n));
  computeDateRange(split.date, {
    dLo: 0, dHi: index.dates.length, offsets: index.offsets, dates: index.dates, pos: datePositions(index, new Int32Array(panel.rows)),
    codeOffsets: panel.offsets, columns: { ...col, ...outputs, ...summaries }, traded: panel.traded, sector: sectorOf(panel),
  });
  finishRows(split.date, summaries, dayPlaces(index.dates), panel.date, panel.rows, col, outputs, new Int32Array(panel.rows));
  return { inputs, outputs, index };
}
