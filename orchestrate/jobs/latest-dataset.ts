/** The newest dataset partition on disk: what training and the feature store read. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The newest dataset.parquet among the `<output>/dataset/date=YYYY-MM-DD` folders, or null. */
export function latestDatasetFile(output: string): string | null {
  const root = join(output, 'dataset');
  if (!existsSync(root)) return null;
  const days = readdirSync(root).filter((d) => /^date=\d{4}-\d{2}-\d{2}$/.test(d)).sort().reverse();
  for (const d of days) {
    const f = join(root, d, 'dataset.parquet');
    if (existsSync(f)) return f;
  }
  return null;
}
