/**
 * Issue 10 §4: a quarantined bar leaves no silent gap (its (Code, Date) stays with an unknown bar), and a missing or
 * null TOPIX bar is carried forward like a no-trade row, counted in the quality report.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../golden/read-csv.ts';
import { gq } from './run-gq.ts';

const GOLDEN = new URL('../../fixtures/golden/cases/split_day/', import.meta.url);
const lines = (name: string): string[] => readFileSync(new URL(name, GOLDEN), 'utf8').trimEnd().split('\n');

/** Runs gq on the split_day case with its bars and TOPIX lines edited. */
async function runEdited(edit: { bars?: (l: string[]) => string[]; topix?: (l: string[]) => string[] }) {
  const dir = mkdtempSync(join(tmpdir(), 'gq-gaps-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'bars_daily.csv'), `${(edit.bars ?? ((l) => l))(lines('bars.csv')).join('\n')}\n`);
  writeFileSync(join(dir, 'data', 'topix.csv'), `${(edit.topix ?? ((l) => l))(lines('topix.csv')).join('\n')}\n`);
  const r = await gq(['run', '--source', 'data', '--format', 'csv', '--workers', '1'], dir);
  expect(r.code, r.stderr).toBe(0);
  return {
    r,
    rows: readCsv(join(dir, 'out', 'dataset.csv')),
    quality: JSON.parse(readFileSync(join(dir, 'out', 'dataset.quality.json'), 'utf8')),
    text: readFileSync(join(dir, 'out', 'dataset.quality.txt'), 'utf8'),
  };
}

describe('data gaps', () => {
  it('keeps a quarantined bar\'s (Code, Date) with a null bar, so the next row\'s 1-day return is null', async () => {
    const base = await runEdited({});
    const target = base.rows.filter((x) => x.Code === '40010')[60]!;
    // High below Low on that day: ohlc-inconsistent, quarantined.
    const { rows, quality, text } = await runEdited({
      bars: (l) => l.map((x) => (x.startsWith(`${target.Date},40010,`) ? x.replace(/^([^,]*,[^,]*,[^,]*),([^,]*),([^,]*),/, '$1,1,5000,') : x)),
    });
    const code = rows.filter((x) => x.Code === '40010');
    const at = code.findIndex((x) => x.Date === target.Date);
    expect(at, 'the (Code, Date) is still there').toBe(60);
    expect(code.length).toBe(base.rows.filter((x) => x.Code === '40010').length);
    expect(code[at]!.Close).toBe('');
    expect(code[at]!.returns_1d).toBe('');
    expect(code[at + 1]!.returns_1d, 'the next row does not span two days').toBe('');
    expect(code[at + 1]!.Close).not.toBe('');
    expect(code[at + 21]!.sma_20, 'a window past the bar is full again').not.toBe('');
    expect(code[at + 19]!.sma_20, 'a window over the bar is not full').toBe('');
    expect(quality.unknown_bars.panel_rows).toBe(1);
    expect(quality.unknown_bars.feature_cells_nulled).toBeGreaterThan(20);
    expect(text).toMatch(/unknown bars: 1 quarantined bar/);
  });

  it('carries the previous TOPIX close over a null TOPIX bar and counts the day', async () => {
    const t = lines('topix.csv');
    const day = t[90]!.split(',')[0]!;
    const { rows, quality, r } = await runEdited({ topix: (l) => l.map((x) => (x.startsWith(`${day},`) ? `${day},,,,` : x)) });
    expect(quality.topix.carried_days).toEqual([day]);
    expect(r.stderr).toContain('TOPIX has no close on 1 business day');
    // beta_60d stays defined across the carried day (it went null for 60 rows before).
    const after = rows.filter((x) => x.Code === '40010' && x.Date >= day);
    expect(after.length).toBeGreaterThan(20);
    expect(after.every((x) => x.beta_60d !== '')).toBe(true);
  });

  it('warns when TOPIX ends before the stocks\' last day', async () => {
    const { quality, text } = await runEdited({ topix: (l) => l.slice(0, l.length - 3) });
    expect(quality.topix.rows_after_last_day).toBeGreaterThan(0);
    expect(text).toMatch(/warning topix-ends-early/);
  });
});
