/**
 * The compute-and-write stage: the panel in batches of whole codes; each batch is computed on the feature pool, its
 * warm-up rows dropped, its columns merged with an existing dataset's when updating, and written to Parquet and CSV
 * through the encoding workers. Memory holds one batch of features and its encoded pages in flight.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { keepRowsIn } from '../engine/compact-panel.ts';
import { formatDay } from '../engine/dates.ts';
import { createFeaturePool, type FeaturePool } from '../engine/feature-pool.ts';
import type { Panel } from '../engine/panel.ts';
import { panelBatch } from '../engine/panel-batch.ts';
import type { OutColumn } from '../io/columns.ts';
import { openCsvSink, type CsvSink } from '../io/csv/index.ts';
import { allShared, createEncodePool, type EncodePool } from '../io/encode-pool.ts';
import { openParquetSink, type ParquetSink } from '../io/parquet/index.ts';
import { dictOf, f64Of, i32Of } from '../io/source/parquet-columns.ts';
import type { FeatureDef } from '../kernels/feature-def.ts';
import { ALL_FEATURES, FEATURES } from '../kernels/registry.ts';
import { datasetColumns } from './dataset-columns.ts';
import { planSummary } from './plan-summary.ts';
import { countNulledCells } from './unknown-bars.ts';
import { GqError } from './errors.ts';
import type { RunBus } from './events.ts';
import type { RunOptions } from './run-options.ts';
import type { UpdatePlan } from './update-dataset.ts';
import type { WrittenFile } from './output-dir.ts';

export type ComputeAndWriteInput = {
  o: RunOptions;
  panel: Panel;
  batches: [number, number][];
  maxRows: number;
  /** First output day: earlier rows are warm-up. */
  from: number;
  /** Last output day. */
  to: number;
  update: UpdatePlan | undefined;
  name: string;
  source: string;
  /** A feature pool for this panel with two output slots, to reuse (the caller closes it); default: one made here. */
  pool?: FeaturePool;
};

export type ComputeAndWriteResult = {
  files: WrittenFile[];
  rows: number;
  codes: number;
  /** The dataset's columns (of the last batch: names and kinds are the same in every batch). */
  columns: OutColumn[];
  nullCounts: Map<string, number>;
  plan: FeatureDef[];
  workers: number;
  computeMs: number;
  writeMs: number;
  /** Null-close rows written (unknown bars and the no-trade days after them) and the feature cells they nulled. */
  unknown: { rows: number; cells: number };
  /** First and last day of the rows written (undefined when none). */
  firstDay?: number;
  lastDay?: number;
};

