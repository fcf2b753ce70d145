/** Effective days of event records (families.md §1-§4), as business-day ordinals. */
import type { TradingCalendar } from '../calendar/trading-calendar.ts';
import { weekday } from '../dates.ts';
import type { BdOrdinals } from './bd-ordinals.ts';

/** eff = next_bd(PubDate): investor types and margin alerts. */
export function effNextBd(o: BdOrdinals, pubDate: number): number {
  return o.next(pubDate);
}

/**
 * Weekly margin (§2): P(D) is the 2nd business day of the first Monday-Sunday week after D's week that has at least
 * 2 business days; eff = next_bd(P(D)). Returns the ordinal.
 */
export function effWeeklyMargin(o: BdOrdinals, cal: TradingCalendar, date: number): number {
  let monday = date - ((weekday(date) + 6) % 7) + 7;
  for (let guard = 0; guard < 8; guard++, monday += 7) {
    const bds = cal.businessDays(monday, monday + 6);
    if (bds.length >= 2) return o.next(bds[1]!);
  }
  throw new Error(`weekly margin: no week with 2 business days within 8 weeks after ${date}`);
}

/** The 1Q..FY session cutoff of a disclosure day in minutes: 15:00, 15:30 from 2024-11-05, 11:00 on a half-day. */
export function cutoffMinutes(day: number, halfDays: ReadonlySet<number>): number {
  if (halfDays.has(day)) return 11 * 60;
  return day >= CLOSE_1530 ? 15 * 60 + 30 : 15 * 60;
}

/** 2024-11-05, when the TSE close moved to 15:30. */
export const CLOSE_1530 = 20032;

/** A HH:MM or HH:MM:SS time as seconds after midnight, or NaN. */
export function timeSeconds(s: unknown): number {
  if (typeof s !== 'string') return Number.NaN;
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s.trim());
  if (m === null) return Number.NaN;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const se = m[3] === undefined ? 0 : Number(m[3]);
  return h < 24 && mi < 60 && se < 60 ? h * 3600 + mi * 60 + se : Number.NaN;
}

/**
 * Statements (§4.2): DiscDate itself when it is a business day and DiscTime is present and strictly before the
 * cutoff; otherwise next_bd(DiscDate).
 */
export function effStatement(o: BdOrdinals, discDate: number, discSeconds: number, halfDays: ReadonlySet<number>): number {
  if (o.isBd(discDate) && discSeconds === discSeconds && discSeconds < cutoffMinutes(discDate, halfDays) * 60) return o.atOrAfter(discDate);
  return o.next(discDate);
}

/** The last 大発会/大納会 half-day sessions (tse.md §1.6; none from 2009-12-30): 2008-01-04, 2008-12-30, 2009-01-05. */
export const HALF_DAYS: ReadonlySet<number> = new Set([13882, 14243, 14249]);
