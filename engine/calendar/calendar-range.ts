/** The span of years the rule-based calendar answers for, and the check every entry point makes. */
import { dayOf, formatDay } from '../dates.ts';

// 2000 is the first year of the Happy Monday law; earlier years need rules gq does not encode
// (Jan 15 / Oct 10 holidays, Saturday sessions until 1989, the 1989-1993 imperial days).
export const FIRST_YEAR = 2000;
// Years after the latest Cabinet Office publication (it runs to the next year) are EXTRAPOLATED:
// the law as in force now plus the equinox formula, which holds until 2099. Such years are
// provisional: the equinox is fixed only by the gazette notice of the previous February, and future
// one-off holidays cannot be known. J-Quants' calendar (jquants-calendar.ts) overrides them.
export const LAST_YEAR = 2099;
export const FIRST_DAY = dayOf(FIRST_YEAR, 1, 1);
export const LAST_DAY = dayOf(LAST_YEAR, 12, 31);

/** The calendar year of a day number; throws a RangeError naming the date outside 2000-2099. */
export function yearOfDay(day: number): number {
  if (!Number.isInteger(day)) throw new TypeError(`TSE calendar: day must be an integer day number, got ${day}`);
  if (day < FIRST_DAY || day > LAST_DAY) {
    throw new RangeError(`TSE calendar: ${formatDay(day)} is outside the supported range ${FIRST_YEAR}-01-01..${LAST_YEAR}-12-31`);
  }
  return new Date(day * 86_400_000).getUTCFullYear();
}

/** Throws a RangeError naming the year when it is outside 2000-2099. */
export function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new RangeError(`TSE calendar: year ${year} is outside the supported range ${FIRST_YEAR}..${LAST_YEAR}`);
  }
}
