/** Words for error messages about a Parquet column: its type as written, and one of its values. */
import type { SchemaElement } from 'hyparquet';
import { readParquetColumns } from './parquet-columns.ts';

/** The column's physical type with its logical one, e.g. `INT64 (TIMESTAMP NANOS)` or `INT32 (DECIMAL(4,1))`. */
export function typeName(e: SchemaElement): string {
  const lt = e.logical_type;
  let detail: string | undefined = e.converted_type;
  if (lt?.type === 'TIMESTAMP') detail = `TIMESTAMP ${lt.unit}`;
  else if (lt?.type === 'DECIMAL') detail = `DECIMAL(${lt.precision},${lt.scale})`;
  else if (lt !== undefined) detail = lt.type;
  return detail === undefined ? String(e.type) : `${e.type} (${detail})`;
}

/** The first non-null value of a column as text (strings quoted), or a note saying it cannot be read. */
export async function exampleValue(path: string, name: string): Promise<string> {
  try {
    const c = (await readParquetColumns(path, [name])).columns[name]!;
    if (c.kind === 'dict') return c.indices.length > 0 ? JSON.stringify(c.dictionary[c.indices[0]!]) : 'no rows';
    if (c.kind === 'f64') { const x = c.values.find((v) => v === v); return x === undefined ? 'all null' : String(x); }
    return c.values.length > 0 ? String(c.values[0]) : 'no rows';
  } catch {
    return 'a value gq does not read';
  }
}
