/**
 * The hard cases of the event endpoints (issue 16, families.md §10.4), on top of the plain synthetic records:
 * - investor types: corrections (the same week again with a newer PubDate, some published on a Saturday), and the
 *   2022-04-04 restructuring (TSE1st/TSE2nd/Mothers/JASDAQ weeks before it, Prime/Standard/Growth from it);
 * - the listed master: Mkt 0101/0102/0104 before 2022-04-04 for codes that are 0111/0112/0113 later;
 * - fins/summary: DiscTime 14:59:59, 15:00:00, 15:29:00, 15:30:00, after the close and missing; a DiscDate on a
 *   Saturday or holiday; a restated 2Q document a week later; an earnings-forecast revision after 2Q; annual
 *   dividend forecasts (undecided `"-"` for some codes) and a dividend-forecast revision after 1Q;
 * - margin alerts: a correction of an AppDate published the next day (codes are designated in 10-day spells).
 * Splits come from the sample market itself (about 3% of codes), so some disclosures precede a split.
 */
import { addBusinessDays, isBusinessDay } from '../../../../engine/calendar/tse-calendar.ts';
import { formatDay, parseDay } from '../../../../engine/dates.ts';
import { hashInts } from '../hash.ts';
import type { MarketView } from '../market-view.ts';
import { disclosureOn, summaryRecord } from './fins.ts';
import { marginAlertRecord } from './margin.ts';

/** 2022-04-04: TSE's new market segments. */
export const RESTRUCTURING = parseDay('2022-04-04');

const LEGACY_MKT: Readonly<Record<string, [string, string]>> = { '0111': ['0101', '東証一部'], '0112': ['0102', '東証二部'], '0113': ['0104', 'マザーズ'] };

/** A master record as of `day`: before 2022-04-04 a code of a new segment is listed on the old one. */
export function masterOnDay<T extends { Mkt?: unknown; MktNm?: unknown }>(r: T, day: number): T {
  if (day >= RESTRUCTURING || typeof r.Mkt !== 'string') return r;
  const old = LEGACY_MKT[r.Mkt];
  return old === undefined ? r : { ...r, Mkt: old[0], MktNm: old[1] };
}

/** The investor-type sections published for a week ending on `enDay`. */
export function flowSectionsFor(enDay: number): readonly string[] {
  return enDay < RESTRUCTURING ? ['TSE1st', 'TSE2nd', 'TSEMothers', 'TSEJASDAQ'] : ['TSEPrime', 'TSEStandard', 'TSEGrowth'];
}

/** True when week w gets a correction record. */
function correctedWeek(w: number): boolean {
  return w % 6 === 2;
}

/**
 * Corrections of investor-type records among `base` (the plain records): the same Section/StDate/EnDate with a
 * newer PubDate (the next business day, or the Saturday after the original for every other corrected week) and the
 * foreigners' purchases raised by 5%. Published in [fromDay, toDay] and not after `today`.
 */
export function investorTypeCorrections(v: MarketView, base: readonly Record<string, unknown>[], fromDay: number, toDay: number, today: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const weekOf = new Map<number, number>();
  v.weeks.forEach(([, e], w) => weekOf.set(v.m.days[e - 1]!, w));
  for (const r of base) {
    const w = weekOf.get(parseDay(String(r.EnDate)));
    if (w === undefined || !correctedWeek(w)) continue;
    const pub = parseDay(String(r.PubDate));
    const saturday = pub + ((6 - ((pub + 4) % 7) + 7) % 7 || 7);
    const corr = w % 12 === 2 ? saturday : addBusinessDays(pub, 1);
    if (corr < fromDay || corr > toDay || corr > today) continue;
    const buy = Math.round((r.FrgnBuy as number) * 1.05);
    out.push({ ...r, PubDate: formatDay(corr), FrgnBuy: buy, FrgnTot: buy + (r.FrgnSell as number), FrgnBal: buy - (r.FrgnSell as number) });
  }
  return out;
}

/** DiscTime variants: before and at the 15:00 close, before and at 15:30 (the close from 2024-11-05), late, missing. */
const TIMES = ['14:59:59', '15:00:00', '15:29:00', '15:30:00', '18:00:00', ''] as const;

/** The first calendar day after `day` that is not a TSE business day (the Saturday at the latest). */
function closedDayAfter(day: number): number {
  let d = day + 1;
  while (isBusinessDay(d)) d++;
  return d;
}

/** True when code k's disclosure on market day di is dated on the closed day after it. */
function onClosedDay(k: number, di: number): boolean {
  return hashInts(k, di, 31) % 11 === 0;
}

/**
 * Summary records of code k whose DiscDate is market day index di: its plain disclosure with one of the DiscTime
 * variants (unless that one is dated on the closed day after), a restatement of the 2Q document 5 market days
 * earlier, and an earnings-forecast revision of the year 10 market days after a 2Q document.
 */
