/**
 * Cash-dividend adjustment by the ratio method (tse.md §3.3; CRSP/Yahoo, TTR adjRatios): at ex-date s with dividend
 * D, every price before s is multiplied by d = 1 - D / C(s-1), C(s-1) being the close of the last cum-dividend
 * session, and several events compound backwards like split factors. Volume and turnover are left alone. Off by
 * default: gq calls it only when dividend records are supplied. J-Quants' own Adj* values carry no dividends.
 */
import { formatDay, parseDay } from './dates.ts';
import type { Panel } from './panel.ts';

/** One dividend: the code, its ex-date (ISO `YYYY-MM-DD` or `YYYYMMDD`) and the cash amount per share in yen, on the ex-date's share basis (as J-Quants' GrossDividendRate). */
export type DividendRecord = { Code: string; ExDate: string; Amount: number };

/** One applied event: d is the factor multiplied into every price before the ex-date. */
export type AppliedDividend = {
  exDate: string;
  amount: number;
  /** The last cum-dividend close, on the ex-date's share basis (the panel's adjusted close / the ex-date row's split factor). */
  prevClose: number;
  factor: number;
};

export type DividendAdjustment = {
  /** Events applied (after summing records of the same code and ex-date). */
  applied: number;
  /** Per code, its applied events ascending by ex-date. */
  byCode: Record<string, AppliedDividend[]>;
  /** Per code, the cumulative factor applied to its oldest row (the product of its events' factors). */
  cumulative: Record<string, number>;
  /** Records not applied, with the reason. */
  skipped: { Code: string; ExDate: string; Amount: number; reason: string }[];
};

/**
 * Multiplies the Panel's open/high/low/close in place before each ex-date by the backward cumulative product of
 * (1 - D / C_prev), and returns what it applied. An ex-date on a day without a row applies from the code's next row;
 * records of one code and ex-date are summed (ordinary + special dividend). Skipped, with a reason: unknown code,
 * bad date or amount, an ex-date on or before the code's first row or after its last, and D >= C_prev.
 */
export function applyDividendAdjustment(panel: Panel, dividends: readonly DividendRecord[]): DividendAdjustment {
  const out: DividendAdjustment = { applied: 0, byCode: {}, cumulative: {}, skipped: [] };
  const codeIndex = new Map(panel.codes.map((c, k) => [c, k]));
  // Sum amounts per (code, ex-date) first: two ratios on one close would not equal one ratio of the total.
  const events = new Map<number, Map<number, number>>();
  for (const rec of dividends) {
    const skip = (reason: string): void => { out.skipped.push({ Code: rec.Code, ExDate: rec.ExDate, Amount: rec.Amount, reason }); };
    const k = codeIndex.get(rec.Code);
    const day = parseDay(String(rec.ExDate));
    if (k === undefined) { skip('code not in the panel'); continue; }
    if (Number.isNaN(day)) { skip('ExDate is not a date'); continue; }
    if (!(rec.Amount > 0) || !Number.isFinite(rec.Amount)) { skip('Amount is not a positive number'); continue; }
    let byDay = events.get(k);
    if (byDay === undefined) events.set(k, (byDay = new Map()));
    byDay.set(day, (byDay.get(day) ?? 0) + rec.Amount);
  }
  for (const [k, byDay] of events) {
    const code = panel.codes[k]!;
    const a = panel.offsets[k]!;
    const b = panel.offsets[k + 1]!;
    // rows[e] = first row on or after the ex-date; factors computed from unadjusted closes before any is applied.
    const starts: number[] = [];
    const factors: number[] = [];
    const applied: AppliedDividend[] = [];
    for (const day of [...byDay.keys()].sort((x, y) => x - y)) {
      const amount = byDay.get(day)!;
      const exDate = formatDay(day);
      const s = lowerBound(panel.date, a, b, day);
      if (s === a || s === b) {
        out.skipped.push({ Code: code, ExDate: exDate, Amount: amount, reason: s === a ? 'ex-date on or before the code\'s first row: no cum-dividend close' : 'ex-date after the code\'s last row' });
        continue;
      }
      // The panel is split-adjusted: close[s-1] / factor[s] is the cum-dividend close on the ex-date's share basis.
      const prevClose = panel.close[s - 1]! / panel.factor[s]!;
      const d = 1 - amount / prevClose;
      if (!(d > 0) || !Number.isFinite(d)) {
        out.skipped.push({ Code: code, ExDate: exDate, Amount: amount, reason: `dividend ${amount} is not below the previous close ${prevClose}` });
        continue;
      }
      starts.push(s);
      factors.push(d);
      applied.push({ exDate, amount, prevClose, factor: d });
    }
    if (applied.length === 0) continue;
    // Walk the code's rows from newest to oldest, multiplying in each event's factor as its ex-date is passed.
    let cum = 1;
    let e = starts.length - 1;
    const { open, high, low, close } = panel;
    for (let i = b - 1; i >= a; i--) {
      while (e >= 0 && i < starts[e]!) cum *= factors[e--]!;
      if (cum === 1) continue;
      open[i]! *= cum;
      high[i]! *= cum;
      low[i]! *= cum;
      close[i]! *= cum;
    }
    out.applied += applied.length;
    out.byCode[code] = applied;
    out.cumulative[code] = cum;
  }
  return out;
}

/** First index in [a, b) with date >= day. */
function lowerBound(date: Int32Array, a: number, b: number, day: number): number {
  let lo = a;
  let hi = b;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (date[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
