import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dayOf } from '../../../engine/dates.ts';
import { writeRecordsCsv } from '../../../io/csv/write-records-csv.ts';
import { CHECKS } from '../../../pipeline/quality/check-types.ts';
import { buildQualityReport, renderQualityReport } from '../../../pipeline/quality/quality-report.ts';
import { QUARANTINE_COLUMNS, quarantineRecords } from '../../../pipeline/quality/quarantine.ts';
import { validateRaw } from '../../../pipeline/quality/validate-raw.ts';
import { allRows, cleanRaw, pickRows, rowOf, setBar, weekdays } from './make-raw.ts';

const NaN_ = Number.NaN;

/** The clean table plus: a copy of (1, 20) at row 120, a row with C = -1 under L (two errors), a Saturday row, a no-trade day. */
function defective() {
  const clean = cleanRaw();
  const raw = pickRows(clean, [...allRows(clean), rowOf(1, 20)]);
  setBar(raw, rowOf(0, 10), { O: 5, H: 5, L: 5, C: -1, Vo: 100, Va: 100 });
  raw.date[rowOf(2, 39)] = dayOf(2023, 7, 1);
  setBar(raw, rowOf(2, 5), { O: NaN_, H: NaN_, L: NaN_, C: NaN_, Vo: NaN_, Va: NaN_ });
  return raw;
}

describe('quarantine records', () => {
  it('give one record per quarantined row, with every check, the reason and the raw fields', () => {
    const raw = defective();
    const v = validateRaw(raw, { calendar: weekdays });
    const recs = quarantineRecords(raw, v.results);
    expect(recs.map((r) => [r.Code, r.Date, r.check, r.row])).toEqual([
      ['130A0', '2023-06-05', 'duplicate', 120],
      ['72030', '2023-05-22', 'price-nonpositive|ohlc-inconsistent', rowOf(0, 10)],
      ['86970', '2023-07-01', 'non-business-day', rowOf(2, 39)],
    ]);
    const two = recs[1]!;
    expect(two.reason).toBe(`${CHECKS['price-nonpositive'].reason}; ${CHECKS['ohlc-inconsistent'].reason}`);
    expect(two).toMatchObject({ O: 5, H: 5, L: 5, C: -1, UL: 0, LL: 0, Vo: 100, Va: 100, AdjFactor: 1, AdjC: -1 });
    expect(recs[0]!.detail).toBe(`duplicate: identical to input row ${rowOf(1, 20)}, which is kept`);
    // Nothing dropped without a record: quarantined rows = records.
    expect(v.stats.rowsQuarantined).toBe(recs.length);
  });

  it('write to CSV with the io/csv writer, header first', async () => {
    const raw = defective();
    const dir = mkdtempSync(join(tmpdir(), 'gq-quarantine-'));
    try {
      const path = join(dir, 'q.csv');
      await writeRecordsCsv(path, quarantineRecords(raw, validateRaw(raw, { calendar: weekdays }).results), QUARANTINE_COLUMNS);
      const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
      expect(lines[0]).toBe(QUARANTINE_COLUMNS.join(','));
      expect(lines).toHaveLength(4);
      expect(lines[3]!.startsWith('86970,2023-07-01,non-business-day,')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the quality report', () => {
  it('summarises rows, validity, duplicates, counts per check and null ratios', () => {
    const raw = defective();
    const q = buildQualityReport(raw, validateRaw(raw, { calendar: weekdays }));
    expect(q).toMatchObject({
      skipped: false, rows_in: 121, rows_out: 118, rows_quarantined: 3, codes: 3,
      schema_valid: true, ohlc_valid: false, duplicates: 1, no_trade_rows: 1,
      date_range: { from: '2023-05-08', to: '2023-07-01' },
    });
    // 1 null of 121 in each value column; AdjFactor never null.
    expect(q.null_ratio).toMatchObject({ O: +(1 / 121).toFixed(6), C: 0.008264, Va: 0.008264, AdjFactor: 0, AdjC: 0.008264 });
    expect(q.checks.find((c) => c.check === 'ohlc-inconsistent')).toEqual({ check: 'ohlc-inconsistent', family: 'ohlc', severity: 'error', count: 1, reason: CHECKS['ohlc-inconsistent'].reason });
    expect(q.errors).toBe(4); // duplicate, nonpositive, inconsistent, non-business-day
    expect(JSON.parse(JSON.stringify(q))).toEqual(q);
    const text = renderQualityReport(q);
    expect(text).toContain('121 rows in, 118 kept, 3 quarantined');
    expect(text).toContain('ERROR   ohlc-inconsistent: 1');
    expect(text).toContain('OHLC valid: NO');
  });
});
