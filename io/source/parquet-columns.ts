/**
 * Reads named columns of a flat Parquet file straight into typed arrays: doubles as Float64Array with NaN for
 * null, INT32 (dates, small ints) as Int32Array, strings as an Int32 index into a string dictionary, booleans as
 * Uint8Array. Pages are decoded with hyparquet's primitives and scattered by their definition levels, so no per-row
 * object or `null`-holding JS array is built on the common path (parquet-column-decode.ts, parquet-sinks.ts). The
 * columns can be decoded on several threads (parquet-threads.ts).
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { FileMetaData, SchemaElement } from 'hyparquet';
import { columnSize, decodeShare, type Targets } from './parquet-column-decode.ts';
import type { ReadAs } from './parquet-sinks.ts';
import { flatLeaves, readFooter } from './parquet-footer.ts';
import { decodeOnThreads } from './parquet-threads.ts';

/** One column as read: the shape follows the Parquet physical type. */
export type ReadColumn =
  /** DOUBLE, FLOAT, INT64, DECIMAL (scaled), UINT32; INT32 and BOOLEAN when asked (`floats`). NaN where the file holds a null. */
  | { kind: 'f64'; values: Float64Array; nulls: number }
  /** INT32, including DATE (days since 1970-01-01) and INT(8/16). Nulls are refused. */
  | { kind: 'i32'; values: Int32Array }
  /** BYTE_ARRAY as UTF-8: `indices[i]` indexes `dictionary` (in order of first appearance). Nulls are refused. */
  | { kind: 'dict'; indices: Int32Array; dictionary: string[] }
  /** BOOLEAN as 0/1; nulls are refused. Or any number or boolean asked as a flag (`flags`): 1 where it is 1, else 0. */
  | { kind: 'bool'; values: Uint8Array };

export type ParquetColumns = { rows: number; columns: Record<string, ReadColumn> };

export type ReadOptions = {
  /** Columns to read as f64 even when INT32 or BOOLEAN, so that they may hold nulls (NaN); strings are not affected. */
  floats?: readonly string[];
  /** Number and boolean columns to read as 0/1 flags (kind 'bool'): 1 where the value is 1 or true, 0 elsewhere (null too). */
  flags?: readonly string[];
  /**
   * Threads that decode the columns (default 1: all on the calling thread). With more, the calling thread takes one
   * share of the columns and `threads - 1` workers the others, shares balanced by decompressed size.
   */
  threads?: number;
  /** Start a worker only for each this many bytes of decompressed column data (default 0: as many as `threads`). */
  bytesPerThread?: number;
  /**
   * Float columns to decode straight into these arrays (length >= rows) instead of fresh ones; the result's `values`
   * is the array given. On more than one thread they must be over SharedArrayBuffers, which the workers write in place.
   */
  into?: Readonly<Record<string, Float64Array>>;
  /** With `into`: the position in those arrays of each file row (a permutation of 0 .. rows-1); row r goes to [order[r]]. */
  order?: Int32Array;
  /** The file's footer, when already read (readParquetFooter): a caller reading the file's columns in several calls parses it once. */
  footer?: FileMetaData;
};

/** Reads the named columns of a Parquet file (all columns when `names` is omitted). */
export async function readParquetColumns(path: string, names?: readonly string[], options: ReadOptions = {}): Promise<ParquetColumns> {
  return withFile(path, async (handle) => {
    const meta = options.footer ?? await readFooter(handle, path);
    const leaves = flatLeaves(meta, path);
    const wanted = names ?? [...leaves.keys()];
    for (const name of wanted) {
      if (!leaves.has(name)) throw new Error(`readParquetColumns ${path}: no column "${name}" (columns: ${[...leaves.keys()].join(', ')})`);
    }
    const as = new Map<string, ReadAs>([...(options.floats ?? []).map((n) => [n, 'float'] as const), ...(options.flags ?? []).map((n) => [n, 'flag'] as const)]);
    const threads = threadCount(meta, wanted, options);
    const targets = targetsOf(options, wanted, threads, path);
    const r = threads > 1
      ? await decodeOnThreads(handle, meta, wanted, as, path, threads, targets)
      : await decodeShare(handle, meta, leaves, wanted, as, path, targets);
    if (r.failed !== undefined) throw r.failed.error;
    const columns: Record<string, ReadColumn> = {};
    for (const name of wanted) columns[name] = r.columns[name]!;
    return { rows: Number(meta.num_rows), columns };
  });
}

