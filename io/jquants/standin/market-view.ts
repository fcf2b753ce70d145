/** Lookups over the sample market that the stand-in's routes share: codes, listing spans, weeks. */
import { weekday } from '../../../engine/dates.ts';
import type { SampleMarket } from '../../sample/market.ts';
import { dayIndex } from '../../sample/records.ts';

export type MarketView = {
  m: SampleMarket;
  /** Index of a code (5 characters, or 4 for common stock), or -1. */
  codeIndex(code: string): number;
  /** Index of `day` in m.days, or -1. */
  dayIndex(day: number): number;
  /** Index of the last market day <= day, or -1. */
  dayAtOrBefore(day: number): number;
  /** True when code k has a row on market day index di. */
  listedOn(k: number, di: number): boolean;
  /** Weeks (Monday-based) of the market: index ranges [start, end) into m.days. */
  weeks: ReadonlyArray<readonly [number, number]>;
};

/** The view of a market. */
export function viewOf(m: SampleMarket): MarketView {
  const codes = new Map<string, number>();
  m.bars.codes.forEach((c, k) => codes.set(c, k));
  const weeks: [number, number][] = [];
  let start = 0;
  for (let i = 1; i <= m.days.length; i++) {
    if (i === m.days.length || mondayOf(m.days[i]!) !== mondayOf(m.days[start]!)) {
      weeks.push([start, i]);
      start = i;
    }
  }
  return {
    m,
    codeIndex: (code: string) => codes.get(code.length === 4 ? `${code}0` : code) ?? -1,
    dayIndex: (day: number) => dayIndex(m, day),
    dayAtOrBefore(day: number): number {
      let lo = 0;
      let hi = m.days.length - 1;
      let best = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (m.days[mid]! <= day) {
          best = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return best;
    },
    listedOn(k: number, di: number): boolean {
      const j = di - m.firstDay[k]!;
      return j >= 0 && j < m.offsets[k + 1]! - m.offsets[k]!;
    },
    weeks,
  };
}

function mondayOf(day: number): number {
  return day - ((weekday(day) + 6) % 7);
}
