import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { gq } from './run-gq.ts';

const GOLDEN = new URL('../../fixtures/golden/cases/split_day/', import.meta.url);
const ARGS = ['--format', 'csv', '--workers', '1'];

/** A folder `name` in `dir` with the golden TOPIX and these bars. */
function source(dir: string, name: string, bars: string): string {
  mkdirSync(join(dir, name));
  writeFileSync(join(dir, name, 'bars_daily.csv'), bars);
  copyFileSync(new URL('topix.csv', GOLDEN), join(dir, name, 'topix.csv'));
  return name;
}

describe('gq run --source with the codes users have', () => {
  it('reads 4-digit codes (text or pandas integers, CSV or Parquet) as the 5-character codes --codes takes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-4digit-'));
    const bars = readFileSync(new URL('bars.csv', GOLDEN), 'utf8');
    // 40010 -> 4001: the 4-digit form of the same codes.
    const four = bars.replace(/^([^,]+),(\d{4})0,/gm, '$1,$2,');
    expect(four).not.toBe(bars);
    const full = await gq(['run', '--source', source(dir, 'five', bars), ...ARGS, '--output', 'five-out'], dir);
    expect(full.code, full.stderr).toBe(0);
    const csv = await gq(['run', '--source', source(dir, 'four', four), ...ARGS, '--output', 'four-out', '--codes', '4001', '5001', '6001'], dir);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stderr).not.toMatch(/quarantined —/);
    const want = readFileSync(join(dir, 'five-out', 'dataset.csv'));
    expect(readFileSync(join(dir, 'four-out', 'dataset.csv')).equals(want)).toBe(true);
    // The same as Parquet with Code as an integer column, as pandas writes it.
    mkdirSync(join(dir, 'pq'));
    copyFileSync(new URL('topix.csv', GOLDEN), join(dir, 'pq', 'topix.csv'));
    const con = await (await DuckDBInstance.create()).connect();
    await con.run(`COPY (SELECT * REPLACE (CAST(Code AS INTEGER) AS Code) FROM read_csv('${join(dir, 'four', 'bars_daily.csv')}', types={'Code': 'VARCHAR'}))
      TO '${join(dir, 'pq', 'bars_daily.parquet')}' (FORMAT parquet)`);
    const pq = await gq(['run', '--source', 'pq', ...ARGS, '--output', 'pq-out'], dir);
    expect(pq.code, pq.stderr).toBe(0);
    expect(readFileSync(join(dir, 'pq-out', 'dataset.csv')).equals(want)).toBe(true);
  });

  it('refuses a folder with both bars_daily.csv and bars_daily.parquet instead of picking one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-two-bars-'));
    const name = source(dir, 'data', readFileSync(new URL('bars.csv', GOLDEN), 'utf8'));
    writeFileSync(join(dir, name, 'bars_daily.parquet'), 'not read');
    const r = await gq(['run', '--source', name, ...ARGS], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gq: .*data: both bars_daily\.parquet and bars_daily\.csv are there and gq cannot tell which is current; move all but one away$/m);
  });
});
