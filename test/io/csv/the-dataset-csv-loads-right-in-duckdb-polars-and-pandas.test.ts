/**
 * The dataset CSV read by the three readers users have, with their defaults (only Code declared as text: a TSE code
 * such as 72030 looks like a number to every type sniffer until a 130A0-style code appears, thousands of rows in),
 * against the Parquet file of the same run. The Parquet is read by DuckDB and polars themselves, so the reference
 * is independent of gq's CSV and Parquet readers.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import pl from 'nodejs-polars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gq } from '../../cli/run-gq.ts';

const PYTHON = '/usr/bin/python3';
let dir = '';
let csv = '';
let parquet = '';
let db: DuckDBConnection;

/** Column name -> DuckDB type of a query. */
async function types(q: string): Promise<Record<string, string>> {
  const r = await db.runAndReadAll(`DESCRIBE ${q}`);
  return Object.fromEntries(r.getRowObjects().map((o) => [String(o.column_name), String(o.column_type)]));
}

/** The Parquet's types, with integers of any width as BIGINT: a CSV cannot say how wide an integer is. */
async function parquetTypes(): Promise<Record<string, string>> {
  const t = await types(`SELECT * FROM read_parquet('${parquet}')`);
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, /^(TINYINT|SMALLINT|INTEGER)$/.test(v) ? 'BIGINT' : v]));
}

beforeAll(async () => {
  // The default sample market (200 codes x 300 days): more rows than DuckDB's 20,480-row sniffing sample and
  // pandas' 32,768-row chunks, and codes with letters (702L0, 5L3P0) far into the file.
  dir = mkdtempSync(join(tmpdir(), 'gq-csv-readers-'));
  const r = await gq(['run', '--workers', '2'], dir);
  expect(r.code, r.stderr).toBe(0);
  csv = join(dir, 'out', 'dataset.csv');
  parquet = join(dir, 'out', 'dataset.parquet');
  db = await (await DuckDBInstance.create(':memory:')).connect();
}, 120_000);

afterAll(() => {
  db?.closeSync();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('the dataset CSV loads right with every reader\'s defaults', () => {
  it('is sniffed by DuckDB read_csv with no options as the Parquet\'s type in every column but Code', async () => {
    const want = await parquetTypes();
    const got = await types(`SELECT * FROM read_csv('${csv}')`);
    delete want.Code;
    delete got.Code;
    expect(got).toEqual(want);
  });

  it('gives the Parquet\'s types and every value bit for bit in DuckDB read_csv with Code as VARCHAR', async () => {
    const q = `SELECT * FROM read_csv('${csv}', types={'Code': 'VARCHAR'})`;
    expect(await types(q)).toEqual(await parquetTypes());
    // Set difference both ways with multiplicity; nulls compare equal in set operations, doubles exactly.
    const diff = await db.runAndReadAll(`SELECT (SELECT count(*) FROM (${q} EXCEPT ALL SELECT * FROM read_parquet('${parquet}'))),
      (SELECT count(*) FROM (SELECT * FROM read_parquet('${parquet}') EXCEPT ALL ${q})), (SELECT count(*) FROM (${q})), (SELECT count(DISTINCT Code) FROM (${q}))`);
    const [a, b, rows, codes] = diff.getRows()[0]!.map(Number);
    expect([a, b]).toEqual([0, 0]);
    expect(rows).toBeGreaterThan(50_000);
    expect(codes).toBe(200);
  });

  it('gives the Parquet\'s types and values in polars readCSV with Code as a string', () => {
    const fromCsv = pl.readCSV(csv, { dtypes: { Code: pl.Utf8 }, tryParseDates: true });
    const fromParquet = pl.readParquet(parquet);
    const want = Object.fromEntries(Object.entries(fromParquet.schema).map(([k, v]) => [k, String(v).replace('(Int8)', '(Int64)')]));
    const got = Object.fromEntries(Object.entries(fromCsv.schema).map(([k, v]) => [k, String(v)]));
    expect(got).toEqual(want);
    const same = fromCsv.withColumns(pl.col('limit_hit').cast(pl.Int8)).frameEqual(fromParquet, true);
    expect(same).toBe(true);
  });

  it.skipIf(!existsSync(PYTHON))('gives float, bool and string columns and the Parquet\'s values in pandas read_csv with dtype={"Code": str}', async () => {
    // pandas (Debian's, without pyarrow) cannot read the Parquet: it reports dtypes and each float column's null count
    // and sum, and the reference comes from DuckDB over the Parquet. Tolerance of the sums: 1e-9 relative (summation
    // order differs; pandas' default float parser may also differ from round-trip by an ulp).
    const script = [
      'import json, sys, pandas as pd',
      'df = pd.read_csv(sys.argv[1], dtype={"Code": str})',
      'f = [c for c in df.columns if df[c].dtype.kind == "f"]',
      'print(json.dumps({"dtypes": {c: str(t) for c, t in df.dtypes.items()}, "codes": int(df.Code.nunique()), "traded": int(df.is_traded.sum()),',
      '  "nulls": {c: int(df[c].isna().sum()) for c in f}, "sums": {c: float(df[c].sum()) for c in f}}))',
    ].join('\n');
    const py = JSON.parse(execFileSync(PYTHON, ['-c', script, csv], { encoding: 'utf8', maxBuffer: 1 << 24 })) as
      { dtypes: Record<string, string>; codes: number; traded: number; nulls: Record<string, number>; sums: Record<string, number> };
    const want = await parquetTypes();
    for (const [name, t] of Object.entries(want)) {
      const expected = t === 'DOUBLE' ? 'float64' : t === 'BOOLEAN' ? 'bool' : t === 'BIGINT' ? 'int64' : 'object';
      expect(`${name}: ${py.dtypes[name]}`).toBe(`${name}: ${expected}`);
    }
    expect(py.codes).toBe(200);
    const floats = Object.keys(want).filter((k) => want[k] === 'DOUBLE');
    const ref = (await db.runAndReadAll(`SELECT ${floats.map((c) => `count(*) - count("${c}"), sum("${c}")`).join(', ')}, count(*) FILTER (is_traded) FROM read_parquet('${parquet}')`)).getRows()[0]!.map(Number);
    floats.forEach((c, k) => {
      expect(`${c}: ${py.nulls[c]}`).toBe(`${c}: ${ref[2 * k]}`);
      expect(Math.abs(py.sums[c]! - ref[2 * k + 1]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ref[2 * k + 1]!)));
    });
    expect(py.traded).toBe(ref[2 * floats.length]);
  });
});
