import { describe, expect, it } from 'vitest';
import { buildQualityReport, renderQualityReport } from '../../../pipeline/quality/quality-report.ts';
import { validateRaw } from '../../../pipeline/quality/validate-raw.ts';
import { cleanRaw, findings, rowOf, setBar, weekdays } from './make-raw.ts';

function withBadRow() {
  const raw = cleanRaw();
  setBar(raw, rowOf(0, 10), { O: 1098, H: 1108, L: 1096, C: 1109, Vo: 1100 });
  return raw;
}

describe('skipping quality checks', () => {
  it('keeps every row, runs nothing, and lists every check as skipped', () => {
    const raw = withBadRow();
    const v = validateRaw(raw, { calendar: weekdays, skip: true });
    expect(v.results).toEqual([]);
    expect(v.keep.every((k) => k === 1)).toBe(true);
    expect(v.skipped.map((s) => s.check)).toContain('ohlc-inconsistent');
    expect(v.skipped.map((s) => s.check)).toContain('price-limit-impossible');
    expect(v.skipped.length).toBe(21); // every check of the table but the panel ones, not-a-number included
  });

  it('says so first and loudly in the report', () => {
    const raw = withBadRow();
    const q = buildQualityReport(raw, validateRaw(raw, { calendar: weekdays, skip: true }));
    expect(q).toMatchObject({ skipped: true, schema_valid: null, ohlc_valid: null, duplicates: null, rows_quarantined: 0 });
    expect(renderQualityReport(q).split('\n')[0]).toBe('!!! QUALITY CHECKS SKIPPED (--skip-quality-checks): none of the 120 raw rows was validated; nothing was quarantined. !!!');
  });

  it('skips only the named checks when given a list, and reports them', () => {
    const raw = withBadRow();
    const v = validateRaw(raw, { calendar: weekdays, skip: ['ohlc-inconsistent'] });
    expect(findings(v.results)).toEqual({});
    expect(v.keep[rowOf(0, 10)]).toBe(1);
    expect(v.skipped).toEqual([{ check: 'ohlc-inconsistent', why: 'skipped on request' }]);
    expect(renderQualityReport(buildQualityReport(raw, v))).toContain('WARNING: 1 check(s) skipped: ohlc-inconsistent (skipped on request)');
  });
});
