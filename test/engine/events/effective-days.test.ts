/** Effective days by hand (families.md §2 worked cases, §4.2, §10.4): dates written out from the TSE calendar. */
import { describe, expect, it } from 'vitest';
import { tseCalendar } from '../../../engine/calendar/tse-calendar.ts';
import { formatDay, parseDay } from '../../../engine/dates.ts';
import { bdOrdinals } from '../../../engine/events/bd-ordinals.ts';
import { effNextBd, effStatement, effWeeklyMargin, HALF_DAYS, timeSeconds } from '../../../engine/events/effective-days.ts';

const o = bdOrdinals(tseCalendar, parseDay('2007-01-01'), parseDay('2026-12-31'));
const day = (ord: number): string => formatDay(o.days[ord]!);
const margin = (d: string): string => day(effWeeklyMargin(o, tseCalendar, parseDay(d)));
const stmt = (d: string, time: string): string => day(effStatement(o, parseDay(d), timeSeconds(time), HALF_DAYS));

describe('weekly margin effective day', () => {
  it('is the Wednesday after a normal Friday', () => expect(margin('2023-03-10')).toBe('2023-03-15'));
  it('is the Thursday when the Monday after is a holiday', () => expect(margin('2023-07-14')).toBe('2023-07-20'));
  it('is 2019-05-09 for 2019-04-26 (Golden Week)', () => expect(margin('2019-04-26')).toBe('2019-05-09'));
  it('is 2025-01-08 for 2024-12-27 (a one-day week at year end)', () => expect(margin('2024-12-27')).toBe('2025-01-08'));
});

describe('next_bd effective day (investor types, margin alerts)', () => {
  it('puts a Friday publication before a Monday holiday on Tuesday', () => expect(day(effNextBd(o, parseDay('2022-07-15')))).toBe('2022-07-19'));
  it('puts a Saturday publication on Monday', () => expect(day(effNextBd(o, parseDay('2023-03-11')))).toBe('2023-03-13'));
});

describe('statement effective day', () => {
  it('is DiscDate at 14:59:59 before 2024-11-05', () => expect(stmt('2023-08-10', '14:59:59')).toBe('2023-08-10'));
  it('is the next business day at 15:00:00 before 2024-11-05', () => expect(stmt('2023-11-10', '15:00:00')).toBe('2023-11-13'));
  it('is DiscDate at 15:29 from 2024-11-05', () => expect(stmt('2024-11-11', '15:29')).toBe('2024-11-11'));
  it('is the next business day at 15:30 from 2024-11-05', () => expect(stmt('2024-11-11', '15:30')).toBe('2024-11-12'));
  it('is the next business day without a time', () => expect(stmt('2024-02-13', '')).toBe('2024-02-14'));
  it('is the next business day for a holiday DiscDate, whatever the time', () => expect(stmt('2023-08-11', '09:00')).toBe('2023-08-14'));
  it('uses 11:00 on the 2008-12-30 half-day session', () => {
    expect(stmt('2008-12-30', '10:59')).toBe('2008-12-30');
    expect(stmt('2008-12-30', '11:00')).toBe('2009-01-05');
  });
  it('reads an unparsable time as missing (next business day after the 08-11 holiday)', () => expect(stmt('2023-08-10', '9am')).toBe('2023-08-14'));
});
