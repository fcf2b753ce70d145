import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeParquet } from '../../../io/parquet/index.ts';
import { f64Of, readParquetColumns } from '../../../io/source/parquet-columns.ts';

const N = 20_000;
/** Float columns of every layout the fast paths meet: nulls or none, PLAIN or dictionary, DOUBLE, FLOAT, INT32, INT64. */
const FLOATS = ['p', 'q', 'd', 'f', 'i', 'e'];
/** A permutation of 0 .. n-1 that scatters neighbours far apart (multiplication by a unit mod n). */
const scatter = (n: number): Int32Array => Int32Array.from({ length: n }, (_, r) => (r * 7919) % n);
const shared = (n: number): Float64Array => new Float64Array(new SharedArrayBuffer(n * 8));

describe('readParquetColumns into given arrays, in a given row order', () => {
  let dir = '';
  const files: Record<string, string> = {};
  /** Each column of each file as DuckDB reads it, by file row; null as NaN. */
  const expected: Record<string, Record<string, Float64Array>> = {};
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gq-read-into-'));
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    // Uncompressed pages sit at any byte offset of their chunk, so the PLAIN doubles are often unaligned.
    for (const codec of ['uncompressed', 'zstd']) {
      files[codec] = join(dir, `${codec}.parquet`);
      await db.run(`COPY (SELECT CASE WHEN i % 11 = 0 THEN NULL ELSE sin(i) * 1e3 END AS p, cos(i) / (i + 1) AS q,
        (i % 13)::DOUBLE / 4 AS d, CASE WHEN i % 5 = 0 THEN NULL ELSE (i / 3)::FLOAT END AS f,
        CASE WHEN i % 9 = 0 THEN NULL ELSE (i % 1000 - 500)::INTEGER END AS i, (i::BIGINT * 1000003) AS e, 'c' || (i % 7)::VARCHAR AS s
        FROM range(${N}) t(i)) TO '${files[codec]}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 6000)`);
      const cols: Record<string, Float64Array> = {};
      for (const name of FLOATS) cols[name] = new Float64Array(N);
      const rows = (await db.runAndReadAll(`SELECT file_row_number, ${FLOATS.join(', ')} FROM read_parquet('${files[codec]}', file_row_number = true)`)).getRows();
      for (const row of rows) FLOATS.forEach((name, j) => { const v = row[j + 1]; cols[name]![Number(row[0])] = v === null ? Number.NaN : Number(v); });
      expected[codec] = cols;
    }
    // The io/parquet writer's own files: OPTIONAL DOUBLE with RLE levels, pages of 1,000 rows.
    files.gq = join(dir, 'gq.parquet');
    const g = Float64Array.from({ length: N }, (_, r) => (r % 17 === 2 ? Number.NaN : r * 0.125 - 3));
    await writeParquet(files.gq, [{ name: 'g', kind: 'f64', values: g }], { rowGroupSize: 7000, pageRows: 1000 });
    expected.gq = { g };
    db.closeSync();
  });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('writes each row at its place in the arrays given, on 1, 2 and 3 threads, the same values as DuckDB reads', async () => {
    const order = scatter(N);
    for (const file of ['uncompressed', 'zstd', 'gq']) {
      const names = Object.keys(expected[file]!);
      for (const threads of [1, 2, 3]) {
        const into = Object.fromEntries(names.map((n) => [n, shared(N)]));
        const t = await readParquetColumns(files[file]!, names, { floats: names, into, order, threads });
        for (const name of names) {
          const got = f64Of(t, name);
          expect(got).toBe(into[name]);
          const want = expected[file]![name]!;
          const placed = Float64Array.from({ length: N }, (_, r) => got[order[r]!]!);
          expect(placed, `${file} ${name} on ${threads} threads`).toEqual(want);
          expect(t.columns[name], name).toMatchObject({ nulls: want.filter((v) => Number.isNaN(v)).length });
        }
      }
    }
  });

  it('reads into the arrays in file order when no order is given, and leaves the other columns as before', async () => {
    const into = { p: new Float64Array(N + 5).fill(42) };
    const t = await readParquetColumns(files.zstd!, ['p', 's'], { floats: ['p'], into });
    expect(f64Of(t, 'p')).toBe(into.p);
    expect(into.p.subarray(0, N)).toEqual(expected.zstd!.p);
    expect(into.p[N]).toBe(42);
    expect(t.columns.s).toMatchObject({ kind: 'dict' });
  });

  it('refuses a string column, a short array, a column not asked for, an order alone, and plain memory on threads', async () => {
    const path = files.zstd!;
    await expect(readParquetColumns(path, ['s'], { into: { s: shared(N) } })).rejects.toThrow(/column "s": only a float column can be read into a given array/);
    await expect(readParquetColumns(path, ['i'], { into: { i: shared(N) } })).rejects.toThrow(/column "i": only a float column/);
    await expect(readParquetColumns(path, ['p'], { into: { p: shared(N - 1) } })).rejects.toThrow(/holds 19999 values, the file has 20000 rows/);
    await expect(readParquetColumns(path, ['p'], { into: { p: shared(N) }, order: new Int32Array(3) })).rejects.toThrow(/row order holds 3 positions/);
    await expect(readParquetColumns(path, ['p'], { into: { q: shared(N) } })).rejects.toThrow(/given for "q", a column not asked for/);
    await expect(readParquetColumns(path, ['p'], { order: scatter(N) })).rejects.toThrow(/row order is given without arrays/);
    await expect(readParquetColumns(path, ['p', 'q'], { into: { p: new Float64Array(N) }, threads: 2 })).rejects.toThrow(/must be over a SharedArrayBuffer/);
  });
});