/** Computes and writes every batch; the dataset files appear only when all of it is written. */
export async function computeAndWrite(x: ComputeAndWriteInput, bus: RunBus): Promise<ComputeAndWriteResult> {
  const { o, panel, batches, maxRows, update, name } = x;
  const files: WrittenFile[] = [];
  const parquetPath = join(o.output, `${name}.parquet`);
  const csvPath = join(o.output, `${name}.csv`);
  let parquet: ParquetSink | undefined;
  let csv: CsvSink | undefined;
  const computeFamilies = update?.families ?? o.families;
  // Two output slots: batch k is encoded and written from one while batch k+1 is computed into the other.
  const pool = x.pool ?? await createFeaturePool(panel, { workers: o.workers, maxBatchRows: maxRows, families: computeFamilies, slots: 2 });
  // Encoding is CPU-bound: threads beyond the cores only add start-up time and memory (e.g. --workers 24 on 2 cores).
  const encoder = createEncodePool(Math.min(o.workers, availableParallelism()));
  const outputPlan = outputFeatures(o.families, update);
  if (update !== undefined) bus.emit('info', `updating ${update.families.join(', ')} of ${update.path}; ${outputPlan.length - pool.plan.filter((f) => update.families.includes(f.family)).length} feature columns copied from it`);
  let datasetRow = 0;
  let computeMs = 0;
  let writeMs = 0;
  let rows = 0;
  let firstDay: number | undefined;
  let lastDay: number | undefined;
  const unknown = { rows: 0, cells: 0 };
  let codes = 0;
  let columns: OutColumn[] = [];
  let nullCounts = new Map<string, number>();
  try {
    if (o.formats.includes('parquet')) parquet = await openParquetSink(parquetPath, { kvMetadata: { gq_source: x.source }, direct: o.directIo });
    if (o.formats.includes('csv')) csv = await openCsvSink(csvPath, { direct: o.directIo });
    bus.emit('stage:start', { stage: 'compute', total: panel.rows, unit: 'rows', detail: `${planSummary(pool.plan)} on ${pool.workers} workers, written as each batch is done` });
    let done = 0;
    const t0 = performance.now();
    let writing: Promise<void> = Promise.resolve();
    try {
      for (let b = 0; b < batches.length; b++) {
        const [lo, hi] = batches[b]!;
        const r = await pool.computeBatch(lo, hi, b % 2);
        computeMs += r.ms;
        // The previous batch must be written before this one is appended (file order) and before its slot is reused.
        await writing;
        // Rows before the first output day fed the windows, rows after the last fed the targets: neither is written.
        const { panel: out, features } = keepRowsIn(panelBatch(panel, lo, hi), r.columns, x.from, x.to);
        const values = update === undefined ? features : mergeExisting(update, features, out, datasetRow);
        datasetRow += out.rows;
        columns = datasetColumns(out, outputPlan, values, o.float32);
        // The Parquet writer counts nulls in its chunk statistics; only a CSV-only run needs its own pass.
        if (parquet === undefined) countNulls(columns, nullCounts);
        writing = writeBatch(encoder, columns, out.rows, parquet, csv);
        rows += out.rows;
        for (let i = 0; i < out.rows; i++) {
          const d = out.date[i]!;
          if (firstDay === undefined || d < firstDay) firstDay = d;
          if (lastDay === undefined || d > lastDay) lastDay = d;
        }
        const nulled = countNulledCells(out, features);
        unknown.rows += nulled.rows;
        unknown.cells += nulled.cells;
        codes += out.codes.length;
        done += panel.offsets[hi]! - panel.offsets[lo]!;
        bus.emit('stage:progress', { stage: 'compute', done, total: panel.rows, unit: 'rows' });
      }
      await writing;
    } catch (e) {
      await writing.catch(() => undefined); // let an in-flight write settle before the sinks are aborted
      throw e;
    }
    // Writing overlaps computing: count as write time only what the compute did not hide.
    writeMs = performance.now() - t0 - computeMs;
    bus.emit('stage:end', { stage: 'compute', ms: computeMs, detail: `${Math.round(panel.rows / (computeMs / 1000))} rows/s` });
    bus.emit('stage:start', { stage: 'write', total: o.formats.length, unit: 'files' });
    const t = performance.now();
    const closed = (): void => bus.emit('stage:progress', { stage: 'write', done: files.length, total: o.formats.length, unit: 'files' });
    if (parquet !== undefined) nullCounts = floatNulls(parquet.nullCounts(), columns);
    if (parquet !== undefined) { const w = await parquet.close(); parquet = undefined; files.push({ kind: 'parquet', path: parquetPath, bytes: w.bytes }); closed(); }
    if (csv !== undefined) { const w = await csv.close(); csv = undefined; files.push({ kind: 'csv', path: csvPath, bytes: w.bytes }); closed(); }
    writeMs += performance.now() - t;
  } catch (e) {
    const err = parquet !== undefined ? await parquet.abort(e) : e;
    if (csv !== undefined) await csv.abort(e);
    throw err;
  } finally {
    if (x.pool === undefined) await pool.close();
    await encoder.close();
  }
  bus.emit('stage:end', { stage: 'write', ms: writeMs, detail: files.map((f) => f.kind).join(', ') });
  return { files, rows, codes, columns, nullCounts, plan: outputPlan, workers: pool.workers, computeMs, writeMs, unknown, firstDay, lastDay };
}

/**
 * Writes one batch: Parquet row groups and CSV blocks encoded on the encoding workers (in parallel, appended in
 * order), or in this thread when a column is not shared memory (columns copied from an existing dataset).
 */
