import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeParquet } from '../../../io/parquet/index.ts';
import { duckdb, query, smallTable, tempDir } from './fixtures.ts';

describe('writeParquet read back by DuckDB', () => {
  let dir = '';
  let cleanup = async () => {};
  let db: DuckDBConnection;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    db = await duckdb();
  });
  afterAll(async () => {
    db.closeSync();
    await cleanup();
  });

  it('describes codes as VARCHAR, dates as DATE, features as DOUBLE/FLOAT, flags as TINYINT and BOOLEAN', async () => {
    const path = join(dir, 'types.parquet');
    await writeParquet(path, smallTable().columns);
    const rows = await query(db, `DESCRIBE SELECT * FROM read_parquet('${path}')`);
    expect(rows.map((r) => [r.column_name, r.column_type])).toEqual([
      ['Code', 'VARCHAR'],
      ['Date', 'DATE'],
      ['Close', 'DOUBLE'],
      ['ret', 'DOUBLE'],
      ['empty', 'DOUBLE'],
      ['ratio', 'FLOAT'],
      ['limit_hit', 'TINYINT'],
      ['is_traded', 'BOOLEAN'],
    ]);
  });

  it('returns every value and every null in row order', async () => {
    const { columns, expected } = smallTable();
    const path = join(dir, 'values.parquet');
    await writeParquet(path, columns);
    const rows = await query(
      db,
      `SELECT Code, CAST(Date AS VARCHAR) AS Date, Close, ret, empty, ratio, limit_hit, is_traded
       FROM read_parquet('${path}', file_row_number = true) ORDER BY file_row_number`,
    );
    expect(rows).toEqual(expected);
  });

  it('counts nulls where the input had NaN', async () => {
    const path = join(dir, 'counts.parquet');
    await writeParquet(path, smallTable().columns);
    const [row] = await query(
      db,
      `SELECT count(*) AS n, count(Close) AS close, count(ret) AS ret, count(empty) AS empty, count(ratio) AS ratio,
              count(*) FILTER (WHERE isnan(Close)) AS nan_close
       FROM read_parquet('${path}')`,
    );
    expect(row).toEqual({ n: 6n, close: 4n, ret: 5n, empty: 0n, ratio: 4n, nan_close: 0n });
  });

  it('writes per-chunk min, max and null count statistics', async () => {
    const path = join(dir, 'stats.parquet');
    await writeParquet(path, smallTable().columns, { rowGroupSize: 3 });
    const rows = await query(
      db,
      `SELECT row_group_id AS g, path_in_schema AS col, stats_min_value AS min, stats_max_value AS max,
              stats_null_count AS nulls
       FROM parquet_metadata('${path}') ORDER BY row_group_id, column_id`,
    );
    const stat = (g: number, col: string) => {
      const r = rows.find((x) => x.g === BigInt(g) && x.col === col);
      return r && [r.min, r.max, Number(r.nulls)];
    };
    expect(stat(0, 'Code')).toEqual(['72030', '72030', 0]);
    expect(stat(1, 'Code')).toEqual(['130A0', '130A0', 0]);
    expect(stat(0, 'Date')).toEqual(['2024-01-04', '2024-01-09', 0]);
    expect(stat(0, 'limit_hit')).toEqual(['-1', '1', 0]);
    expect(stat(1, 'limit_hit')).toEqual(['0', '1', 0]);
    expect(stat(0, 'is_traded')).toEqual(['false', 'true', 0]);
    expect(stat(0, 'empty')).toEqual([null, null, 3]);
    const close0 = stat(0, 'Close');
    expect(close0 && [Number(close0[0]), Number(close0[1]), close0[2]]).toEqual([99.25, 101.5, 1]);
    const close1 = stat(1, 'Close');
    expect(close1 && [Number(close1[0]), Number(close1[1]), close1[2]]).toEqual([-0.5, 2500, 1]);
    const ret1 = stat(1, 'ret');
    expect(ret1 && [Number(ret1[0]), Number(ret1[1]), ret1[2]]).toEqual([-123.456, Number.MAX_VALUE, 1]);
  });

  it('filters on codes and values across row groups', async () => {
    const path = join(dir, 'filter.parquet');
    await writeParquet(path, smallTable().columns, { rowGroupSize: 3 });
    const rows = await query(db, `SELECT count(*) AS n FROM read_parquet('${path}') WHERE Code = '130A0' AND Close > 0`);
    expect(rows).toEqual([{ n: 1n }]);
  });
});
