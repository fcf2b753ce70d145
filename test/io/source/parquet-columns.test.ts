import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutColumn } from '../../../io/columns.ts';
import { writeParquet } from '../../../io/parquet/index.ts';
import { boolOf, dictOf, f64Of, i32Of, readParquetColumns, readParquetFooter } from '../../../io/source/parquet-columns.ts';

/** Days since 1970-01-01, computed independently of engine/dates.ts. */
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/** Strings of a dictionary column, row by row. */
const texts = (c: { indices: Int32Array; dictionary: string[] }): string[] => Array.from(c.indices, (k) => c.dictionary[k]!);

describe('readParquetColumns', () => {
  let dir = '';
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'gq-source-test-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('reads back every column kind the io/parquet writer writes, nulls as NaN', async () => {
    const columns: OutColumn[] = [
      { name: 'Code', kind: 'dict', indices: Int32Array.of(2, 2, 0, 0), dictionary: ['130A0', 'unused', '72030'] },
      { name: 'Date', kind: 'date', values: Int32Array.from(['2024-01-04', '2024-01-05', '2024-01-04', '2024-01-05'], day) },
      { name: 'C', kind: 'f64', values: Float64Array.of(NaN, 101.5, -0.25, 1e300) },
      { name: 'r', kind: 'f32', values: Float32Array.of(0.5, NaN, NaN, -2) },
      { name: 'limit_hit', kind: 'i8', values: Int8Array.of(1, 0, -1, 0) },
      { name: 'is_traded', kind: 'bool', values: Uint8Array.of(0, 1, 1, 1) },
    ];
    const path = join(dir, 'kinds.parquet');
    await writeParquet(path, columns);
    const t = await readParquetColumns(path);
    expect(t.rows).toBe(4);
    expect(texts(dictOf(t, 'Code'))).toEqual(['72030', '72030', '130A0', '130A0']);
    expect([...i32Of(t, 'Date')]).toEqual([19726, 19727, 19726, 19727]);
    expect([...f64Of(t, 'C')]).toEqual([NaN, 101.5, -0.25, 1e300]);
    expect([...f64Of(t, 'r')]).toEqual([0.5, NaN, NaN, -2]);
    expect(t.columns.C).toMatchObject({ nulls: 1 });
    expect([...i32Of(t, 'limit_hit')]).toEqual([1, 0, -1, 0]);
    expect([...boolOf(t, 'is_traded')]).toEqual([0, 1, 1, 1]);
  });

  it('puts every row in place across row groups and pages', async () => {
    const n = 1000;
    const price = new Float64Array(n);
    const code = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      price[i] = i % 7 === 3 ? NaN : i / 4;
      code[i] = Math.floor(i / 100);
    }
    const dictionary = Array.from({ length: 10 }, (_, k) => `${1000 + k}0`);
    const path = join(dir, 'groups.parquet');
    // 3 row groups of up to 384 rows, pages of 50: nulls straddle page and group boundaries
    await writeParquet(path, [{ name: 'Code', kind: 'dict', indices: code, dictionary }, { name: 'P', kind: 'f64', values: price }], { rowGroupSize: 384, pageRows: 50 });
    const t = await readParquetColumns(path, ['P', 'Code']);
    const p = f64Of(t, 'P');
    for (let i = 0; i < n; i++) expect(p[i]).toBe(i % 7 === 3 ? NaN : i / 4);
    expect(texts(dictOf(t, 'Code'))).toEqual(Array.from({ length: n }, (_, i) => `${1000 + Math.floor(i / 100)}0`));
  });

  it('reads only the named columns and names a missing one', async () => {
    const path = join(dir, 'two.parquet');
    await writeParquet(path, [
      { name: 'a', kind: 'f64', values: Float64Array.of(1, 2) },
      { name: 'b', kind: 'f64', values: Float64Array.of(3, 4) },
    ]);
    const t = await readParquetColumns(path, ['b']);
    expect(Object.keys(t.columns)).toEqual(['b']);
    await expect(readParquetColumns(path, ['c'])).rejects.toThrow(/no column "c" \(columns: a, b\)/);
  });

  it('reads columns one call at a time with the footer read once', async () => {
    const path = join(dir, 'footer-once.parquet');
    await writeParquet(path, [
      { name: 'a', kind: 'f64', values: Float64Array.of(1, NaN, 3) },
      { name: 'b', kind: 'f64', values: Float64Array.of(4, 5, NaN) },
    ], { rowGroupSize: 2 });
    const footer = await readParquetFooter(path);
    expect(footer.row_groups.length).toBe(2);
    expect([...f64Of(await readParquetColumns(path, ['a'], { footer }), 'a')]).toEqual([1, NaN, 3]);
    expect([...f64Of(await readParquetColumns(path, ['b'], { footer }), 'b')]).toEqual([4, 5, NaN]);
    await expect(readParquetColumns(path, ['c'], { footer })).rejects.toThrow(/no column "c"/);
  });

  describe('on files DuckDB writes', () => {
    let db: Awaited<ReturnType<DuckDBInstance['connect']>>;
    beforeAll(async () => { db = await (await DuckDBInstance.create(':memory:')).connect(); });
    afterAll(() => { db.closeSync(); });

    it('decodes dictionary-encoded doubles, dates and strings, and its nulls', async () => {
      const path = join(dir, 'duck.parquet');
      // few distinct values, so DuckDB dictionary-encodes the doubles too
      await db.run(`COPY (SELECT 'c' || (i % 3)::VARCHAR AS code, DATE '2024-01-01' + (i % 5)::INTEGER AS d,
        CASE WHEN i % 4 = 0 THEN NULL ELSE ((i % 6) * 0.5)::DOUBLE END AS x, i::BIGINT AS big
        FROM range(5000) t(i)) TO '${path}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 2048)`);
      const t = await readParquetColumns(path);
      expect(t.rows).toBe(5000);
      const x = f64Of(t, 'x');
      const d = i32Of(t, 'd');
      const code = texts(dictOf(t, 'code'));
      const big = f64Of(t, 'big');
      for (const i of [0, 1, 2, 3, 5, 2047, 2048, 4095, 4999]) {
        expect(x[i]).toBe(i % 4 === 0 ? NaN : (i % 6) * 0.5);
        expect(d[i]).toBe(day('2024-01-01') + (i % 5));
        expect(code[i]).toBe(`c${i % 3}`);
        expect(big[i]).toBe(i);
      }
      expect(t.columns.x).toMatchObject({ nulls: 1250 });
    });

    it('refuses a null in an integer column, naming the column and the row', async () => {
      const path = join(dir, 'null-int.parquet');
      await db.run(`COPY (SELECT CASE WHEN i = 7 THEN NULL ELSE i END::INTEGER AS n FROM range(10) t(i)) TO '${path}' (FORMAT parquet)`);
      await expect(readParquetColumns(path)).rejects.toThrow(/column "n": null at row 7/);
    });
  });
});
