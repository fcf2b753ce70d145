import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { gq } from './run-gq.ts';

const BAR = ['Open', 'High', 'Low', 'Close', 'Volume', 'TurnoverValue'];

describe('gq run --float32', () => {
  it('keeps prices, volume and turnover DOUBLE and equal to the DOUBLE run, features FLOAT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-f32-bar-'));
    const args = ['run', '--sample-codes', '8', '--sample-days', '80', '--format', 'parquet', '--workers', '1'];
    expect((await gq([...args, '--output', 'f64'], dir)).code).toBe(0);
    expect((await gq([...args, '--output', 'f32', '--float32'], dir)).code).toBe(0);
    const con = await (await DuckDBInstance.create()).connect();
    const types = Object.fromEntries((await con.runAndReadAll(`DESCRIBE SELECT * FROM '${join(dir, 'f32', 'dataset.parquet')}'`)).getRowObjectsJS()
      .map((t) => [t.column_name, t.column_type]));
    for (const c of BAR) expect(`${c} ${types[c]}`).toBe(`${c} DOUBLE`);
    expect(types.sma_20).toBe('FLOAT');
    const differ = (await con.runAndReadAll(`SELECT count(*) FROM '${join(dir, 'f64', 'dataset.parquet')}' a
      JOIN '${join(dir, 'f32', 'dataset.parquet')}' b USING (Code, Date) WHERE ${BAR.map((c) => `a.${c} IS DISTINCT FROM b.${c}`).join(' OR ')}`)).getRows();
    expect(Number(differ[0]![0])).toBe(0);
  });
});
