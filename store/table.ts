/**
 * A store table in memory: rows of (Code, Date, features), columnar. Codes are indices into a string dictionary;
 * dates are days since epoch; every feature is a Float64Array with NaN for null (flags as 0/1, limit_hit as -1/0/1),
 * so that files of different datasets share one schema and any column can be null-filled.
 */
import { sharedF64, sharedI32 } from '../engine/shared.ts';
import { dictOf, i32Of, readParquetColumns, readParquetSchema } from '../io/source/parquet-columns.ts';
import { GqError } from '../io/gq-error.ts';

export type StoreTable = {
  rows: number;
  codes: string[];
  code: Int32Array;
  date: Int32Array;
  columns: Record<string, Float64Array>;
};

/** Reads Code, Date and the named feature columns of a Parquet file (a dataset or a partition) as a store table. */
export async function readTable(path: string, features: readonly string[], threads = 1): Promise<StoreTable> {
  const schema = await readParquetSchema(path);
  for (const n of ['Code', 'Date']) if (!schema.has(n)) throw new GqError('DATASET_INVALID', `${path} has no ${n} column; give a dataset gq run wrote`);
  const present = features.filter((f) => schema.has(f));
  const t = await readParquetColumns(path, ['Code', 'Date', ...present], { floats: present, threads });
  const code = dictOf(t, 'Code');
  const columns: Record<string, Float64Array> = {};
  for (const f of present) {
    const c = t.columns[f]!;
    if (c.kind !== 'f64') throw new GqError('DATASET_INVALID', `${path}: column ${f} is not numeric`);
    columns[f] = c.values;
  }
  return { rows: t.rows, codes: code.dictionary, code: code.indices, date: i32Of(t, 'Date'), columns };
}

/** Reads Code and Date of a Parquet file (a dataset gq run wrote) as a store table without features. */
export async function readKeys(path: string): Promise<StoreTable> {
  return readTable(path, []);
}

/**
 * Reads the named feature columns of `path`, whose Code and Date are `keys`, as a store table whose row i is the
 * file's row `perm[i]` (`perm` a permutation of the file's rows). The features are decoded straight to their places,
 * in shared memory, so that encoding workers read any run of rows without a copy; Code and Date are shared too.
 */
export async function readTableInOrder(path: string, keys: StoreTable, perm: Int32Array, features: readonly string[], threads = 1): Promise<StoreTable> {
  if (perm.length !== keys.rows) throw new Error(`readTableInOrder ${path}: the order holds ${perm.length} rows, the file ${keys.rows}`);
  const present = await numericFeatures(path, features);
  const order = new Int32Array(keys.rows);
  const code = sharedI32(keys.rows);
  const date = sharedI32(keys.rows);
  for (let i = 0; i < perm.length; i++) {
    const r = perm[i]!;
    order[r] = i;
    code[i] = keys.code[r]!;
    date[i] = keys.date[r]!;
  }
  // Every row is written by the decoder (NaN for a null), so the arrays need no fill.
  const into: Record<string, Float64Array> = {};
  for (const f of present) into[f] = sharedF64(keys.rows, 0);
  const t = await readParquetColumns(path, present, { floats: present, threads, into, order });
  if (t.rows !== keys.rows) throw new Error(`readTableInOrder ${path}: ${t.rows} rows, the keys hold ${keys.rows}`);
  return { rows: keys.rows, codes: keys.codes, code, date, columns: into };
}

/** Those of the named feature columns that the file holds; an error when one of them is not numeric. */
export async function numericFeatures(path: string, features: readonly string[]): Promise<string[]> {
  const schema = await readParquetSchema(path);
  const present = features.filter((f) => schema.has(f));
  for (const f of present) {
    const type = schema.get(f)!.type;
    if (type === 'BYTE_ARRAY' || type === 'FIXED_LEN_BYTE_ARRAY') throw new GqError('DATASET_INVALID', `${path}: column ${f} is not numeric`);
  }
  return present;
}

/** The column names of a Parquet file (its footer only). */
export async function columnNames(path: string): Promise<string[]> {
  return [...(await readParquetSchema(path)).keys()];
}
