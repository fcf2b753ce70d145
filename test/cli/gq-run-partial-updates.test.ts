import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gq } from './run-gq.ts';

const SAMPLE = ['--sample-codes', '20', '--sample-days', '100', '--workers', '2'];
const requestsOf = (stderr: string): number => Number(/fetch: done in [\d.]+ s: \d+ raw rows, (\d+) requests/.exec(stderr)![1]);
const bytes = (dir: string, out: string, f: string): Buffer => readFileSync(join(dir, out, f));

/** A fresh full run in its own folder and cache: what every partial path must reproduce. */
async function fullRun(extra: string[] = []): Promise<{ dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'gq-full-'));
  const r = await gq(['run', ...SAMPLE, ...extra], dir);
  expect(r.code, r.stderr).toBe(0);
  return { dir };
}

describe('partial updates give the same bytes as a full run', () => {
  it('extending the date range fetches only the new days', async () => {
    const full = await fullRun();
    const dir = mkdtempSync(join(tmpdir(), 'gq-dates-'));
    const first = await gq(['run', ...SAMPLE, '--to', '2026-10-30', '--output', 'early'], dir);
    expect(first.code, first.stderr).toBe(0);
    const second = await gq(['run', ...SAMPLE], dir);
    expect(second.code, second.stderr).toBe(0);
    expect(requestsOf(second.stderr)).toBeLessThan(requestsOf(first.stderr));
    expect(bytes(dir, 'out', 'dataset.parquet').equals(bytes(full.dir, 'out', 'dataset.parquet'))).toBe(true);
    expect(bytes(dir, 'out', 'dataset.csv').equals(bytes(full.dir, 'out', 'dataset.csv'))).toBe(true);
    const again = await gq(['run', ...SAMPLE], dir);
    expect(requestsOf(again.stderr)).toBe(0);
  });

  it('--update prices topix refetches those kinds only and rebuilds the same dataset', async () => {
    const full = await fullRun();
    const again = await gq(['run', ...SAMPLE], full.dir);
    expect(requestsOf(again.stderr)).toBe(0);
    const refetch = await gq(['run', ...SAMPLE, '--update', 'prices', 'topix', '--output', 'refetched'], full.dir);
    expect(refetch.code, refetch.stderr).toBe(0);
    // One request per business day for the bars, one per year for TOPIX; the calendar stays cached.
    expect(requestsOf(refetch.stderr)).toBeGreaterThanOrEqual(100);
    expect(requestsOf(refetch.stderr)).toBeLessThan(110);
    expect(bytes(full.dir, 'refetched', 'dataset.parquet').equals(bytes(full.dir, 'out', 'dataset.parquet'))).toBe(true);
  });

  it('adding codes after a run of a few gives the full run', async () => {
    const full = await fullRun();
    const dir = mkdtempSync(join(tmpdir(), 'gq-codes-'));
    const codes = JSON.parse(readFileSync(join(full.dir, 'out', 'dataset.quality.json'), 'utf8')).codes as number;
    expect(codes).toBe(20);
    const csv = readFileSync(join(full.dir, 'out', 'dataset.csv'), 'utf8').split('\n');
    const some = [...new Set(csv.slice(1, 400).map((l) => l.split(',')[0]!))].slice(0, 2);
    const few = await gq(['run', ...SAMPLE, '--codes', ...some, '--output', 'few'], dir);
    expect(few.code, few.stderr).toBe(0);
    expect(readFileSync(join(dir, 'few', 'dataset.csv'), 'utf8').split('\n').slice(1, -1).every((l) => some.includes(l.split(',')[0]!))).toBe(true);
    const all = await gq(['run', ...SAMPLE], dir);
    expect(all.code, all.stderr).toBe(0);
    expect(bytes(dir, 'out', 'dataset.parquet').equals(bytes(full.dir, 'out', 'dataset.parquet'))).toBe(true);
  });

  it('adding feature families to an existing dataset recomputes only those and matches the full run', async () => {
    const full = await fullRun();
    const dir = mkdtempSync(join(tmpdir(), 'gq-family-'));
    const part = await gq(['run', ...SAMPLE, '--families', 'returns', 'technical'], dir);
    expect(part.code, part.stderr).toBe(0);
    const upd = await gq(['run', '--dataset', 'out/dataset.parquet', '--update', 'volatility', 'volume', 'topix', 'microstructure', 'targets', '--tag', 'full'], dir);
    expect(upd.code, upd.stderr).toBe(0);
    expect(upd.stderr).toMatch(/updating volatility, volume, topix, microstructure, targets/);
    expect(requestsOf(upd.stderr)).toBe(0);
    expect(bytes(dir, 'out', 'full.parquet').equals(bytes(full.dir, 'out', 'dataset.parquet'))).toBe(true);
    expect(bytes(dir, 'out', 'full.csv').equals(bytes(full.dir, 'out', 'dataset.csv'))).toBe(true);
    // Refreshing a family in place rewrites the same bytes.
    const refresh = await gq(['run', '--dataset', 'out/full.parquet', '--update', 'technical', '--in-place'], dir);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(bytes(dir, 'out', 'full.parquet').equals(bytes(full.dir, 'out', 'dataset.parquet'))).toBe(true);
  });
});
