import holidayJp from '@holiday-jp/holiday_jp/lib/holidays.js';
import { describe, expect, it } from 'vitest';
import { holidayName, holidaysOfYear } from '../../../engine/calendar/holidays.ts';
import { formatDay, parseDay } from '../../../engine/dates.ts';

// Independent source: holiday_jp's static table (1970-2050). Its Japanese names, translated by hand.
const EN: Record<string, string> = {
  元日: "New Year's Day",
  成人の日: 'Coming of Age Day',
  建国記念の日: 'National Foundation Day',
  天皇誕生日: "Emperor's Birthday",
  春分の日: 'Vernal Equinox Day',
  みどりの日: 'Greenery Day',
  昭和の日: 'Showa Day',
  憲法記念日: 'Constitution Memorial Day',
  こどもの日: "Children's Day",
  海の日: 'Marine Day',
  山の日: 'Mountain Day',
  敬老の日: 'Respect for the Aged Day',
  秋分の日: 'Autumnal Equinox Day',
  体育の日: 'Health and Sports Day',
  '体育の日（スポーツの日）': 'Health and Sports Day', // 2019: the renaming took effect in 2020
  スポーツの日: 'Sports Day',
  文化の日: 'Culture Day',
  勤労感謝の日: 'Labor Thanksgiving Day',
  休日: "Citizens' Holiday",
};
// The two days made holidays by the 2019 special law (休日（祝日扱い）).
const SPECIAL_2019: Record<string, string> = { '2019-05-01': 'Enthronement Day', '2019-10-22': 'Enthronement Ceremony Day' };

function expectedName(date: string, ja: string): string {
  if (ja.endsWith('振替休日')) return 'Substitute Holiday';
  if (ja === '休日（祝日扱い）') return SPECIAL_2019[date] ?? `unexpected one-off ${date}`;
  return EN[ja] ?? `untranslated ${ja}`;
}

function referenceYear(year: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const [date, h] of Object.entries(holidayJp)) {
    if (Number(date.slice(0, 4)) === year) out.set(date, expectedName(date, h.name));
  }
  return out;
}

function computedYear(year: number): Map<string, string> {
  return new Map(holidaysOfYear(year).map((h) => [formatDay(h.day), h.name]));
}

describe('national holidays computed from the rules', () => {
  it('equal holiday_jp, date by date and name by name, for every year 2000-2030', () => {
    for (let year = 2000; year <= 2030; year++) expect([year, computedYear(year)]).toEqual([year, referenceYear(year)]);
  });

  it('keep equalling holiday_jp when extrapolated to 2031-2050', () => {
    for (let year = 2031; year <= 2050; year++) expect([year, computedYear(year)]).toEqual([year, referenceYear(year)]);
  });

  it('name single days through holidayName, and give null on ordinary days', () => {
    expect(holidayName(parseDay('2025-09-15'))).toBe('Respect for the Aged Day');
    expect(holidayName(parseDay('2026-05-06'))).toBe('Substitute Holiday');
    expect(holidayName(parseDay('2015-09-22'))).toBe("Citizens' Holiday");
    expect(holidayName(parseDay('2019-12-23'))).toBeNull(); // no Emperor's birthday in 2019
    expect(holidayName(parseDay('2020-10-01'))).toBeNull();
  });

  it('throw a RangeError naming the year or date outside 2000-2099', () => {
    expect(() => holidaysOfYear(1999)).toThrow(/1999/);
    expect(() => holidayName(parseDay('2100-01-01'))).toThrow(/2100-01-01/);
  });
});
