/** `gq run --push` (Feast's push): the rows a run just wrote go into the offline and online stores. */
import { GqError } from '../io/gq-error.ts';
import { readStoreConfig } from './config.ts';
import { materialize, type MaterializeReport } from './materialize.ts';

/** Materializes the dataset a run wrote at `parquetPath` over its whole range, with the store config of `storeFlag`. */
export async function pushDataset(parquetPath: string, storeFlag?: string): Promise<MaterializeReport> {
  return materialize(readStoreConfig(storeFlag), { dataset: parquetPath });
}

/** Pushes the Parquet file among a run's outputs; returns the line to print. */
export async function pushRun(files: readonly { kind: string; path: string }[]): Promise<string> {
  const parquet = files.find((f) => f.kind === 'parquet');
  if (parquet === undefined) throw new GqError('BAD_OPTION', '--push needs the Parquet output: add parquet to --format');
  const r = await pushDataset(parquet.path);
  return `  pushed          ${r.rows} rows ${r.from}..${r.to} to the feature store (${r.partitions} partitions; online: ${Object.values(r.online).reduce((a, b) => Math.max(a, b), 0)} codes per view)`;
}
