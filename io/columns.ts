/** Columnar input of the dataset writers (Parquet and CSV): typed arrays, never row objects. */

/**
 * One output column. Arrays may be views over SharedArrayBuffer.
 * - `f64`/`f32`: NaN means null (written as a real Parquet null, an empty CSV cell).
 * - `date`: days since 1970-01-01 (UTC), never null.
 * - `dict`: `indices` into `dictionary` (e.g. Code); every index must be in range, never null.
 * - `i8`: small signed integers (e.g. limit_hit -1/0/1).
 * - `bool`: 0 = false, anything else = true (e.g. is_traded).
 */
export type OutColumn =
  | { name: string; kind: 'f64'; values: Float64Array }
  | { name: string; kind: 'f32'; values: Float32Array }
  | { name: string; kind: 'date'; values: Int32Array }
  | { name: string; kind: 'dict'; indices: Int32Array; dictionary: string[] }
  | { name: string; kind: 'i8'; values: Int8Array }
  | { name: string; kind: 'bool'; values: Uint8Array };

/** Number of rows of a column. */
export function columnLength(column: OutColumn): number {
  return column.kind === 'dict' ? column.indices.length : column.values.length;
}

/** Checks that columns are non-empty, uniquely named and of equal length; returns the row count. */
export function checkColumns(columns: readonly OutColumn[], where: string): number {
  if (columns.length === 0) throw new Error(`${where}: no columns to write`);
  const rows = columnLength(columns[0]);
  const seen = new Set<string>();
  for (const column of columns) {
    if (typeof column.name !== 'string' || column.name === '') {
      throw new Error(`${where}: a column has an empty name`);
    }
    if (seen.has(column.name)) throw new Error(`${where}: column '${column.name}' appears twice`);
    seen.add(column.name);
    const n = columnLength(column);
    if (n !== rows) {
      throw new Error(`${where}: column '${column.name}' has ${n} rows, but '${columns[0].name}' has ${rows}`);
    }
  }
  return rows;
}
