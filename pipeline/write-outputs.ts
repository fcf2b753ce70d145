/** The write stage: dataset as Parquet and/or CSV, each written to a temp name and renamed. */
import { mkdirSync, accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { writeCsv } from '../io/csv/index.ts';
import { writeParquet } from '../io/parquet/index.ts';
import type { OutColumn } from '../io/columns.ts';
import { GqError } from './errors.ts';
import type { OutputFormat } from './run-options.ts';

export type WrittenFile = { kind: string; path: string; bytes: number };

/** Creates the output folder, or says plainly why it cannot be written to. */
export function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new GqError('OUTPUT_NOT_WRITABLE', `output folder ${dir} is not writable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); choose another with --output DIR`);
  }
}

/** Writes the dataset columns in every requested format; returns the files written. */
export async function writeDataset(dir: string, name: string, columns: OutColumn[], formats: readonly OutputFormat[], kv: Record<string, string>): Promise<WrittenFile[]> {
  const out: WrittenFile[] = [];
  if (formats.includes('parquet')) {
    const path = join(dir, `${name}.parquet`);
    const r = await writeParquet(path, columns, { kvMetadata: kv });
    out.push({ kind: 'parquet', path, bytes: r.bytes });
  }
  if (formats.includes('csv')) {
    const path = join(dir, `${name}.csv`);
    const r = await writeCsv(path, columns);
    out.push({ kind: 'csv', path, bytes: r.bytes });
  }
  return out;
}
