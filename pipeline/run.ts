/**
 * `gq run`: fetch -> check -> assemble -> compute and write in batches of whole codes, as plain async stages over
 * typed values, with stage and progress events on one bus. Memory for features is bounded by the batch. Every file
 * is written to a temp name and renamed; the dataset files appear only once complete, the metadata last.
 */
import { join } from 'node:path';
import { assemblePanel } from '../engine/assemble-panel.ts';
import { dropRowsBefore } from '../engine/compact-panel.ts';
import { formatDay } from '../engine/dates.ts';
import { codeBatches, createFeaturePool } from '../engine/feature-pool.ts';
import { panelBatch } from '../engine/panel-batch.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { openCsvSink, type CsvSink } from '../io/csv/index.ts';
import { openParquetSink, type ParquetSink } from '../io/parquet/index.ts';
import { allShared, createEncodePool, type EncodePool } from '../io/encode-pool.ts';
import { checkStage } from './check-stage.ts';
import { datasetColumns } from './dataset-columns.ts';
import { GqError } from './errors.ts';
import type { RunBus, StageName } from './events.ts';
import { loadSource } from './load-source.ts';
import { batchRows, estimateMemory } from './memory-estimate.ts';
import { buildMetadata, type MetadataInput } from './metadata.ts';
import { WARMUP_DAYS } from './range.ts';
import type { RunOptions } from './run-options.ts';
import { ensureWritableDir, type WrittenFile } from './write-outputs.ts';
import type { OutColumn } from '../io/columns.ts';
import { dictOf, f64Of, i32Of } from '../io/source/parquet-columns.ts';
import type { Panel } from '../engine/panel.ts';
import type { FeatureDef } from '../kernels/feature-def.ts';
import { FEATURES } from '../kernels/registry.ts';
import { planUpdate, recordOptions, type UpdatePlan } from './update-dataset.ts';
import { applyDividendAdjustment } from '../engine/dividend-adjust.ts';
import { loadDividends } from './dividends.ts';

export type RunResult = {
  rows: number;
  codes: number;
  files: WrittenFile[];
  timings: Partial<Record<StageName, number>>;
};

