import { describe, expect, it } from 'vitest';
import { validateRaw } from '../../../pipeline/quality/validate-raw.ts';
import { allRows, cleanRaw, findings, pickRows, rowOf, weekdays } from './make-raw.ts';

describe('duplicate (Code, Date) rows', () => {
  it('keeps the first of identical copies and quarantines the later one', () => {
    const clean = cleanRaw();
    const raw = pickRows(clean, [...allRows(clean), rowOf(1, 20)]);
    const v = validateRaw(raw, { calendar: weekdays });
    expect(findings(v.results)).toEqual({ duplicate: [120] });
    expect(v.keep[rowOf(1, 20)]).toBe(1);
    expect(v.keep[120]).toBe(0);
    // The kept copy still serves as the next day's base.
    expect(v.stats.priceLimit).toEqual({ checked: 117, firstRows: 3, unknownBase: 0, expandedExplained: 0 });
  });

  it('keeps the copy that comes first in the input, wherever the original sits', () => {
    const clean = cleanRaw();
    const raw = pickRows(clean, [rowOf(1, 20), ...allRows(clean)]);
    const v = validateRaw(raw, { calendar: weekdays });
    expect(findings(v.results)).toEqual({ duplicate: [rowOf(1, 20) + 1] });
    expect(v.keep[0]).toBe(1);
  });

  it('quarantines every copy when the copies disagree', () => {
    const clean = cleanRaw();
    const raw = pickRows(clean, [...allRows(clean), rowOf(1, 20)]);
    raw.volume[120] = 999;
    const v = validateRaw(raw, { calendar: weekdays });
    expect(findings(v.results)).toEqual({ 'duplicate-conflict': [rowOf(1, 20), 120] });
    expect(v.stats.rowsQuarantined).toBe(2);
  });

  it('compares null fields as equal, so two identical no-trade rows are one day', () => {
    const clean = cleanRaw();
    const r = rowOf(0, 8);
    for (const col of [clean.open, clean.high, clean.low, clean.close, clean.volume, clean.turnover, clean.adjOpen!, clean.adjHigh!, clean.adjLow!, clean.adjClose!, clean.adjVolume!]) col[r] = Number.NaN;
    const raw = pickRows(clean, [...allRows(clean), r]);
    const v = validateRaw(raw, { calendar: weekdays });
    expect(findings(v.results)).toEqual({ duplicate: [120] });
  });
});
