import { describe, expect, it } from 'vitest';
import { tseCalendar } from '../../../engine/calendar/tse-calendar.ts';
import { generateMarket } from '../../../io/sample/market.ts';
import { validateRaw } from '../../../pipeline/quality/validate-raw.ts';
import { allRows, cleanRaw, findings, pickRows, weekdays } from './make-raw.ts';

describe('a clean table', () => {
  it('passes every raw check with every row kept', () => {
    const raw = cleanRaw();
    const v = validateRaw(raw, { calendar: weekdays });
    expect(findings(v.results)).toEqual({});
    expect(v.skipped).toEqual([]);
    expect([...v.keep].every((k) => k === 1)).toBe(true);
    expect(v.stats).toMatchObject({ rowsIn: 120, rowsKept: 120, rowsQuarantined: 0, codes: 3, inputSorted: false, noTradeRows: 0 });
    // 3 codes x 39 rows with a previous session; the first row of each code has no base.
    expect(v.stats.priceLimit).toEqual({ checked: 117, firstRows: 3, unknownBase: 0, expandedExplained: 0 });
    expect(v.stats.adjustmentCompared).toBe(120 * 5);
  });

  it('passes with the real TSE calendar too', () => {
    const v = validateRaw(cleanRaw(), { calendar: tseCalendar });
    expect(findings(v.results)).toEqual({});
  });

  it('gives the same findings whatever the row order', () => {
    const raw = cleanRaw();
    const reversed = pickRows(raw, allRows(raw).reverse());
    const v = validateRaw(reversed, { calendar: weekdays });
    expect(findings(v.results)).toEqual({});
    expect(v.stats.priceLimit!.checked).toBe(117);
  });

  it('finds no error in the sample market (its prices respect the limits by construction)', () => {
    const m = generateMarket({ codes: 60, days: 250, seed: 7 });
    const v = validateRaw(m.bars, { calendar: tseCalendar });
    expect(v.errors.map((r) => r.check)).toEqual([]);
    expect(v.stats.rowsKept).toBe(m.bars.rows);
  });
});