/** The `into` arrays and `order` of the options, checked: only columns asked for, shared memory when on threads. */
function targetsOf(o: ReadOptions, names: readonly string[], threads: number, path: string): Targets | undefined {
  if (o.into === undefined) {
    if (o.order !== undefined) throw new Error(`readParquetColumns ${path}: a row order is given without arrays to read into`);
    return undefined;
  }
  for (const [name, out] of Object.entries(o.into)) {
    if (!names.includes(name)) throw new Error(`readParquetColumns ${path}: an array to read into is given for "${name}", a column not asked for`);
    if (threads > 1 && !(out.buffer instanceof SharedArrayBuffer)) throw new Error(`readParquetColumns ${path}: column "${name}": to decode on ${threads} threads, the array to read into must be over a SharedArrayBuffer`);
  }
  return o.order === undefined ? { into: o.into } : { into: o.into, order: o.order };
}

/** `threads`, bounded by the number of columns and, when `bytesPerThread` is set, by the work there is. */
function threadCount(meta: FileMetaData, names: readonly string[], o: ReadOptions): number {
  let n = Math.min(Math.max(1, Math.floor(o.threads ?? 1)), names.length);
  if (n > 1 && o.bytesPerThread !== undefined && o.bytesPerThread > 0) {
    const bytes = names.reduce((sum, name) => sum + columnSize(meta, name), 0);
    n = Math.max(1, Math.min(n, Math.floor(bytes / o.bytesPerThread)));
  }
  return n;
}

/** The parsed footer of a Parquet file (its metadata), to pass as `footer` to several reads of its columns. */
export async function readParquetFooter(path: string): Promise<FileMetaData> {
  return withFile(path, (handle) => readFooter(handle, path));
}

/** The top-level column names of a Parquet file, in schema order (reads only the footer). */
export async function parquetColumnNames(path: string): Promise<string[]> {
  return [...(await readParquetSchema(path)).keys()];
}

/** The top-level columns of a Parquet file with their schema elements (types, logical types), in schema order. */
export async function readParquetSchema(path: string): Promise<Map<string, SchemaElement>> {
  return withFile(path, async (handle) => flatLeaves(await readFooter(handle, path), path));
}

async function withFile<T>(path: string, f: (handle: FileHandle) => Promise<T>): Promise<T> {
  const handle = await open(path, 'r');
  try {
    return await f(handle);
  } finally {
    await handle.close();
  }
}

/** The Float64 values of a column read by readParquetColumns, or an error naming the column and its kind. */
export function f64Of(t: ParquetColumns, name: string): Float64Array {
  const c = t.columns[name];
  if (c?.kind !== 'f64') throw new Error(`column "${name}" is ${c === undefined ? 'missing' : c.kind}, not a float column`);
  return c.values;
}

/** The Int32 values of a column read by readParquetColumns (e.g. a DATE), or an error naming the column. */
export function i32Of(t: ParquetColumns, name: string): Int32Array {
  const c = t.columns[name];
  if (c?.kind !== 'i32') throw new Error(`column "${name}" is ${c === undefined ? 'missing' : c.kind}, not an INT32 column`);
  return c.values;
}

/** The dictionary form of a string column read by readParquetColumns, or an error naming the column. */
export function dictOf(t: ParquetColumns, name: string): { indices: Int32Array; dictionary: string[] } {
  const c = t.columns[name];
  if (c?.kind !== 'dict') throw new Error(`column "${name}" is ${c === undefined ? 'missing' : c.kind}, not a string column`);
  return c;
}

/** The 0/1 values of a boolean column read by readParquetColumns, or an error naming the column. */
export function boolOf(t: ParquetColumns, name: string): Uint8Array {
  const c = t.columns[name];
  if (c?.kind !== 'bool') throw new Error(`column "${name}" is ${c === undefined ? 'missing' : c.kind}, not a boolean column`);
  return c.values;
}
