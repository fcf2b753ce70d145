import holidayJp from '@holiday-jp/holiday_jp/lib/holidays.js';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  businessDays,
  closedReason,
  isBusinessDay,
  nextBusinessDay,
  previousBusinessDay,
} from '../../../engine/calendar/tse-calendar.ts';
import { dayOf, formatDay, parseDay } from '../../../engine/dates.ts';

const d = parseDay;
const open = (s: string) => isBusinessDay(d(s));

// Independent count: weekdays minus holiday_jp's weekday holidays minus the other weekday year-end days.
function referenceCount(year: number): number {
  let n = 0;
  for (let day = dayOf(year, 1, 1); day < dayOf(year + 1, 1, 1); day++) {
    const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
    const wd = new Date(day * 86_400_000).getUTCDay();
    const yearEnd = iso.endsWith('-12-31') || iso.endsWith('-01-02') || iso.endsWith('-01-03');
    if (wd !== 0 && wd !== 6 && !(iso in holidayJp) && !yearEnd) n++;
  }
  return n;
}

describe('TSE business days', () => {
  it('count as holiday_jp plus the exchange rules imply, every year 2000-2030', () => {
    for (let y = 2000; y <= 2030; y++) expect([y, businessDays(dayOf(y, 1, 1), dayOf(y, 12, 31)).length]).toEqual([y, referenceCount(y)]);
  });

  it('number 243 in 2020 (counting 2020-10-01) and leave 202 - 1 closed weekdays in 2015-2026 (tse.md §1.4)', () => {
    expect(businessDays(d('2020-01-01'), d('2020-12-31')).length).toBe(243);
    let weekdays = 0;
    for (let day = d('2015-01-01'); day <= d('2026-12-31'); day++) if (new Date(day * 86_400_000).getUTCDay() % 6 !== 0) weekdays++;
    expect(weekdays - businessDays(d('2015-01-01'), d('2026-12-31')).length).toBe(201);
  });

  it('keep 2020-10-01, the all-day arrowhead halt, as a business day', () => {
    expect(open('2020-10-01')).toBe(true);
    expect(closedReason(d('2020-10-01'))).toBeNull();
  });

  it('close Dec 31, Jan 2 and Jan 3 as the exchange year-end closure', () => {
    expect(closedReason(d('2025-12-31'))).toBe('exchange closure (Dec 31 - Jan 3)');
    expect(closedReason(d('2025-01-02'))).toBe('exchange closure (Dec 31 - Jan 3)');
    expect(closedReason(d('2025-01-03'))).toBe('exchange closure (Dec 31 - Jan 3)');
    expect(closedReason(d('2026-01-01'))).toBe("holiday: New Year's Day");
    expect(closedReason(d('2023-01-02'))).toBe('holiday: Substitute Holiday'); // Jan 1 2023 was a Sunday
    expect(nextBusinessDay(d('2025-12-30'))).toBe(d('2026-01-05')); // 大発会 2026: Jan 4 is a Sunday
    expect(previousBusinessDay(d('2026-01-05'))).toBe(d('2025-12-30')); // 大納会 2025
  });

  it('close on substitute and citizens holidays', () => {
    expect(closedReason(d('2026-05-06'))).toBe('holiday: Substitute Holiday');
    expect(closedReason(d('2015-09-22'))).toBe("holiday: Citizens' Holiday");
    expect(closedReason(d('2026-09-22'))).toBe("holiday: Citizens' Holiday");
    expect(closedReason(d('2025-09-15'))).toBe('holiday: Respect for the Aged Day');
    expect(closedReason(d('2026-05-02'))).toBe('Saturday');
    expect(closedReason(d('2026-05-03'))).toBe('Sunday');
  });

  it('close 2019-04-27..05-06, ten days around the enthronement', () => {
    for (let day = d('2019-04-27'); day <= d('2019-05-06'); day++) expect([formatDay(day), isBusinessDay(day)]).toEqual([formatDay(day), false]);
    expect(closedReason(d('2019-04-30'))).toBe("holiday: Citizens' Holiday");
    expect(closedReason(d('2019-05-01'))).toBe('holiday: Enthronement Day');
    expect(closedReason(d('2019-10-22'))).toBe('holiday: Enthronement Ceremony Day');
    expect(nextBusinessDay(d('2019-04-26'))).toBe(d('2019-05-07'));
    expect(previousBusinessDay(d('2019-05-07'))).toBe(d('2019-04-26'));
    expect(addBusinessDays(d('2019-04-26'), 1)).toBe(d('2019-05-07'));
    expect(addBusinessDays(d('2019-05-07'), -1)).toBe(d('2019-04-26'));
  });

  it('follow the historical changes of the holiday law', () => {
    expect(open('2000-01-10')).toBe(false); // Coming of Age Day, 2nd Monday from 2000
    expect(open('2001-01-15')).toBe(true); // the pre-2000 fixed date is an ordinary Monday now
    expect(open('2000-10-10')).toBe(true); // likewise the old Health and Sports Day date (2000: 10-09)
    expect(open('2002-09-16')).toBe(false); // old Respect for the Aged Day 09-15 (Sun) -> Monday substitute
    expect(open('2003-09-15')).toBe(false); // 3rd Monday from 2003
    expect(open('2003-07-21')).toBe(false); // Marine Day, 3rd Monday from 2003
    expect(open('2015-08-11')).toBe(true); // no Mountain Day before 2016
    expect(open('2016-08-11')).toBe(false);
    expect(open('2018-12-24')).toBe(false); // 12-23 (Sun) Emperor's birthday -> substitute
    expect(open('2019-12-23')).toBe(true); // 2019 had no Emperor's birthday
    expect(open('2020-02-24')).toBe(false); // 02-23 (Sun) -> substitute
    expect(open('2008-05-06')).toBe(false); // post-2007 rule: 05-04 (Sun) -> next non-holiday, 05-06
    expect(closedReason(d('2006-04-28'))).toBeNull();
    expect(closedReason(d('2007-04-30'))).toBe('holiday: Substitute Holiday'); // Showa Day (Sun)
  });

  it('move Marine, Sports and Mountain Day for the 2020 and 2021 Olympics', () => {
    for (const s of ['2020-07-23', '2020-07-24', '2020-08-10', '2021-07-22', '2021-07-23', '2021-08-09']) expect([s, open(s)]).toEqual([s, false]);
    for (const s of ['2020-07-20', '2020-10-12', '2020-08-11', '2021-07-19', '2021-10-11', '2021-08-11']) expect([s, open(s)]).toEqual([s, true]);
    expect(closedReason(d('2020-07-24'))).toBe('holiday: Sports Day');
  });

  it('list ranges ascending and consistent with isBusinessDay', () => {
    const from = d('2000-01-01');
    const to = d('2030-12-31');
    const all = businessDays(from, to);
    const brute: number[] = [];
    for (let day = from; day <= to; day++) if (isBusinessDay(day)) brute.push(day);
    expect(Array.from(all)).toEqual(brute);
    expect(Array.from(businessDays(d('2026-01-01'), d('2026-01-09'))).map(formatDay)).toEqual(['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09']);
    expect(businessDays(d('2026-01-09'), d('2026-01-05')).length).toBe(0);
  });

  it('add business days across years by the session count', () => {
    // 2019's last session is 12-30; 2020 has 243 sessions, the last being 2020-12-30.
    expect(addBusinessDays(d('2019-12-30'), 243)).toBe(d('2020-12-30'));
    expect(addBusinessDays(d('2020-12-30'), -243)).toBe(d('2019-12-30'));
    expect(addBusinessDays(d('2026-01-03'), 1)).toBe(d('2026-01-05')); // from a closed day
    expect(addBusinessDays(d('2026-01-03'), -1)).toBe(d('2025-12-30'));
    expect(addBusinessDays(d('2026-01-03'), 0)).toBe(d('2026-01-03'));
  });

  it('throw a RangeError naming the date outside 2000-2099', () => {
    expect(() => isBusinessDay(d('1999-12-31'))).toThrow(/1999-12-31/);
    expect(() => businessDays(d('1999-12-01'), d('2000-01-31'))).toThrow(/1999-12-01/);
    expect(() => previousBusinessDay(d('2000-01-04'))).toThrow(/before 2000-01-04/);
    expect(() => nextBusinessDay(d('2099-12-30'))).toThrow(/after 2099-12-30/);
  });
});
