/** The families a dataset's metadata file names for its features (`<name>.metadata.json` beside the Parquet). */
import { existsSync, readFileSync } from 'node:fs';

/** Feature name -> family, from the metadata beside `parquetPath` (empty when there is none). */
export function datasetFamilies(parquetPath: string): Map<string, string> {
  const meta = parquetPath.replace(/\.parquet$/, '.metadata.json');
  if (!existsSync(meta)) return new Map();
  try {
    const m = JSON.parse(readFileSync(meta, 'utf8')) as { features?: { name: string; family: string }[] };
    return new Map((m.features ?? []).map((f) => [f.name, f.family]));
  } catch {
    return new Map();
  }
}
