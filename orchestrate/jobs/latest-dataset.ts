/** The dataset partitions on disk: the newest one (what the feature store reads) and the days built (what training spans). */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The days, oldest first, of the `<output>/dataset/date=YYYY-MM-DD` folders that hold a dataset.parquet. */
export function datasetPartitionDays(output: string): string[] {
  const root = join(output, 'dataset');
  if (!existsSync(root)) return [];
  return readdirSync(root).filter((d) => /^date=\d{4}-\d{2}-\d{2}$/.test(d) && existsSync(join(root, d, 'dataset.parquet'))).sort().map((d) => d.slice(5));
}

/** The newest dataset.parquet among the partitions, or null. */
export function latestDatasetFile(output: string): string | null {
  const day = datasetPartitionDays(output).at(-1);
  return day === undefined ? null : join(output, 'dataset', `date=${day}`, 'dataset.parquet');
}
