import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { gq } from './run-gq.ts';

const SAMPLE = ['--sample-codes', '10', '--sample-days', '90', '--workers', '1'];
const GOLDEN = new URL('../../fixtures/golden/cases/split_day/', import.meta.url);
let dir = '';
const read = (...p: string[]): Buffer => readFileSync(join(dir, ...p));

/** A failed run: exit code 2 and exactly one `gq: ` line; returns it. */
async function fails(args: string[], cwd = dir): Promise<string> {
  const r = await gq(args, cwd);
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('gq: '));
  expect(lines.length, r.stderr).toBe(1);
  return lines[0]!;
}

async function columnTypes(path: string): Promise<Record<string, string>> {
  const con = await (await DuckDBInstance.create()).connect();
  return Object.fromEntries((await con.runAndReadAll(`DESCRIBE SELECT * FROM '${path}'`)).getRowObjectsJS().map((t) => [String(t.column_name), String(t.column_type)]));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gq-upd-'));
  const r = await gq(['run', ...SAMPLE, '--families', 'returns', 'technical'], dir);
  expect(r.code, r.stderr).toBe(0);
});

describe('gq run --dataset PATH --update FAMILY', () => {
  it('refuses to replace its input unless --in-place, and writes where --output and --tag say', async () => {
    const input = read('out', 'dataset.parquet');
    expect(await fails(['run', '--dataset', 'out/dataset.parquet', '--update', 'volume'])).toMatch(/would replace its input .*out\/dataset\.parquet; write it elsewhere with --output DIR or --tag NAME, or add --in-place/);
    const r = await gq(['run', '--dataset', 'out/dataset.parquet', '--update', 'volume', '--output', 'elsewhere'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(read('out', 'dataset.parquet').equals(input)).toBe(true);
    expect((await columnTypes(join(dir, 'elsewhere', 'dataset.parquet'))).volume_ma_5).toBe('DOUBLE');
    const tagged = await gq(['run', '--dataset', 'out/dataset.parquet', '--update', 'volume', '--tag', 'with-volume'], dir);
    expect(tagged.code, tagged.stderr).toBe(0);
    expect(read('out', 'with-volume.parquet').equals(read('elsewhere', 'dataset.parquet'))).toBe(true);
    expect(read('out', 'dataset.parquet').equals(input)).toBe(true);
    const inPlace = await gq(['run', '--dataset', 'out/dataset.parquet', '--update', 'volume', '--in-place'], dir);
    expect(inPlace.code, inPlace.stderr).toBe(0);
    expect(read('out', 'dataset.parquet').equals(read('elsewhere', 'dataset.parquet'))).toBe(true);
  });

  it('refuses in one line the flags it cannot apply', async () => {
    for (const flag of [['--codes', '7203'], ['--from', '2026-10-01'], ['--days', '20'], ['--families', 'volume'], ['--sample-codes', '5']]) {
      expect(await fails(['run', '--dataset', 'out/dataset.parquet', '--update', 'volume', '--output', 'x', ...flag])).toMatch(new RegExp(`^gq: ${flag[0]} does not apply with --dataset`));
    }
    expect(await fails(['run', ...SAMPLE, '--in-place'])).toMatch(/--in-place rewrites the dataset given with --dataset PATH/);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('applies --format and --float32', async () => {
    const csvOnly = await gq(['run', '--dataset', 'out/dataset.parquet', '--update', 'volume', '--output', 'csv-only', '--format', 'csv'], dir);
    expect(csvOnly.code, csvOnly.stderr).toBe(0);
    expect(readdirSync(join(dir, 'csv-only')).filter((f) => /\.(csv|parquet)$/.test(f) && !f.includes('quarantine')).sort()).toEqual(['dataset.csv']);
    const f32 = await gq(['run', '--dataset', 'out/dataset.parquet', '--update', 'volume', '--output', 'f32', '--float32', '--format', 'parquet'], dir);
    expect(f32.code, f32.stderr).toBe(0);
    const types = await columnTypes(join(dir, 'f32', 'dataset.parquet'));
    expect([types.Close, types.sma_20, types.volume_ma_5]).toEqual(['DOUBLE', 'FLOAT', 'FLOAT']);
  });

  it('refuses an update when the source files changed since the dataset was written, and says why', async () => {
    const d = mkdtempSync(join(tmpdir(), 'gq-upd-src-'));
    mkdirSync(join(d, 'data'));
    copyFileSync(new URL('bars.csv', GOLDEN), join(d, 'data', 'bars_daily.csv'));
    copyFileSync(new URL('topix.csv', GOLDEN), join(d, 'data', 'topix.csv'));
    const first = await gq(['run', '--source', 'data', '--families', 'returns', '--workers', '1'], d);
    expect(first.code, first.stderr).toBe(0);
    // One close changes by a yen.
    const bars = readFileSync(join(d, 'data', 'bars_daily.csv'), 'utf8');
    const changed = bars.replace(/^(2024-10-01,50010,[^,]+,[^,]+,[^,]+,)(\d+)/m, (_, head: string, c: string) => `${head}${Number(c) + 1}`);
    expect(changed).not.toBe(bars);
    writeFileSync(join(d, 'data', 'bars_daily.csv'), changed);
    expect(await fails(['run', '--dataset', 'out/dataset.parquet', '--update', 'volume', '--tag', 'v'], d)).toMatch(/bars_daily\.csv changed since it was used for .*dataset\.parquet .*re-run gq run without --dataset to recompute everything/);
    // Even with the recorded hash made to agree, the changed price itself is caught.
    const metaPath = join(d, 'out', 'dataset.metadata.json');
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    const h = meta.input_hashes.find((x: { path: string }) => x.path.endsWith('bars_daily.csv'));
    h.sha256 = createHash('sha256').update(changed).digest('hex');
    h.bytes = Buffer.byteLength(changed);
    writeFileSync(metaPath, JSON.stringify(meta));
    expect(await fails(['run', '--dataset', 'out/dataset.parquet', '--update', 'volume', '--tag', 'v'], d)).toMatch(/the dataset's (Open|High|Low|Close) of 50010 .* the raw data changed since it was written/);
    expect(existsSync(join(d, 'out', 'v.parquet'))).toBe(false);
  });
});
