import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../golden/read-csv.ts';
import { gq } from './run-gq.ts';

const GOLDEN = new URL('../../fixtures/golden/cases/split_day/', import.meta.url);

describe('gq run --source DIR', () => {
  it('reads J-Quants-named CSV files and gives the golden reference values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-files-'));
    mkdirSync(join(dir, 'data'));
    copyFileSync(new URL('bars.csv', GOLDEN), join(dir, 'data', 'bars_daily.csv'));
    copyFileSync(new URL('topix.csv', GOLDEN), join(dir, 'data', 'topix.csv'));
    const r = await gq(['run', '--source', 'data', '--format', 'csv', '--workers', '1'], dir);
    expect(r.code, r.stderr).toBe(0);
    const got = readCsv(join(dir, 'out', 'dataset.csv'));
    const want = readCsv(new URL('expected.csv', GOLDEN));
    expect(got.map((x) => `${x.Code} ${x.Date}`)).toEqual(want.map((x) => `${x.Code} ${x.Date}`));
    for (const col of ['Close', 'Volume', 'returns_20d', 'rsi_14', 'target_5d']) {
      got.forEach((g, i) => {
        const w = want[i]![col]!;
        if (w === '') expect(g[col], `${col} row ${i}`).toBe('');
        else expect(Math.abs(Number(g[col]) - Number(w)), `${col} row ${i}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(Number(w))));
      });
    }
    const meta = JSON.parse(readFileSync(join(dir, 'out', 'dataset.metadata.json'), 'utf8'));
    expect(meta.input_hashes.map((h: { path: string }) => h.path.split('/').pop())).toEqual(['bars_daily.csv', 'topix.csv']);
    expect(meta.input_hashes[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same dataset from the golden files converted to Parquet as from the CSVs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-files-'));
    mkdirSync(join(dir, 'csv'));
    mkdirSync(join(dir, 'parquet'));
    copyFileSync(new URL('bars.csv', GOLDEN), join(dir, 'csv', 'bars_daily.csv'));
    copyFileSync(new URL('topix.csv', GOLDEN), join(dir, 'csv', 'topix.csv'));
    // DuckDB's own reading of the CSVs: Date becomes DATE, and Code, UL and LL become integers (BIGINT).
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    for (const [from, to] of [['bars.csv', 'bars_daily'], ['topix.csv', 'topix']]) {
      await con.run(`COPY (SELECT * FROM read_csv('${fileURLToPath(new URL(from, GOLDEN))}')) TO '${join(dir, 'parquet', `${to}.parquet`)}' (FORMAT parquet, COMPRESSION zstd)`);
    }
    const types = (await con.runAndReadAll(`DESCRIBE SELECT * FROM '${join(dir, 'parquet', 'bars_daily.parquet')}'`)).getRowObjectsJS();
    expect(Object.fromEntries(types.map((t) => [t.column_name, t.column_type]))).toMatchObject({ Date: 'DATE', Code: 'BIGINT', O: 'DOUBLE' });
    con.closeSync();
    for (const src of ['csv', 'parquet']) {
      const r = await gq(['run', '--source', src, '--format', 'csv', '--workers', '1', '--output', `out-${src}`], dir);
      expect(r.code, r.stderr).toBe(0);
    }
    const fromCsv = readCsv(join(dir, 'out-csv', 'dataset.csv'));
    const fromParquet = readCsv(join(dir, 'out-parquet', 'dataset.csv'));
    expect(fromCsv.length).toBeGreaterThan(300);
    expect(fromParquet).toEqual(fromCsv);
    const meta = JSON.parse(readFileSync(join(dir, 'out-parquet', 'dataset.metadata.json'), 'utf8'));
    expect(meta.input_hashes.map((h: { path: string }) => h.path.split('/').pop())).toEqual(['bars_daily.parquet', 'topix.parquet']);
  });

  it('names the file and the missing columns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-files-'));
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'bars_daily.csv'), 'Date,Code,Close\n2024-01-04,72030,100\n');
    writeFileSync(join(dir, 'data', 'topix.csv'), 'Date,O,H,L,C\n2024-01-04,1,1,1,1\n');
    const r = await gq(['run', '--source', 'data'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^gq: .*bars_daily\.csv: missing column\(s\) O, H, L, C, Vo, Va, AdjFactor; expected J-Quants V2 names/);
  });
});
