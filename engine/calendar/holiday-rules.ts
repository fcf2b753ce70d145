/** The 国民の祝日 (statutory national holidays) of a year, before substitute and citizens' holidays. */
import { dayOf, weekday } from '../dates.ts';
import { autumnalEquinoxDate, vernalEquinoxDate } from './equinox.ts';

interface Rule {
  name: string;
  from: number; // first year in force
  to: number; // last year in force
  day: (year: number) => number;
}

/** The n-th Monday of a month (Happy Monday law). */
function nthMonday(year: number, month: number, n: number): number {
  const first = dayOf(year, month, 1);
  return first + ((8 - weekday(first)) % 7) + 7 * (n - 1);
}

const fixed = (month: number, date: number) => (year: number) => dayOf(year, month, date);
const ALWAYS = [0, 9999] as const;

function rule(name: string, [from, to]: readonly [number, number], day: (year: number) => number): Rule {
  return { name, from, to, day };
}

// Years are the law's history; the table starts at 2000, so older rules appear only as far as they reach into it.
const RULES: Rule[] = [
  rule("New Year's Day", ALWAYS, fixed(1, 1)),
  rule('Coming of Age Day', ALWAYS, (y) => nthMonday(y, 1, 2)), // 2nd Monday since 2000
  rule('National Foundation Day', ALWAYS, fixed(2, 11)),
  rule("Emperor's Birthday", [2020, 9999], fixed(2, 23)), // Reiwa emperor; 2019 had no birthday holiday
  rule('Vernal Equinox Day', ALWAYS, (y) => dayOf(y, 3, vernalEquinoxDate(y))),
  rule('Greenery Day', [0, 2006], fixed(4, 29)),
  rule('Showa Day', [2007, 9999], fixed(4, 29)),
  rule('Constitution Memorial Day', ALWAYS, fixed(5, 3)),
  rule('Greenery Day', [2007, 9999], fixed(5, 4)), // before 2007, May 4 was a citizens' holiday
  rule("Children's Day", ALWAYS, fixed(5, 5)),
  rule('Marine Day', [1996, 2002], fixed(7, 20)),
  rule('Marine Day', [2003, 9999], (y) => nthMonday(y, 7, 3)),
  rule('Mountain Day', [2016, 9999], fixed(8, 11)),
  rule('Respect for the Aged Day', [0, 2002], fixed(9, 15)),
  rule('Respect for the Aged Day', [2003, 9999], (y) => nthMonday(y, 9, 3)),
  rule('Autumnal Equinox Day', ALWAYS, (y) => dayOf(y, 9, autumnalEquinoxDate(y))),
  rule('Health and Sports Day', [2000, 2019], (y) => nthMonday(y, 10, 2)),
  rule('Sports Day', [2020, 9999], (y) => nthMonday(y, 10, 2)), // renamed from 体育の日
  rule('Culture Day', ALWAYS, fixed(11, 3)),
  rule('Labor Thanksgiving Day', ALWAYS, fixed(11, 23)),
  rule("Emperor's Birthday", [1989, 2018], fixed(12, 23)), // Heisei emperor
];

// Olympic special-measures laws moved three holidays; the regular dates were NOT holidays those years.
const MOVED: Record<number, Record<string, readonly [number, number]>> = {
  2020: { 'Marine Day': [7, 23], 'Sports Day': [7, 24], 'Mountain Day': [8, 10] },
  2021: { 'Marine Day': [7, 22], 'Sports Day': [7, 23], 'Mountain Day': [8, 8] },
};

// One-off days deemed 国民の祝日 by special law (平成30年法律第99号), so they count for Art. 3(2)/(3).
// No other one-off imperial day falls in 2000-2099 as known today (the last before were 1989/1990/1993).
const ONE_OFF: readonly { year: number; month: number; date: number; name: string }[] = [
  { year: 2019, month: 5, date: 1, name: 'Enthronement Day' },
  { year: 2019, month: 10, date: 22, name: 'Enthronement Ceremony Day' },
];

/** Map day number -> name of the statutory holidays (incl. one-off days) of a year, unsorted. */
export function statutoryHolidays(year: number): Map<number, string> {
  const out = new Map<number, string>();
  const moved = MOVED[year];
  for (const r of RULES) {
    if (year < r.from || year > r.to) continue;
    const m = moved?.[r.name];
    out.set(m === undefined ? r.day(year) : dayOf(year, m[0], m[1]), r.name);
  }
  for (const o of ONE_OFF) if (o.year === year) out.set(dayOf(year, o.month, o.date), o.name);
  return out;
}
