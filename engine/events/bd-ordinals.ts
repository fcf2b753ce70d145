/**
 * TSE business days as ordinals (families.md §0): ord(b) for b in B, next_bd(d) as an ordinal, so that
 * age(d, t) = #{b in B : d < b <= t} is a subtraction. Covers a calendar-day span with a dense lookup table.
 */
import type { TradingCalendar } from '../calendar/trading-calendar.ts';

export type BdOrdinals = {
  /** Business days of the span, ascending; ordinal i is days[i]. */
  days: Int32Array;
  /** First and last calendar day covered. */
  lo: number;
  hi: number;
  /** Ordinal of the first business day >= d (days.length when none in the span). */
  atOrAfter(d: number): number;
  /** Ordinal of next_bd(d), the first business day strictly after d. */
  next(d: number): number;
  /** True when d is a business day. */
  isBd(d: number): boolean;
};

/** Ordinals over [lo, hi] (calendar days) from a trading calendar. */
export function bdOrdinals(cal: TradingCalendar, lo: number, hi: number): BdOrdinals {
  const days = cal.businessDays(lo, hi);
  const table = new Int32Array(hi - lo + 2);
  let j = 0;
  for (let d = lo; d <= hi + 1; d++) {
    while (j < days.length && days[j]! < d) j++;
    table[d - lo] = j;
  }
  const atOrAfter = (d: number): number => (d < lo ? 0 : d > hi ? days.length : table[d - lo]!);
  return {
    days, lo, hi, atOrAfter,
    next: (d) => atOrAfter(d + 1),
    isBd: (d) => d >= lo && d <= hi && days[table[d - lo]!] === d,
  };
}
