/**
 * Reads what an evaluation needs from a Parquet dataset into SharedArrayBuffer columns: Code (as indices), Date and
 * the named numeric columns as Float64 with NaN for null, in date-major order (by date, then file order). Only those
 * columns are read; the reader writes each value once, at its date-major place, so the peak is the shared columns.
 */
import { availableParallelism } from 'node:os';
import { buildDateIndex, type DateIndex } from '../engine/date-index.ts';
import { dictOf, i32Of, readParquetColumns, readParquetSchema } from '../io/source/parquet-columns.ts';
import { checkDatasetFile } from './dataset-file.ts';
import { toDateMajor } from './date-major.ts';

/** Columns of one evaluation, indexed by row (date-major when read from a file). */
export type EvalTable = {
  rows: number;
  /** Days since 1970-01-01. */
  date: Int32Array;
  /** Index into `codes`. */
  code: Int32Array;
  codes: string[];
  columns: Map<string, Float64Array>;
};

const NUMERIC = new Set(['DOUBLE', 'FLOAT', 'INT32', 'INT64']);

/** The numeric columns of a Parquet dataset other than Date, in schema order; an error naming the file if it is not a gq dataset. */
export async function numericColumns(path: string): Promise<string[]> {
  await checkDatasetFile(path);
  const schema = await readParquetSchema(path);
  for (const need of ['Code', 'Date']) if (!schema.has(need)) throw new Error(`--dataset ${path}: no "${need}" column; not a gq dataset`);
  return [...schema].filter(([n, e]) => n !== 'Date' && e.type !== undefined && NUMERIC.has(e.type) && e.converted_type !== 'DATE').map(([n]) => n);
}

/**
 * Reads Code, Date and `names` (as Float64, null = NaN), by date then file order, decoding on `threads` threads.
 * The columns are decoded straight into their date-major places in shared memory: no intermediate array, no copy.
 */
export async function loadEvalTable(path: string, names: readonly string[], threads = availableParallelism()): Promise<EvalTable> {
  const head = await readParquetColumns(path, ['Code', 'Date'], { threads: 1 });
  const { indices, dictionary } = dictOf(head, 'Code');
  const fileDate = i32Of(head, 'Date');
  const index = buildDateIndex(fileDate);
  const n = head.rows;
  const date = toDateMajor(fileDate, index, new Int32Array(new SharedArrayBuffer(n * 4)));
  const code = toDateMajor(indices, index, new Int32Array(new SharedArrayBuffer(n * 4)));
  const into: Record<string, Float64Array> = {};
  for (const name of names) into[name] = new Float64Array(new SharedArrayBuffer(n * 8));
  // Decode threads only pay for themselves on big column groups (a thread costs ~0.2 s to start).
  await readParquetColumns(path, names, { floats: names, into, order: dateMajorOrder(index, n), threads, bytesPerThread: 64 << 20 });
  return { rows: n, date, code, codes: dictionary, columns: new Map(names.map((name) => [name, into[name]!])) };
}

/** The date-major position of each file row: the inverse of the index's row list, over shared memory (workers read it). */
function dateMajorOrder(index: DateIndex, rows: number): Int32Array {
  const order = new Int32Array(new SharedArrayBuffer(Math.max(1, rows) * 4), 0, rows);
  const r = index.rows;
  for (let k = 0; k < r.length; k++) order[r[k]!] = k;
  return order;
}