export function summaryRecordsOn(v: MarketView, k: number, di: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const r = withDividend(summaryRecord(v, k, di), k);
  if (r !== null && !onClosedDay(k, di)) out.push({ ...r, DiscTime: TIMES[hashInts(k, di, 23) % TIMES.length] });
  const day = v.m.days[di]!;
  if (di >= 5 && disclosureOn(v, k, di - 5) === '2Q' && k % 7 === 3 && v.listedOn(k, di)) {
    const orig = summaryRecord(v, k, di - 5)!;
    out.push({ ...orig, DiscDate: formatDay(day), DiscTime: '16:00:00', DiscNo: `${String(orig.DiscNo)}9`, OP: String(Math.round(Number(orig.OP) * 0.9)) });
  }
  if (di >= 10 && disclosureOn(v, k, di - 10) === '2Q' && k % 7 === 5 && v.listedOn(k, di)) {
    const orig = summaryRecord(v, k, di - 10)!;
    const rev: Record<string, unknown> = {};
    for (const key of Object.keys(orig)) rev[key] = '';
    Object.assign(rev, {
      DiscDate: formatDay(day), DiscTime: '15:10:00', Code: orig.Code, DiscNo: `${formatDay(day).replaceAll('-', '')}${String(k).padStart(5, '0')}7`,
      DocType: 'EarnForecastRevision', CurPerType: 'FY', CurFYSt: orig.CurFYSt, CurFYEn: orig.CurFYEn, CurPerSt: orig.CurFYSt, CurPerEn: orig.CurFYEn,
      FOP: String(Math.round(Number(orig.FOP) * 1.1)), FNP: String(Math.round(Number(orig.FNP) * 0.95)), FEPS: orig.FEPS,
    });
    out.push(rev);
  }
  if (di >= 15 && disclosureOn(v, k, di - 15) === '1Q' && k % 5 === 1 && v.listedOn(k, di)) {
    const orig = withDividend(summaryRecord(v, k, di - 15), k)!;
    const rev: Record<string, unknown> = {};
    for (const key of Object.keys(orig)) rev[key] = '';
    Object.assign(rev, {
      DiscDate: formatDay(day), DiscTime: '13:00:00', Code: orig.Code, DiscNo: `${formatDay(day).replaceAll('-', '')}${String(k).padStart(5, '0')}5`,
      DocType: 'DividendForecastRevision', CurPerType: 'FY', CurFYSt: orig.CurFYSt, CurFYEn: orig.CurFYEn, CurPerSt: orig.CurFYSt, CurPerEn: orig.CurFYEn,
      FDivAnn: orig.FDivAnn === '-' ? '30' : String(Number(orig.FDivAnn) + 5),
    });
    out.push(rev);
  }
  return out;
}

/**
 * A results document with an annual dividend forecast: this year's (FDivAnn) on quarterly documents, next year's
 * (NxFDivAnn) on FY documents; undecided (`"-"`) for every 9th code.
 */
function withDividend(r: Record<string, unknown> | null, k: number): Record<string, unknown> | null {
  if (r === null) return null;
  // r is a fresh record of summaryRecord: set in place (a copy of its 110 keys costs more than the record).
  r[r.CurPerType === 'FY' ? 'NxFDivAnn' : 'FDivAnn'] = k % 9 === 4 ? '-' : String(20 + (hashInts(k, 37) % 60));
  return r;
}

/** Summary records dated on the closed (non-business) calendar day `day`: disclosures moved there from the market day before. */
export function summaryRecordsOnClosedDay(v: MarketView, k: number, day: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let di = v.dayAtOrBefore(day); di >= 0 && v.m.days[di]! > day - 10; di--) {
    if (closedDayAfter(v.m.days[di]!) !== day || !onClosedDay(k, di)) continue;
    const r = summaryRecord(v, k, di);
    if (r !== null) out.push({ ...r, DiscDate: formatDay(day), DiscTime: '10:00:00' });
  }
  return out;
}

/** Margin-alert records of code k published on market day index di: the plain one, plus a correction of the previous publication. */
export function marginAlertRecordsOn(v: MarketView, k: number, di: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const r = marginAlertRecord(v, k, di);
  if (r !== null) out.push(r);
  const prev = di >= 1 ? marginAlertRecord(v, k, di - 1) : null;
  if (prev !== null && v.listedOn(k, di) && hashInts(k, di, 29) % 10 === 0) {
    const long = Math.round((prev.LongOut as number) * 1.1);
    out.push({ ...prev, PubDate: formatDay(v.m.days[di]!), LongOut: long, SLRatio: long === 0 ? 0 : Math.round(((prev.ShrtOut as number) / long) * 10_000) / 100 });
  }
  return out;
}
