/** Small CSV tables (quarantine lists, reports) from row objects, through fast-csv. */

import { writeToString } from 'fast-csv';
import { writeFileAtomic } from '../atomic.ts';

/**
 * Writes `records` to `path` atomically as CSV with the given header order: fast-csv quoting (cells with
 * commas, quotes or line breaks are quoted), null/undefined as empty cells, a trailing newline, and the
 * header line even when there are no records.
 */
export async function writeRecordsCsv(
  path: string,
  records: readonly Record<string, unknown>[],
  headers: readonly string[],
): Promise<void> {
  const text = await writeToString([...records], {
    headers: [...headers],
    alwaysWriteHeaders: true,
    includeEndRowDelimiter: true,
  });
  await writeFileAtomic(path, text);
}
