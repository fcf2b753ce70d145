import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../golden/read-csv.ts';
import { gq } from './run-gq.ts';

describe('gq run --from', () => {
  it('computes each code from the history origin so features are valid on the first output day, and writes no earlier row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gq-warm-'));
    const r = await gq(['run', '--sample-codes', '10', '--sample-days', '200', '--from', '2026-09-01', '--format', 'csv'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/output 2026-09-01\.\.\S+; each code is computed from the history origin/);
    const rows = readCsv(join(dir, 'out', 'dataset.csv'));
    expect(rows.every((x) => x.Date! >= '2026-09-01')).toBe(true);
    const first = rows.filter((x) => x.Date === '2026-09-01');
    expect(first.length).toBeGreaterThan(5);
    // Codes listed long before: every windowed feature, up to the 60-day ones, is already valid on day one.
    const full = first.filter((x) => x.volatility_60d !== '');
    expect(full.length).toBeGreaterThan(5);
    for (const x of full) for (const f of ['returns_60d', 'beta_60d', 'macd_signal', 'sma_60', 'atr_14']) expect(x[f], `${x.Code} ${f}`).not.toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'out', 'dataset.metadata.json'), 'utf8')).date_range.from).toBe('2026-09-01');
  });
});
