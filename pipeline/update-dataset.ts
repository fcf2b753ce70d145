/**
 * `gq run --dataset PATH --update FAMILY [--tag TAG]`: add or refresh feature families of a dataset gq wrote,
 * without recomputing the rest. The run is rebuilt from the options recorded in the dataset's metadata (its raw data
 * comes from the cache: no request is repeated), only the named families are computed, and every other column is
 * copied from the existing file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseDay } from '../engine/dates.ts';
import { readParquetColumns, type ParquetColumns } from '../io/source/parquet-columns.ts';
import { GqError } from './errors.ts';
import type { OutputFormat, RunOptions, SourceSpec } from './run-options.ts';

/** What a run records in its metadata so that it can be rebuilt. */
export type RecordedOptions = {
  source: SourceSpec;
  from: string;
  to: string;
  codes: string[] | null;
  families: string[];
  formats: OutputFormat[];
  float32: boolean;
  skip_quality_checks: boolean;
  dividends: string | null;
};

/** The options of `o` as they are recorded in the metadata. */
export function recordOptions(o: RunOptions, from: string, to: string, families: string[]): RecordedOptions {
  return { source: o.source, from, to, codes: o.codes ?? null, families, formats: o.formats, float32: o.float32, skip_quality_checks: o.skipQualityChecks, dividends: o.dividends ?? null };
}

export type UpdatePlan = { options: RunOptions; existing: ParquetColumns; families: string[]; /** The dataset being updated. */ path: string };

/** The run that refreshes `o.update` families of `o.dataset`, and the existing columns to keep. */
export async function planUpdate(o: RunOptions): Promise<UpdatePlan> {
  const path = o.dataset!;
  if (!path.endsWith('.parquet') || !existsSync(path)) throw new GqError('DATASET_INVALID', `--dataset ${path}: no such Parquet file; give the .parquet file a previous gq run wrote`);
  const metaPath = join(dirname(path), `${basename(path, '.parquet')}.metadata.json`);
  if (!existsSync(metaPath)) throw new GqError('DATASET_INVALID', `--dataset ${path}: no ${basename(metaPath)} beside it, so gq cannot tell how it was made; re-run gq run to rebuild it`);
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { run_options?: RecordedOptions };
  const rec = meta.run_options;
  if (rec === undefined) throw new GqError('DATASET_INVALID', `${metaPath} has no run_options (written by an older gq); re-run gq run to rebuild the dataset`);
  if (o.update.length === 0) throw new GqError('BAD_OPTION', '--dataset needs --update FAMILY (the feature families to add or refresh)');
  const families = rec.families.length === 0 ? [] : [...new Set([...rec.families, ...o.update])];
  const options: RunOptions = {
    ...o,
    source: rec.source, from: parseDay(rec.from), to: parseDay(rec.to), days: undefined, codes: rec.codes ?? undefined,
    families, formats: rec.formats, float32: rec.float32, skipQualityChecks: rec.skip_quality_checks, dividends: rec.dividends ?? undefined,
    output: dirname(path), tag: o.tag ?? basename(path, '.parquet'),
  };
  return { options, existing: await readParquetColumns(path), families: o.update, path };
}
