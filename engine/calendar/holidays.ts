/** National holidays (祝日法): statutory days plus substitute (振替休日) and citizens' (国民の休日) holidays. */
import { weekday } from '../dates.ts';
import { checkYear, FIRST_YEAR, yearOfDay } from './calendar-range.ts';
import { statutoryHolidays } from './holiday-rules.ts';

export const SUBSTITUTE_HOLIDAY = 'Substitute Holiday';
export const CITIZENS_HOLIDAY = "Citizens' Holiday";

export interface Holiday {
  day: number;
  name: string;
}

const cache: (ReadonlyMap<number, string> | undefined)[] = [];

/** All holidays of a year; Art. 3 wording changed on 2007-01-01, so both versions are applied by year. */
function computeYear(year: number): Map<number, string> {
  const statutory = statutoryHolidays(year);
  const all = new Map(statutory);
  const since2007 = year >= 2007;
  // Art. 3(2). Since 2007: a Sunday 祝日 makes the nearest following non-祝日 day a holiday (hence May 6).
  // 1973-2006: only the next day, and only if it was not a 祝日 itself. Never crosses a year end here.
  for (const day of statutory.keys()) {
    if (weekday(day) !== 0) continue;
    let sub = day + 1;
    if (since2007) while (statutory.has(sub)) sub++;
    else if (statutory.has(sub)) continue;
    if (!all.has(sub)) all.set(sub, SUBSTITUTE_HOLIDAY);
  }
  // Art. 3(3): a non-祝日 day between two 祝日 is a holiday. Before 2007 Sundays and substitute days were
  // excluded (so 2003-05-04, a Sunday, was not one). Only 祝日 count as neighbours, not substitutes.
  for (const day of statutory.keys()) {
    const mid = day + 1;
    if (statutory.has(mid) || !statutory.has(mid + 1) || all.has(mid)) continue;
    if (!since2007 && weekday(mid) === 0) continue;
    all.set(mid, CITIZENS_HOLIDAY);
  }
  return all;
}

function yearMap(year: number): ReadonlyMap<number, string> {
  let m = cache[year - FIRST_YEAR];
  if (m === undefined) cache[year - FIRST_YEAR] = m = computeYear(year);
  return m;
}

/** Name of the national holiday on a day (incl. substitute and citizens' holidays), or null. */
export function holidayName(day: number): string | null {
  return yearMap(yearOfDay(day)).get(day) ?? null;
}

/** The national holidays of a year (2000-2099), ascending by day. */
export function holidaysOfYear(year: number): Holiday[] {
  checkYear(year);
  return [...yearMap(year)].map(([day, name]) => ({ day, name })).sort((a, b) => a.day - b.day);
}
