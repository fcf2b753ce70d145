/**
 * Synthetic financial disclosures. `/fins/summary`: every code discloses once per 61 market days (a
 * quarter), cycling 1Q, 2Q, 3Q, FY; all 107 keys present, numbers as strings and "" where a value is not
 * given, as in the official sample. `/fins/dividend`: a quarter of the codes announce a dividend with
 * their 2Q and FY results.
 */
import { formatDay } from '../../../../engine/dates.ts';
import { SUMMARY_FLAGS, SUMMARY_NUMBERS } from '../../schemas/fins-tables.ts';
import { hashInts } from '../hash.ts';
import type { MarketView } from '../market-view.ts';

const QUARTERS = ['1Q', '2Q', '3Q', 'FY'] as const;
const CYCLE = 61;

/** The period type code k discloses on market day index di, or null when it discloses nothing then. */
export function disclosureOn(v: MarketView, k: number, di: number): (typeof QUARTERS)[number] | null {
  const shifted = di + (hashInts(k, 3) % CYCLE);
  if (shifted % CYCLE !== 0 || !v.listedOn(k, di)) return null;
  return QUARTERS[Math.floor(shifted / CYCLE) % 4]!;
}

/** The summary record of code k on market day index di, or null. */
export function summaryRecord(v: MarketView, k: number, di: number): Record<string, unknown> | null {
  const q = disclosureOn(v, k, di);
  if (q === null) return null;
  const day = v.m.days[di]!;
  const date = formatDay(day);
  const year = Number(date.slice(0, 4));
  const fyStart = Number(date.slice(5, 7)) >= 4 ? year : year - 1;
  const scale = 1e8 * (1 + (hashInts(k, 5) % 1000));
  const sales = Math.round(scale * (q === 'FY' ? 4 : Number(q[0])));
  const r: Record<string, unknown> = {
    DiscDate: date, DiscTime: '15:00:00', Code: v.m.bars.codes[k], DiscNo: `${date.replaceAll('-', '')}${String(k).padStart(5, '0')}`,
    DocType: `${q}FinancialStatements_Consolidated_JP`, CurPerType: q,
    CurPerSt: `${fyStart}-04-01`, CurPerEn: formatDay(day - 20), CurFYSt: `${fyStart}-04-01`, CurFYEn: `${fyStart + 1}-03-31`,
    NxtFYSt: q === 'FY' ? `${fyStart + 1}-04-01` : '', NxtFYEn: q === 'FY' ? `${fyStart + 2}-03-31` : '',
  };
  const values: Record<string, number> = {
    Sales: sales, OP: Math.round(sales * 0.08), OdP: Math.round(sales * 0.085), NP: Math.round(sales * 0.05),
    EPS: Math.round(sales / 1e7) / 100, TA: sales * 3, Eq: Math.round(sales * 1.2), EqAR: 0.4, BPS: Math.round(sales / 1e6) / 10,
    FSales: Math.round(scale * 4.2), FOP: Math.round(scale * 0.34), FNP: Math.round(scale * 0.21), FEPS: Math.round(scale / 4e6) / 100,
    ShOutFY: 10_000_000 + (hashInts(k, 9) % 90_000_000), AvgSh: 10_000_000 + (hashInts(k, 9) % 90_000_000),
  };
  for (const key of SUMMARY_NUMBERS) r[key] = key in values ? String(values[key]) : '';
  for (const key of SUMMARY_FLAGS) r[key] = q === 'FY' ? 'false' : '';
  return r;
}

/** The dividend record of code k on market day index di, or null. */
export function dividendRecord(v: MarketView, k: number, di: number): Record<string, unknown> | null {
  const q = disclosureOn(v, k, di);
  if (q === null || k % 4 !== 0 || (q !== '2Q' && q !== 'FY')) return null;
  const day = v.m.days[di]!;
  const date = formatDay(day);
  const ref = `${date.replaceAll('-', '')}${String(k).padStart(5, '0')}`;
  return {
    PubDate: date, PubTime: '15:00', Code: v.m.bars.codes[k], RefNo: ref, StatCode: '1', BoardDate: date,
    IFCode: q === 'FY' ? '2' : '1', FRCode: '1', IFTerm: date.slice(0, 7), DivRate: 10 + (hashInts(k, di) % 40),
    RecDate: formatDay(day + 30), ExDate: formatDay(day + 29), ActRecDate: formatDay(day + 30), PayDate: formatDay(day + 80),
    CARefNo: ref, DistAmt: '', RetEarn: '', DeemDiv: '', DeemCapGains: '', NetAssetDecRatio: '',
    CommSpecCode: '0', CommDivRate: '', SpecDivRate: '',
  };
}
