/**
 * Synthetic margin data. `/markets/margin-interest`: one record per code and market week (dated the week's
 * last market day) for two thirds of the codes. `/markets/margin-alert`: daily records for codes designated
 * in 10-day spells (about 5%), published the day after the application date, with "-" for a change that
 * has no previous day and "*" ratios for some codes (ETFs in the real data).
 */
import { formatDay } from '../../../../engine/dates.ts';
import { MARGIN_INTEREST_VOLUMES } from '../../schemas/flow-tables.ts';
import { hashInts, unit } from '../hash.ts';
import type { MarketView } from '../market-view.ts';

/** True when code k has weekly margin data. */
function hasMargin(k: number): boolean {
  return hashInts(k, 7) % 3 !== 0;
}

/** The margin-interest record of code k for week w, or null. */
export function marginInterestRecord(v: MarketView, k: number, w: number): Record<string, unknown> | null {
  const [, e] = v.weeks[w]!;
  if (!hasMargin(k) || !v.listedOn(k, e - 1)) return null;
  const r: Record<string, unknown> = { Date: formatDay(v.m.days[e - 1]!), Code: v.m.bars.codes[k] };
  MARGIN_INTEREST_VOLUMES.forEach((name, i) => {
    r[name] = (hashInts(k, w, i) % 5_000) * 100;
  });
  r.IssType = v.m.master[k]?.Mrgn === '2' ? '2' : '1';
  return r;
}

/** The week index whose last market day is `day`, or -1. */
export function weekEndingOn(v: MarketView, day: number): number {
  const di = v.dayIndex(day);
  if (di < 0) return -1;
  return v.weeks.findIndex(([, e]) => e - 1 === di);
}

function designated(v: MarketView, k: number, di: number): boolean {
  return di >= 1 && v.listedOn(k, di) && unit(k, Math.floor(di / 10), 11) < 0.05;
}

/** The margin-alert record of code k published on market day index di, or null. */
export function marginAlertRecord(v: MarketView, k: number, di: number): Record<string, unknown> | null {
  if (!designated(v, k, di)) return null;
  const first = !designated(v, k, di - 1);
  const etf = hashInts(k, 17) % 17 === 0;
  const n = (i: number): number => (hashInts(k, di, i) % 20_000) * 100;
  const chg = (i: number): number | string => (first ? '-' : (hashInts(k, di, i) % 2_000) * 100 - 100_000);
  const shrt = n(1);
  const long = n(2);
  return {
    PubDate: formatDay(v.m.days[di]!), Code: v.m.bars.codes[k], AppDate: formatDay(v.m.days[di - 1]!),
    PubReason: { Restricted: '0', DailyPublication: '1', Monitoring: '0', RestrictedByJSF: '0', PrecautionByJSF: '0', UnclearOrSecOnAlert: '0' },
    ShrtOut: shrt, ShrtOutChg: chg(3), ShrtOutRatio: etf ? '*' : Math.round(shrt / 1e5) / 100,
    LongOut: long, LongOutChg: chg(4), LongOutRatio: etf ? '*' : Math.round(long / 1e5) / 100,
    SLRatio: long === 0 ? 0 : Math.round((shrt / long) * 10_000) / 100,
    ShrtNegOut: Math.round(shrt * 0.3), ShrtNegOutChg: chg(5), ShrtStdOut: shrt - Math.round(shrt * 0.3), ShrtStdOutChg: chg(6),
    LongNegOut: Math.round(long * 0.4), LongNegOutChg: chg(7), LongStdOut: long - Math.round(long * 0.4), LongStdOutChg: chg(8),
    TSEMrgnRegCls: '001',
  };
}
