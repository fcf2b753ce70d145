/**
 * The TSE cash-market calendar from rules (shared/spec/tse.md §1): closed on weekends, national
 * holidays and Dec 31 - Jan 3. Covers 2000-2099 and throws a RangeError naming the date outside;
 * years after the latest Cabinet Office publication are extrapolated (see calendar-range.ts).
 */
import { dayOf, weekday } from '../dates.ts';
import { yearOfDay } from './calendar-range.ts';
import { holidayName } from './holidays.ts';
import { buildCalendar, type TradingCalendar } from './trading-calendar.ts';

export type { TradingCalendar } from './trading-calendar.ts';

export const YEAR_END_CLOSURE = 'exchange closure (Dec 31 - Jan 3)';

// A business day with no trading: J-Quants keeps it as a session with null OHLC rows for every code,
// so it stays a business day here (tse.md §1.5), unlike pandas_market_calendars / exchange_calendars.
const FULL_DAY_HALTS: ReadonlyMap<number, string> = new Map([
  [dayOf(2020, 10, 1), 'all-day trading halt (arrowhead system failure)'],
]);

/** Why the TSE has no session on a day by the rules, or null when it is a business day. */
export function ruleClosedReason(day: number): string | null {
  const wd = weekday(day);
  if (wd === 6) return 'Saturday';
  if (wd === 0) return 'Sunday';
  const holiday = holidayName(day);
  if (holiday !== null) return `holiday: ${holiday}`;
  const jan1 = dayOf(yearOfDay(day), 1, 1);
  // Jan 1 is a national holiday; the exchange also closes Jan 2, Jan 3 and Dec 31.
  if (day === jan1 + 1 || day === jan1 + 2 || day === dayOf(yearOfDay(day), 12, 31)) return YEAR_END_CLOSURE;
  return null;
}

/** The reason for a business day with no trading at all (2020-10-01), or null. */
export function fullDayHaltReason(day: number): string | null {
  return FULL_DAY_HALTS.get(day) ?? null;
}

/** The rule-based TSE calendar as one object (the same functions as the named exports below). */
export const tseCalendar: TradingCalendar = buildCalendar(ruleClosedReason);

/** True when the TSE holds a cash-market session on the day. */
export function isBusinessDay(day: number): boolean {
  return tseCalendar.isBusinessDay(day);
}

/** Why the TSE is closed on the day ('Saturday', 'holiday: …', 'exchange closure …'), or null when open. */
export function closedReason(day: number): string | null {
  return tseCalendar.closedReason(day);
}

/** TSE business days in [from, to], ascending; empty when from > to. */
export function businessDays(from: number, to: number): Int32Array {
  return tseCalendar.businessDays(from, to);
}

/** The first TSE business day strictly after the day. */
export function nextBusinessDay(day: number): number {
  return tseCalendar.nextBusinessDay(day);
}

/** The last TSE business day strictly before the day. */
export function previousBusinessDay(day: number): number {
  return tseCalendar.previousBusinessDay(day);
}

/** The n-th TSE business day after (n > 0) or before (n < 0) the day; n = 0 returns the day unchanged. */
export function addBusinessDays(day: number, n: number): number {
  return tseCalendar.addBusinessDays(day, n);
}
