import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { gq } from './run-gq.ts';

describe('gq run --float32', () => {
  it('writes features as FLOAT, each the float32 rounding of the DOUBLE run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-f32-'));
    const args = ['run', '--sample-codes', '8', '--sample-days', '80', '--format', 'parquet'];
    expect((await gq([...args, '--output', 'f64'], dir)).code).toBe(0);
    expect((await gq([...args, '--output', 'f32', '--float32'], dir)).code).toBe(0);
    const con = await (await DuckDBInstance.create()).connect();
    const types = (await con.runAndReadAll(`DESCRIBE SELECT * FROM '${join(dir, 'f32', 'dataset.parquet')}'`)).getRowObjectsJS();
    expect(types.find((t) => t.column_name === 'rsi_14')!.column_type).toBe('FLOAT');
    expect(types.find((t) => t.column_name === 'Date')!.column_type).toBe('DATE');
    const rows = (await con.runAndReadAll(`
      SELECT a.rsi_14 AS a, b.rsi_14 AS b FROM '${join(dir, 'f64', 'dataset.parquet')}' a
      JOIN '${join(dir, 'f32', 'dataset.parquet')}' b USING (Code, Date)`)).getRowObjectsJS();
    expect(rows.length).toBeGreaterThan(300);
    for (const r of rows) {
      if (r.a === null) expect(r.b).toBeNull();
      else expect(r.b).toBe(Math.fround(r.a as number));
    }
  });
});
