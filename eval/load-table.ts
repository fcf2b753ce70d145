/**
 * Reads what an evaluation needs from a Parquet dataset into SharedArrayBuffer columns: Code (as indices), Date and
 * the named numeric columns as Float64 with NaN for null. Columns are read a few at a time and copied into shared
 * memory, so the peak is the shared columns plus one group, not twice the data.
 */
import { availableParallelism } from 'node:os';
import { stat } from 'node:fs/promises';
import { dictOf, f64Of, i32Of, readParquetColumns, readParquetSchema } from '../io/source/parquet-columns.ts';

/** Columns of one evaluation, indexed by row. */
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
  try {
    await stat(path);
  } catch {
    throw new Error(`--dataset ${path}: no such file (run gq run first, or give the path of a dataset .parquet)`);
  }
  const schema = await readParquetSchema(path);
  for (const need of ['Code', 'Date']) if (!schema.has(need)) throw new Error(`--dataset ${path}: no "${need}" column; not a gq dataset`);
  return [...schema].filter(([n, e]) => n !== 'Date' && e.type !== undefined && NUMERIC.has(e.type) && e.converted_type !== 'DATE').map(([n]) => n);
}

/** A Float64 copy of `a` over a SharedArrayBuffer. */
export function sharedCopy(a: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(a.length * 8));
  out.set(a);
  return out;
}

/** Reads Code, Date and `names` (as Float64, null = NaN), decoding on `threads` threads. */
export async function loadEvalTable(path: string, names: readonly string[], threads = availableParallelism()): Promise<EvalTable> {
  const head = await readParquetColumns(path, ['Code', 'Date'], { threads: 1 });
  const { indices, dictionary } = dictOf(head, 'Code');
  const date = new Int32Array(new SharedArrayBuffer(head.rows * 4));
  date.set(i32Of(head, 'Date'));
  const code = new Int32Array(new SharedArrayBuffer(head.rows * 4));
  code.set(indices);
  const columns = new Map<string, Float64Array>();
  const group = 16;
  for (let i = 0; i < names.length; i += group) {
    const part = names.slice(i, i + group);
    // Decode threads only pay for themselves on big column groups (a thread costs ~0.2 s to start).
    const t = await readParquetColumns(path, part, { floats: part, threads, bytesPerThread: 64 << 20 });
    for (const n of part) columns.set(n, sharedCopy(f64Of(t, n)));
  }
  return { rows: head.rows, date, code, codes: dictionary, columns };
}