async function writeBatch(encoder: EncodePool, columns: OutColumn[], rows: number, parquet: ParquetSink | undefined, csv: CsvSink | undefined): Promise<void> {
  if (rows === 0 || !allShared(columns)) {
    if (parquet !== undefined) await parquet.append(columns);
    if (csv !== undefined) await csv.append(columns);
    return;
  }
  const jobs: Promise<void>[] = [];
  if (parquet !== undefined) jobs.push(encoder.parquet(columns, rows, parquet.layout, (g) => parquet.appendEncoded(columns, [g])));
  if (csv !== undefined) jobs.push(encoder.csv(columns, rows, (block, n) => csv.appendFormatted(columns, [block], n)));
  await Promise.all(jobs);
}

/** The features a dataset holds, in registry order: the chosen families, or those of the file being updated plus the updated ones. */
function outputFeatures(families: readonly string[], update: UpdatePlan | undefined): FeatureDef[] {
  if (update !== undefined) {
    const have = new Set(Object.keys(update.existing.columns));
    return ALL_FEATURES.filter((f) => have.has(f.name) || update.families.includes(f.family));
  }
  return families.length === 0 ? [...FEATURES] : ALL_FEATURES.filter((f) => families.includes(f.family));
}

/**
 * Feature columns of one batch for an update: the recomputed families from `features`, every other column sliced
 * from the existing file, after checking that the file's rows are this batch's (Code, Date) rows.
 */
function mergeExisting(update: UpdatePlan, features: Record<string, Float64Array>, out: Panel, start: number): Record<string, Float64Array> {
  const ex = update.existing;
  const end = start + out.rows;
  if (end > ex.rows) throw new GqError('DATASET_INVALID', `the dataset has ${ex.rows} rows but its source now gives more; re-run gq run to rebuild it`);
  const dates = i32Of(ex, 'Date');
  const code = dictOf(ex, 'Code');
  for (let i = 0; i < out.rows; i++) {
    if (dates[start + i] !== out.date[i] || code.dictionary[code.indices[start + i]!] !== out.codes[out.code[i]!]) {
      throw new GqError('DATASET_INVALID', `the dataset's row ${start + i} is ${code.dictionary[code.indices[start + i]!]} ${formatDay(dates[start + i]!)}, its source gives ${out.codes[out.code[i]!]} ${formatDay(out.date[i]!)}; the raw data changed since it was written, so re-run gq run to rebuild it`);
    }
  }
  // The written bar must be the dataset's: new families over changed prices beside old ones would mix two data versions.
  const bar: [string, Float64Array][] = [['Open', out.open], ['High', out.high], ['Low', out.low], ['Close', out.close], ['Volume', out.volume], ['TurnoverValue', out.turnover]];
  for (const [name, now] of bar) {
    const was = f64Of(ex, name);
    for (let i = 0; i < out.rows; i++) {
      const a = now[i]!;
      const b = was[start + i]!;
      // Equal, both null, or a dataset written with FLOAT bars by an older --float32.
      if (a === b || (a !== a && b !== b) || Math.fround(a) === b) continue;
      throw new GqError('DATASET_INVALID', `the dataset's ${name} of ${out.codes[out.code[i]!]} ${formatDay(out.date[i]!)} is ${b}, its source now gives ${a}: the raw data changed since it was written, and updating some families would mix old and new data; re-run gq run without --dataset to recompute everything`);
    }
  }
  const merged: Record<string, Float64Array> = { ...features };
  for (const f of ALL_FEATURES) {
    if (update.families.includes(f.family) || f.kind !== 'f64' || !(f.name in ex.columns)) continue;
    merged[f.name] = f64Of(ex, f.name).subarray(start, end);
  }
  return merged;
}

/** The null counts of the float columns only (flags and keys are never null). */
function floatNulls(all: Map<string, number>, columns: OutColumn[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of columns) if (c.kind === 'f64' || c.kind === 'f32') out.set(c.name, all.get(c.name) ?? 0);
  return out;
}

function countNulls(columns: OutColumn[], into: Map<string, number>): void {
  for (const c of columns) {
    if (c.kind !== 'f64' && c.kind !== 'f32') continue;
    let n = 0;
    const v = c.values;
    for (let i = 0; i < v.length; i++) if (v[i] !== v[i]) n++;
    into.set(c.name, (into.get(c.name) ?? 0) + n);
  }
}

