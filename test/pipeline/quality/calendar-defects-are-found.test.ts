import { describe, expect, it } from 'vitest';
import { tseCalendar } from '../../../engine/calendar/tse-calendar.ts';
import { dayOf, formatDay } from '../../../engine/dates.ts';
import { validateRaw } from '../../../pipeline/quality/validate-raw.ts';
import { allRows, cleanRaw, dayAt, findings, pickRows, rowOf, weekdays } from './make-raw.ts';

describe('calendar checks', () => {
  it('quarantines a row dated on a Saturday', () => {
    const raw = cleanRaw();
    const r = rowOf(2, 39);
    raw.date[r] = dayOf(2023, 7, 1);
    const v = validateRaw(raw, { calendar: weekdays });
    expect(findings(v.results)).toEqual({ 'non-business-day': [r] });
    expect(v.keep[r]).toBe(0);
  });

  it('warns about a business day missing inside a code\'s life, naming the day', () => {
    const clean = cleanRaw();
    const gone = rowOf(0, 20);
    const raw = pickRows(clean, allRows(clean).filter((r) => r !== gone));
    const v = validateRaw(raw, { calendar: weekdays });
    // Rows after the removed one shift down by one: (0, 21) is now at rowOf(0, 21) - 1.
    const after = rowOf(0, 21) - 1;
    expect(findings(v.results)).toEqual({ 'missing-business-day': [after] });
    const missing = v.results.find((x) => x.check === 'missing-business-day')!;
    expect([...missing.dates!].map(formatDay)).toEqual([formatDay(dayAt(20))]);
    expect(v.stats.missingBusinessDays).toBe(1);
    expect(v.stats.rowsQuarantined).toBe(0);
    // The row after a gap has no known base: not judged against the limit table.
    expect(v.stats.priceLimit!.unknownBase).toBe(1);
  });

  it('does not count days before a code\'s first row or after its last', () => {
    const clean = cleanRaw();
    const raw = pickRows(clean, allRows(clean).filter((r) => r !== rowOf(1, 0) && r !== rowOf(2, 39)));
    const v = validateRaw(raw, { calendar: weekdays });
    expect(findings(v.results)).toEqual({});
  });

  it('with the real TSE calendar, quarantines a row on a national holiday that a weekday calendar accepts', () => {
    const raw = cleanRaw();
    const r = rowOf(0, 39);
    raw.date[r] = dayOf(2023, 7, 17); // Marine Day, a Monday
    const real = validateRaw(raw, { calendar: tseCalendar });
    expect(findings(real.results)).toEqual({ 'non-business-day': [r] });
    // The weekday stand-in sees a weekday: no error, but 11 weekdays (06-30, 07-03..07-14) missing before it.
    const fake = validateRaw(raw, { calendar: weekdays });
    expect(findings(fake.results)).toEqual({ 'missing-business-day': Array(11).fill(r) });
  });

  it('skips days the calendar cannot answer for, and counts them', () => {
    const raw = cleanRaw();
    // 1,250 weeks earlier keeps the weekdays: 1999, before the rule-based calendar's 2000 start.
    for (let i = 0; i < raw.rows; i++) raw.date[i] = raw.date[i]! - 1250 * 7;
    const v = validateRaw(raw, { calendar: tseCalendar });
    expect(findings(v.results)).toEqual({});
    expect(v.stats.calendarUnknownRows).toBe(120);
  });

  it('reports the calendar checks as skipped without a calendar', () => {
    const v = validateRaw(cleanRaw());
    expect(v.skipped.map((s) => s.check)).toEqual(['non-business-day', 'missing-business-day']);
    expect(v.skipped[0]!.why).toBe('no calendar supplied');
  });
});