/** Runs the whole job once (or an update of a dataset's families); throws GqError for what a user can fix. */
export async function runPipeline(given: RunOptions, bus: RunBus): Promise<RunResult> {
  const update = given.dataset === undefined ? undefined : await planUpdate(given);
  const o = update?.options ?? given;
  ensureWritableDir(o.output);
  const timings: Partial<Record<StageName, number>> = {};
  const timed = async <T>(stage: StageName, fn: () => Promise<T> | T, detail?: (t: T) => string): Promise<T> => {
    const t0 = performance.now();
    const out = await fn();
    timings[stage] = performance.now() - t0;
    bus.emit('stage:end', { stage, ms: timings[stage]!, detail: detail?.(out) });
    return out;
  };

  const loaded = await timed('fetch', () => loadSource(o, bus), (l) => `${l.raw.rows} raw rows, ${l.requests} requests`);
  if (update !== undefined && loaded.requests > 0) bus.emit('warn', `${loaded.requests} requests were needed: the raw cache did not hold all of this dataset's data`);
  if (loaded.raw.rows === 0) throw new GqError('NO_DATA', `no bars in ${formatDay(loaded.range.fetchFrom)}..${formatDay(loaded.range.to)}; widen --from/--to or check --codes`);

  bus.emit('stage:start', { stage: 'check', total: loaded.raw.rows, unit: 'rows' });
  const checked = await timed('check', () => checkStage(loaded.raw, loaded.calendar, o.skipQualityChecks, bus), (c) => c.summary);

  bus.emit('stage:start', { stage: 'assemble', total: checked.keptRows, unit: 'rows' });
  const { panel, report: assembly } = await timed('assemble', () => assemblePanel(loaded.raw, loaded.topix, checked.keep), (a) => `${a.panel.rows} rows x ${a.panel.codes.length} codes`);
  if (panel.rows === 0) throw new GqError('NO_DATA', 'every row was quarantined or had no trade; see the quality report');
  const dividends = o.dividends === undefined ? null : adjustDividends(panel, o.dividends, bus);

  const maxRows = batchRows(panel.offsets, o.batchSize);
  const batches = codeBatches(panel.offsets, maxRows);
  const need = estimateMemory(Math.min(panel.rows, maxRows), panel.rows, o.float32);
  bus.emit('info', `memory: about ${need.totalMiB} MiB (${panel.rows} rows in ${batches.length} batch${batches.length > 1 ? 'es' : ''} of at most ${maxRows} rows)`);

  const name = o.tag ?? 'dataset';
  const files: WrittenFile[] = [];
  const parquetPath = join(o.output, `${name}.parquet`);
  const csvPath = join(o.output, `${name}.csv`);
  let parquet: ParquetSink | undefined;
  let csv: CsvSink | undefined;
  const computeFamilies = update?.families ?? o.families;
  const pool = await createFeaturePool(panel, { workers: o.workers, maxBatchRows: maxRows, families: computeFamilies });
  const encoder = createEncodePool(o.workers);
  const outputPlan = outputFeatures(o.families, update);
  if (update !== undefined) bus.emit('info', `updating ${update.families.join(', ')} of ${given.dataset}; ${outputPlan.length - pool.plan.filter((f) => update.families.includes(f.family)).length} feature columns copied from it`);
  let datasetRow = 0;
  let computeMs = 0;
  let writeMs = 0;
  let rows = 0;
  let codes = 0;
  let columns: OutColumn[] = [];
  const nullCounts = new Map<string, number>();
  try {
    if (o.formats.includes('parquet')) parquet = await openParquetSink(parquetPath, { kvMetadata: { gq_source: loaded.source } });
    if (o.formats.includes('csv')) csv = await openCsvSink(csvPath);
    bus.emit('stage:start', { stage: 'compute', total: panel.rows, unit: 'rows', detail: `${pool.plan.length} features on ${pool.workers} workers, then write` });
    let done = 0;
    for (const [lo, hi] of batches) {
      const r = await pool.computeBatch(lo, hi);
      computeMs += r.ms;
      // Warm-up rows (before the first output day) fed the windows; they are not part of the dataset.
      const { panel: out, features } = dropRowsBefore(panelBatch(panel, lo, hi), r.columns, loaded.range.from);
      const values = update === undefined ? features : mergeExisting(update, features, out, datasetRow);
      datasetRow += out.rows;
      columns = datasetColumns(out, outputPlan, values, o.float32);
      countNulls(columns, nullCounts);
      const t = performance.now();
      await writeBatch(encoder, columns, out.rows, parquet, csv);
      writeMs += performance.now() - t;
      rows += out.rows;
      codes += out.codes.length;
      done += panel.offsets[hi]! - panel.offsets[lo]!;
      bus.emit('stage:progress', { stage: 'compute', done, total: panel.rows, unit: 'rows' });
    }
    timings.compute = computeMs;
    bus.emit('stage:end', { stage: 'compute', ms: computeMs, detail: `${Math.round(panel.rows / (computeMs / 1000))} rows/s` });
    bus.emit('stage:start', { stage: 'write', total: o.formats.length + 4, unit: 'files' });
    const t = performance.now();
    if (parquet !== undefined) { const w = await parquet.close(); parquet = undefined; files.push({ kind: 'parquet', path: parquetPath, bytes: w.bytes }); }
    if (csv !== undefined) { const w = await csv.close(); csv = undefined; files.push({ kind: 'csv', path: csvPath, bytes: w.bytes }); }
    timings.write = writeMs + (performance.now() - t);
  } catch (e) {
    const err = parquet !== undefined ? await parquet.abort(e) : e;
    if (csv !== undefined) await csv.abort(e);
    throw err;
  } finally {
    await pool.close();
    await encoder.close();
  }
  files.push(await writeText(join(o.output, `${name}.quality.json`), `${JSON.stringify(checked.report, null, 2)}\n`, 'quality report'));
  files.push(await writeText(join(o.output, `${name}.quality.txt`), `${checked.text}\n`, 'quality (text)'));
  files.push(await checked.writeQuarantine(join(o.output, `${name}.quarantine.csv`)));
  bus.emit('stage:end', { stage: 'write', ms: timings.write!, detail: `${files.length} files` });
  const meta: MetadataInput = {
    rows, columns, nullCounts, plan: outputPlan, runOptions: recordOptions(o, formatDay(loaded.range.from), formatDay(loaded.range.to), o.families), codes, from: loaded.range.from, to: loaded.range.to,
    source: loaded.source, apiPlan: loaded.plan, argv: o.argv, inputs: loaded.inputs, timings, quality: checked.report, assembly,
    dividends, requests: loaded.requests, workers: pool.workers, float32: o.float32, warmupDays: WARMUP_DAYS, files, batches: batches.length,
  };
  files.push(await writeText(join(o.output, `${name}.metadata.json`), `${JSON.stringify(buildMetadata(meta), null, 2)}\n`, 'metadata'));
  return { rows, codes, files, timings };
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
  if (parquet !== undefined) jobs.push(encoder.parquet(columns, rows, (g) => parquet.appendEncoded(columns, [g])));
  if (csv !== undefined) jobs.push(encoder.csv(columns, rows, (block, n) => csv.appendFormatted(columns, [block], n)));
  await Promise.all(jobs);
}

/** Applies `--dividends` to the panel's prices (ratio method); returns what the metadata records. */
function adjustDividends(panel: Panel, path: string, bus: RunBus): Record<string, unknown> {
  const { records, undecided } = loadDividends(path);
  const r = applyDividendAdjustment(panel, records);
  bus.emit('info', `dividends: ${r.applied} ex-dates applied (ratio method) from ${path}${r.skipped.length > 0 ? `, ${r.skipped.length} skipped` : ''}${undecided > 0 ? `, ${undecided} undecided amounts ignored` : ''}`);
  return { method: 'ratio (1 - D / previous close), backward', file: path, applied: r.applied, skipped: r.skipped.slice(0, 50), undecided };
}

/** The features a dataset holds, in registry order: the chosen families, or those of the file being updated plus the updated ones. */
function outputFeatures(families: readonly string[], update: UpdatePlan | undefined): FeatureDef[] {
  if (update !== undefined) {
    const have = new Set(Object.keys(update.existing.columns));
    return FEATURES.filter((f) => have.has(f.name) || update.families.includes(f.family));
  }
  return families.length === 0 ? [...FEATURES] : FEATURES.filter((f) => families.includes(f.family));
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
  const merged: Record<string, Float64Array> = { ...features };
  for (const f of FEATURES) {
    if (update.families.includes(f.family) || f.kind !== 'f64' || !(f.name in ex.columns)) continue;
    merged[f.name] = f64Of(ex, f.name).subarray(start, end);
  }
  return merged;
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

async function writeText(path: string, text: string, kind: string): Promise<WrittenFile> {
  await writeFileAtomic(path, text);
  return { kind, path, bytes: Buffer.byteLength(text) };
}
