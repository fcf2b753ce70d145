/**
 * A store table in memory: rows of (Code, Date, features), columnar. Codes are indices into a string dictionary;
 * dates are days since epoch; every feature is a Float64Array with NaN for null (flags as 0/1, limit_hit as -1/0/1),
 * so that files of different datasets share one schema and any column can be null-filled.
 */
import { dictOf, i32Of, readParquetColumns, readParquetSchema } from '../io/source/parquet-columns.ts';
import { GqError } from '../pipeline/errors.ts';

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

/** The column names of a Parquet file (its footer only). */
export async function columnNames(path: string): Promise<string[]> {
  return [...(await readParquetSchema(path)).keys()];
}
