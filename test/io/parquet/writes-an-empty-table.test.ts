import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { OutColumn } from '../../../io/columns.ts';
import { writeParquet } from '../../../io/parquet/index.ts';
import { duckdb, query, readMetadata, readWithHyparquet, tempDir } from './fixtures.ts';

describe('writeParquet with zero rows', () => {
  let dir = '';
  let cleanup = async () => {};
  beforeAll(async () => ({ dir, cleanup } = await tempDir()));
  afterAll(() => cleanup());

  const empty: OutColumn[] = [
    { name: 'Code', kind: 'dict', indices: new Int32Array(0), dictionary: [] },
    { name: 'Date', kind: 'date', values: new Int32Array(0) },
    { name: 'Close', kind: 'f64', values: new Float64Array(0) },
    { name: 'limit_hit', kind: 'i8', values: new Int8Array(0) },
    { name: 'is_traded', kind: 'bool', values: new Uint8Array(0) },
  ];

  it('writes a valid file with the schema and no row groups', async () => {
    const path = join(dir, 'empty.parquet');
    expect(await writeParquet(path, empty)).toMatchObject({ rows: 0, rowGroups: 0 });
    const meta = await readMetadata(path);
    expect(Number(meta.num_rows)).toBe(0);
    expect(meta.row_groups).toEqual([]);
    expect(meta.schema.slice(1).map((e) => e.name)).toEqual(['Code', 'Date', 'Close', 'limit_hit', 'is_traded']);
    expect(await readWithHyparquet(path)).toEqual([]);
  });

  it('is read by DuckDB as an empty table with the right types', async () => {
    const path = join(dir, 'empty-duck.parquet');
    await writeParquet(path, empty);
    const db = await duckdb();
    try {
      const types = await query(db, `DESCRIBE SELECT * FROM read_parquet('${path}')`);
      expect(types.map((r) => r.column_type)).toEqual(['VARCHAR', 'DATE', 'DOUBLE', 'TINYINT', 'BOOLEAN']);
      expect(await query(db, `SELECT count(*) AS n FROM read_parquet('${path}')`)).toEqual([{ n: 0n }]);
    } finally {
      db.closeSync();
    }
  });
});
