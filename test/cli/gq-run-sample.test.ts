import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { beforeAll, describe, expect, it } from 'vitest';
import { FEATURES } from '../../kernels/registry.ts';
import { gq, type GqRun } from './run-gq.ts';

const dir = mkdtempSync(join(tmpdir(), 'gq-e2e-'));
let run: GqRun;
beforeAll(async () => {
  run = await gq(['run', '--sample-codes', '25', '--sample-days', '90', '--workers', '2'], dir);
});
const out = (f: string): string => join(dir, 'out', f);

async function duck(sql: string): Promise<Record<string, unknown>[]> {
  const con = await (await DuckDBInstance.create()).connect();
  return (await con.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

describe('gq run with no key', () => {
  it('runs the sample market end to end and says where every output is', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('running the sample market through the local J-Quants stand-in');
    for (const f of ['dataset.parquet', 'dataset.csv', 'dataset.metadata.json', 'dataset.quality.json', 'dataset.quarantine.csv']) {
      expect(run.stdout).toContain(join('out', f));
    }
    expect(readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes Parquet that DuckDB reads with the right types', async () => {
    const cols = await duck(`DESCRIBE SELECT * FROM '${out('dataset.parquet')}'`);
    const type = Object.fromEntries(cols.map((c) => [c.column_name, c.column_type]));
    expect(type).toMatchObject({ Code: 'VARCHAR', Date: 'DATE', Close: 'DOUBLE', Volume: 'DOUBLE', is_traded: 'BOOLEAN', limit_hit: 'TINYINT', rsi_14: 'DOUBLE', target_20d: 'DOUBLE' });
    expect(cols.map((c) => c.column_name)).toEqual(['Code', 'Date', 'Open', 'High', 'Low', 'Close', 'Volume', 'TurnoverValue', 'is_traded', ...FEATURES.map((f) => f.name)]);
  });

  it('writes values an independent reader agrees with: DuckDB recomputes returns and SMA with window functions', async () => {
    const [r] = await duck(`
      WITH t AS (SELECT *, Close / lag(Close) OVER w - 1 AS r1,
                        CASE WHEN count(*) OVER w5 = 5 THEN avg(Close) OVER w5 END AS s5,
                        row_number() OVER w AS n
                 FROM '${out('dataset.parquet')}'
                 WINDOW w AS (PARTITION BY Code ORDER BY Date), w5 AS (PARTITION BY Code ORDER BY Date ROWS 4 PRECEDING))
      SELECT count(*) AS rows,
             max(abs(r1 - returns_1d)) AS r1_err, sum(CASE WHEN (r1 IS NULL) <> (returns_1d IS NULL) THEN 1 ELSE 0 END) AS r1_null_diff,
             max(abs(s5 - sma_5) / s5) AS s5_err, sum(CASE WHEN (s5 IS NULL) <> (sma_5 IS NULL) THEN 1 ELSE 0 END) AS s5_null_diff,
             count(DISTINCT Code) AS codes, sum(CASE WHEN n = 1 AND returns_1d IS NOT NULL THEN 1 ELSE 0 END) AS first_rows_with_return
      FROM t`);
    const meta = JSON.parse(readFileSync(out('dataset.metadata.json'), 'utf8'));
    expect(Number(r!.rows)).toBe(meta.shape.rows);
    expect(Number(r!.r1_err)).toBeLessThan(1e-12);
    expect(Number(r!.r1_null_diff)).toBe(0);
    expect(Number(r!.s5_err)).toBeLessThan(1e-12);
    expect(Number(r!.s5_null_diff)).toBe(0);
    expect(Number(r!.first_rows_with_return)).toBe(0);
    expect(Number(r!.codes)).toBe(meta.codes);
  });

  it('writes Parquet that hyparquet reads back equal to the CSV, nulls included', async () => {
    const buf = readFileSync(out('dataset.parquet'));
    const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    const md = await parquetMetadataAsync(file);
    const dateEl = md.schema.find((e) => e.name === 'Date')!;
    expect(dateEl.converted_type).toBe('DATE');
    const rows = (await parquetReadObjects({ file, compressors })) as Record<string, unknown>[];
    const csv = readFileSync(out('dataset.csv'), 'utf8').trimEnd().split('\n');
    const header = csv[0]!.split(',');
    expect(rows.length).toBe(csv.length - 1);
    for (const i of [0, 7, Math.floor(rows.length / 2), rows.length - 1]) {
      const cells = csv[i + 1]!.split(',');
      header.forEach((h, j) => {
        const v = rows[i]![h];
        const c = cells[j]!;
        if (h === 'Date') expect((v as Date).toISOString().slice(0, 10)).toBe(c);
        else if (h === 'Code') expect(v).toBe(c);
        else if (h === 'is_traded') expect(v ? 'true' : 'false').toBe(c);
        else if (v === null) expect(c, h).toBe('');
        else expect(Number(c), h).toBe(Number(v));
      });
    }
  });

  it('writes metadata with the counts, range, timings and quality results a user looks for', () => {
    const meta = JSON.parse(readFileSync(out('dataset.metadata.json'), 'utf8'));
    expect(meta.feature_counts).toEqual({ returns: 8, volatility: 6, technical: 20, volume: 10, topix: 7, microstructure: 11, targets: 8 });
    expect(meta.source).toBe('sample');
    expect(meta.date_range.to).toBe('2026-11-20');
    expect(meta.quality.schema_valid).toBe(true);
    expect(meta.quality.ohlc_valid).toBe(true);
    expect(typeof meta.null_ratio.rsi_14).toBe('number');
  });

  it('states null ratios that match the nulls DuckDB counts in the file', async () => {
    const meta = JSON.parse(readFileSync(out('dataset.metadata.json'), 'utf8'));
    const [r] = await duck(`SELECT count(*) AS n, count(rsi_14) AS rsi, count(target_20d) AS t20, count(Close) AS c FROM '${out('dataset.parquet')}'`);
    const ratio = (present: unknown): number => +(1 - Number(present) / Number(r!.n)).toFixed(6);
    expect(meta.null_ratio.rsi_14).toBe(ratio(r!.rsi));
    expect(meta.null_ratio.target_20d).toBe(ratio(r!.t20));
    expect(meta.null_ratio.Close).toBe(ratio(r!.c));
    expect(Object.keys(meta.timings_s)).toEqual(expect.arrayContaining(['fetch', 'check', 'assemble', 'compute', 'write']));
    expect(meta.gq_version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
