import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { OutColumn } from '../../../io/columns.ts';
import { writeParquet } from '../../../io/parquet/index.ts';
import { duckdb, query, readMetadata, readWithHyparquet, tempDir } from './fixtures.ts';

/** 2,000 rows over 300 codes, NaN in runs and scattered, so that both RLE and bit-packed levels occur. */
function patternedTable(): OutColumn[] {
  const n = 2000;
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const runs = new Float64Array(n);
  const scattered = new Float64Array(n);
  const dates = new Int32Array(n);
  const indices = new Int32Array(n);
  const limits = new Int8Array(n);
  const traded = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    runs[i] = i % 250 < 37 ? NaN : i / 8; // a warm-up prefix per 250 rows
    scattered[i] = random() < 0.3 ? NaN : random() * 1000 - 500;
    dates[i] = 19_000 + (i % 250);
    indices[i] = Math.floor(random() * 300);
    limits[i] = Math.floor(random() * 3) - 1;
    traded[i] = random() < 0.9 ? 1 : 0;
  }
  const dictionary = Array.from({ length: 300 }, (_, k) => `${1000 + k}0`);
  return [
    { name: 'Code', kind: 'dict', indices, dictionary },
    { name: 'Date', kind: 'date', values: dates },
    { name: 'runs', kind: 'f64', values: runs },
    { name: 'scattered', kind: 'f64', values: scattered },
    { name: 'scattered32', kind: 'f32', values: Float32Array.from(scattered) },
    { name: 'limit_hit', kind: 'i8', values: limits },
    { name: 'is_traded', kind: 'bool', values: traded },
  ];
}

/** The expected rows, built straight from the input arrays (NaN -> null). */
function expectedRows(columns: OutColumn[]): Record<string, unknown>[] {
  const n = columns[0].kind === 'dict' ? columns[0].indices.length : 0;
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const row: Record<string, unknown> = {};
    for (const c of columns) {
      if (c.kind === 'dict') row[c.name] = c.dictionary[c.indices[i]];
      else if (c.kind === 'date') row[c.name] = new Date(c.values[i] * 86_400_000).toISOString().slice(0, 10);
      else if (c.kind === 'bool') row[c.name] = c.values[i] !== 0;
      else if (c.kind === 'i8') row[c.name] = c.values[i];
      else row[c.name] = Number.isNaN(c.values[i]) ? null : c.values[i];
    }
    out.push(row);
  }
  return out;
}

describe('writeParquet row groups and pages', () => {
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

  it('cuts row groups of rowGroupSize rows, the last one shorter', async () => {
    const columns = patternedTable();
    const path = join(dir, 'groups.parquet');
    const result = await writeParquet(path, columns, { rowGroupSize: 700, pageRows: 300 });
    expect(result).toMatchObject({ rows: 2000, rowGroups: 3 });
    const meta = await readMetadata(path);
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([700, 700, 600]);
    expect(Number(meta.num_rows)).toBe(2000);
    // 700 rows in pages of at most 300: 3 data pages per chunk (plus a dictionary page for Code)
    const stats = meta.row_groups[0].columns[0].meta_data?.encoding_stats;
    expect(stats).toEqual([
      { page_type: 'DICTIONARY_PAGE', encoding: 'PLAIN', count: 1 },
      { page_type: 'DATA_PAGE', encoding: 'RLE_DICTIONARY', count: 3 },
    ]);
  });

  it('reads back every value and null position across groups and pages (hyparquet)', async () => {
    const columns = patternedTable();
    const path = join(dir, 'hyparquet.parquet');
    await writeParquet(path, columns, { rowGroupSize: 700, pageRows: 300 });
    expect(await readWithHyparquet(path)).toEqual(expectedRows(columns));
  });

  it('reads back every value and null position across groups and pages (DuckDB)', async () => {
    const columns = patternedTable();
    const path = join(dir, 'duckdb.parquet');
    await writeParquet(path, columns, { rowGroupSize: 700, pageRows: 300 });
    const rows = await query(
      db,
      `SELECT Code, CAST(Date AS VARCHAR) AS Date, runs, scattered, scattered32, limit_hit, is_traded
       FROM read_parquet('${path}', file_row_number = true) ORDER BY file_row_number`,
    );
    expect(rows).toEqual(expectedRows(columns));
  });

  it('gives the same rows whatever the row group size', async () => {
    const columns = patternedTable();
    const one = join(dir, 'one.parquet');
    const many = join(dir, 'many.parquet');
    await writeParquet(one, columns, { rowGroupSize: 1_000_000 });
    await writeParquet(many, columns, { rowGroupSize: 1 << 7, pageRows: 50 });
    expect((await readMetadata(one)).row_groups.length).toBe(1);
    expect((await readMetadata(many)).row_groups.length).toBe(16);
    const diff = await query(
      db,
      `SELECT count(*) AS n FROM (
         (SELECT * FROM read_parquet('${one}') EXCEPT ALL SELECT * FROM read_parquet('${many}'))
         UNION ALL
         (SELECT * FROM read_parquet('${many}') EXCEPT ALL SELECT * FROM read_parquet('${one}')))`,
    );
    expect(diff).toEqual([{ n: 0n }]);
  });
});
