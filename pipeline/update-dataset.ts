/**
 * `gq run --dataset PATH --update FAMILY [--output DIR] [--tag TAG | --in-place]`: add or refresh feature families of
 * a dataset gq wrote, without recomputing the rest. The run is rebuilt from the options recorded in the dataset's
 * metadata (its raw data comes from the cache: no request is repeated), only the named families are computed, and
 * every other column is copied from the existing file. It writes where --output/--tag say (the input is rewritten only
 * with --in-place), and refuses when the source data is not what the dataset was made from.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseDay } from '../engine/dates.ts';
import { readParquetColumns, type ParquetColumns } from '../io/source/parquet-columns.ts';
import type { InputFile } from '../io/source/local-files.ts';
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

export type UpdatePlan = {
  options: RunOptions;
  existing: ParquetColumns;
  families: string[];
  /** The dataset being updated. */
  path: string;
  /** The input files (and their hashes) the dataset was made from, as its metadata records them. */
  inputs: InputFile[];
};

/** The run that refreshes `o.update` families of `o.dataset`, and the existing columns to keep. */
export async function planUpdate(o: RunOptions): Promise<UpdatePlan> {
  const path = o.dataset!;
  if (!path.endsWith('.parquet') || !existsSync(path)) throw new GqError('DATASET_INVALID', `--dataset ${path}: no such Parquet file; give the .parquet file a previous gq run wrote`);
  const metaPath = join(dirname(path), `${basename(path, '.parquet')}.metadata.json`);
  if (!existsSync(metaPath)) throw new GqError('DATASET_INVALID', `--dataset ${path}: no ${basename(metaPath)} beside it, so gq cannot tell how it was made; re-run gq run to rebuild it`);
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { run_options?: RecordedOptions; input_hashes?: InputFile[] };
  const rec = meta.run_options;
  if (rec === undefined) throw new GqError('DATASET_INVALID', `${metaPath} has no run_options (written by an older gq); re-run gq run to rebuild the dataset`);
  if (o.update.length === 0) throw new GqError('BAD_OPTION', '--dataset needs --update FAMILY (the feature families to add or refresh)');
  // The input is replaced only on request: by default the update goes where --output and --tag say.
  const output = o.inPlace === true ? dirname(path) : o.output;
  const tag = o.inPlace === true ? basename(path, '.parquet') : (o.tag ?? 'dataset');
  if (o.inPlace !== true && resolve(output, `${tag}.parquet`) === resolve(path)) {
    throw new GqError('BAD_OPTION', `this update would replace its input ${path}; write it elsewhere with --output DIR or --tag NAME, or add --in-place to rewrite it`);
  }
  const families = rec.families.length === 0 ? [] : [...new Set([...rec.families, ...o.update])];
  const options: RunOptions = {
    ...o,
    source: rec.source, from: parseDay(rec.from), to: parseDay(rec.to), days: undefined, codes: rec.codes ?? undefined,
    families, formats: o.formats.length > 0 ? o.formats : rec.formats, float32: o.float32 || rec.float32,
    skipQualityChecks: rec.skip_quality_checks, dividends: rec.dividends ?? undefined, output, tag,
  };
  return { options, existing: await readParquetColumns(path), families: o.update, path, inputs: meta.input_hashes ?? [] };
}

/**
 * Refuses an update whose source files are not the ones the dataset was made from (a size or SHA-256 differs, or a
 * file is new or gone): new families over changed data beside old ones would mix two versions of the data.
 */
export function checkSameInputs(plan: UpdatePlan, now: readonly InputFile[]): void {
  const was = new Map(plan.inputs.map((f) => [f.path, f]));
  for (const f of now) {
    const w = was.get(f.path);
    if (w === undefined || w.sha256 !== f.sha256 || w.bytes !== f.bytes) {
      throw new GqError('DATASET_INVALID', `${f.path} ${w === undefined ? 'was not an input of' : 'changed since it was used for'} ${plan.path} (SHA-256 ${f.sha256.slice(0, 12)}…${w === undefined ? '' : `, was ${w.sha256.slice(0, 12)}…`}); updating some families would mix old and new data: re-run gq run without --dataset to recompute everything`);
    }
    was.delete(f.path);
  }
  for (const w of was.values()) throw new GqError('DATASET_INVALID', `${w.path}, an input of ${plan.path}, is not read any more; re-run gq run without --dataset to recompute everything`);
}
