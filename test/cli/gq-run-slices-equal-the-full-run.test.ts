/**
 * Issue 10 §1: any slice of a run (codes, from, to) gives, on every (Code, Date) it writes, the same bits as the full
 * run in every column. Slices are drawn at random (seeded) from the sample market, plus one that ends just before a
 * split, which used to leave prices unadjusted.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDay } from '../../engine/dates.ts';
import { generateMarket } from '../../io/sample/market.ts';
import { readParquetRecords } from '../../io/source/read-parquet-records.ts';
import { gq } from './run-gq.ts';

const SAMPLE = ['--sample-codes', '40', '--sample-days', '300'];
let dir: string;
let full: Map<string, Record<string, unknown>>;

async function rowsOf(path: string): Promise<Record<string, unknown>[]> {
  return readParquetRecords(readFileSync(path), path);
}

const keyOf = (r: Record<string, unknown>): string => `${r.Code as string}|${String(r.Date instanceof Date ? r.Date.toISOString().slice(0, 10) : r.Date)}`;

/** Every column of every row of the slice, bit for bit against the full run (NaN and -0 included). */
async function expectSliceEqualsFull(args: string[], name: string): Promise<number> {
  const out = join(dir, name);
  const r = await gq(['run', ...SAMPLE, '--cache-dir', join(dir, 'cache'), '--output', out, '--format', 'parquet', ...args], dir);
  expect(r.code, r.stderr).toBe(0);
  const rows = await rowsOf(join(out, 'dataset.parquet'));
  expect(rows.length).toBeGreaterThan(0);
  const diffs: string[] = [];
  for (const row of rows) {
    const f = full.get(keyOf(row));
    if (f === undefined) { diffs.push(`${keyOf(row)} is not in the full run`); continue; }
    for (const [col, v] of Object.entries(row)) {
      const w = f[col];
      const same = v instanceof Date ? w instanceof Date && v.getTime() === w.getTime() : Object.is(v, w);
      if (!same && diffs.length < 10) diffs.push(`${keyOf(row)} ${col}: slice ${String(v)} full ${String(w)}`);
    }
  }
  expect(diffs).toEqual([]);
  return rows.length;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gq-slices-'));
  const r = await gq(['run', ...SAMPLE, '--cache-dir', join(dir, 'cache'), '--output', join(dir, 'full'), '--format', 'parquet'], dir);
  expect(r.code, r.stderr).toBe(0);
  full = new Map((await rowsOf(join(dir, 'full', 'dataset.parquet'))).map((row) => [keyOf(row), row]));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a slice of a run', () => {
  const market = generateMarket({ codes: 40, days: 300, seed: 42 });
  const codes = market.bars.codes;
  const days = market.days;

  it('equals the full run bit for bit on random (codes, from, to) slices', async () => {
    let seed = 7;
    const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    for (let s = 0; s < 3; s++) {
      const picked = [...new Set([codes[rand(codes.length)]!, codes[rand(codes.length)]!, codes[rand(codes.length)]!])];
      const a = 20 + rand(days.length - 60);
      const b = a + 5 + rand(days.length - a - 5);
      const n = await expectSliceEqualsFull(['--codes', ...picked, '--from', formatDay(days[a]!), '--to', formatDay(days[b]!)], `slice-${s}`);
      expect(n).toBeGreaterThan(0);
    }
  }, 120_000);

  it('has the full run\'s split-adjusted prices when it ends before a split', async () => {
    const { bars } = market;
    let split = -1;
    for (let i = 0; i < bars.rows && split < 0; i++) {
      const d = bars.date[i]!;
      if (bars.adjFactor[i] !== 1 && d > days[30]! && d < days[days.length - 5]!) split = i;
    }
    expect(split, 'the sample market has a split to test').toBeGreaterThanOrEqual(0);
    const code = bars.codes[bars.code[split]!]!;
    const before = days[days.indexOf(bars.date[split]!) - 3]!;
    await expectSliceEqualsFull(['--codes', code, '--to', formatDay(before), '--days', '20'], 'before-split');
  }, 120_000);

  it('computes the targets of its last rows from the bars after --to', async () => {
    const to = days[200]!;
    const out = join(dir, 'targets');
    const r = await gq(['run', ...SAMPLE, '--cache-dir', join(dir, 'cache'), '--output', out, '--format', 'parquet', '--to', formatDay(to), '--days', '10'], dir);
    expect(r.code, r.stderr).toBe(0);
    const rows = await rowsOf(join(out, 'dataset.parquet'));
    const last = rows.filter((row) => keyOf(row).endsWith(formatDay(to)));
    expect(last.length).toBeGreaterThan(0);
    expect(last.some((row) => typeof row.target_20d === 'number')).toBe(true);
  }, 120_000);
});
