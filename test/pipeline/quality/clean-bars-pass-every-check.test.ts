import { describe, expect, it } from 'vitest';
import { tseCalendar } from '../../../engine/calendar/tse-calendar.ts';
import { generateMarket } from '../../../io/sample/market.ts';
import { validateRaw } from '../../../pipeline/quality/validate-raw.ts';
import { allRows, cleanRaw, findings, pickRows, rowOf, setBar, weekdays } from './make-raw.ts';

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

  it('finds the same planted defects in date order, (code, date) order and reversed order', () => {
    const raw = cleanRaw();
    // (0, 20): High 2,400 from a base of 1,096 (beyond 1,096 + 4 x 300 + 1); (2, 30): a gap left by removing (2, 29).
    setBar(raw, rowOf(0, 20), { O: 1100, H: 2400, L: 1095, C: 1101, Vo: 1000 });
    const dateMajor = pickRows(raw, allRows(raw).filter((r) => r !== rowOf(2, 29)));
    const codeMajor = pickRows(dateMajor, allRows(dateMajor).sort((x, y) => dateMajor.code[x]! - dateMajor.code[y]! || x - y));
    const reversed = pickRows(dateMajor, allRows(dateMajor).reverse());
    const named = (r: typeof raw, rows: number[]) => rows.map((i) => `${r.codes[r.code[i]!]} ${r.date[i]}`);
    const expected = { impossible: ['72030 ' + raw.date[rowOf(0, 20)]], missing: ['86970 ' + raw.date[rowOf(2, 30)]] };
    for (const t of [dateMajor, codeMajor, reversed]) {
      const f = findings(validateRaw(t, { calendar: weekdays }).results);
      expect(Object.keys(f).sort()).toEqual(['missing-business-day', 'price-limit-impossible']);
      expect({ impossible: named(t, f['price-limit-impossible']!), missing: named(t, f['missing-business-day']!) }).toEqual(expected);
    }
  });

  it('finds no error in the sample market (its prices respect the limits by construction)', () => {
    const m = generateMarket({ codes: 60, days: 250, seed: 7 });
    const v = validateRaw(m.bars, { calendar: tseCalendar });
    expect(v.errors.map((r) => r.check)).toEqual([]);
    expect(v.stats.rowsKept).toBe(m.bars.rows);
  });
});
