/** Stand-in routes with synthetic records derived from the market's codes and days: flows, margins, fins. */
import { ENDPOINTS } from '../../endpoints.ts';
import { dividendRecord } from '../synthetic/fins.ts';
import { investorTypeCorrections, marginAlertRecordsOn, summaryRecordsOn, summaryRecordsOnClosedDay } from '../synthetic/event-cases.ts';
import { investorTypeRecords } from '../synthetic/investor-types.ts';
import { marginInterestRecord, weekEndingOn } from '../synthetic/margin.ts';
import type { MarketView } from '../market-view.ts';
import { codeDateArgs, isAnswer } from './prices.ts';
import { arrayRows, type Answer, type Route, type RouteContext } from './types.ts';

type PerDay = (v: MarketView, k: number, di: number) => Record<string, unknown> | null | Record<string, unknown>[];
/** Records of code k dated on a calendar day that is not a market day (fins: disclosures on a holiday). */
type OnClosedDay = (v: MarketView, k: number, day: number) => Record<string, unknown>[];

/** A code/date route over a per-(code, market day) generator: by date every code, by code every day in the span. */
function perDayRoute(path: string, window: Route['window'], finsCap: boolean, range: boolean, make: PerDay, closedDay?: OnClosedDay): Route {
  return {
    path, window, finsCap,
    handle(ctx: RouteContext): Answer {
      let q = ctx.q;
      if (!range) {
        q = new URLSearchParams(q);
        q.delete('from');
        q.delete('to');
      }
      const a = codeDateArgs({ ...ctx, q }, window, true);
      if (isAnswer(a)) return a;
      const { v } = ctx;
      const out: object[] = [];
      if (a.code !== undefined && a.k < 0) return { kind: 'data', rows: arrayRows(out), paginate: true };
      const codes = a.k >= 0 ? [a.k] : Array.from(v.m.bars.codes.keys());
      const dis: number[] = [];
      for (let di = 0; di < v.m.days.length; di++) {
        const d = v.m.days[di]!;
        if (d >= a.span.from && d <= a.span.to && d <= ctx.today) dis.push(di);
      }
      // Records dated on closed days: the day asked for, or (by code) the closed day after each market day.
      const closed: number[] = [];
      if (closedDay !== undefined && a.byDate && dis.length === 0 && a.span.from <= ctx.today) closed.push(a.span.from);
      if (closedDay !== undefined && !a.byDate) {
        for (const di of dis) {
          const next = v.m.days[di]! + 1;
          if (v.dayIndex(next) < 0 && next <= a.span.to && next <= ctx.today) closed.push(next);
        }
      }
      for (const k of codes) {
        for (const di of dis) {
          const r = make(v, k, di);
          if (Array.isArray(r)) out.push(...r);
          else if (r !== null) out.push(r);
        }
        if (closedDay !== undefined) for (const d of closed) out.push(...closedDay(v, k, d));
      }
      return { kind: 'data', rows: arrayRows(out), paginate: true };
    },
  };
}

const investorTypes: Route = {
  path: ENDPOINTS.investorTypes.path, window: 'light', finsCap: false,
  handle(ctx) {
    const a = codeDateArgs(ctx, 'light', false);
    if (isAnswer(a)) return a;
    const section = ctx.q.get('section');
    const plain = investorTypeRecords(ctx.v, a.span.from, a.span.to, section === '' ? null : section, ctx.today);
    // Corrections are found from the weeks published up to the span's end (a correction follows its original).
    const corr = investorTypeCorrections(ctx.v, investorTypeRecords(ctx.v, a.span.from - 14, a.span.to, section === '' ? null : section, ctx.today), a.span.from, a.span.to, ctx.today);
    return { kind: 'data', rows: arrayRows([...plain, ...corr]), paginate: true };
  },
};

const marginInterest: Route = {
  path: ENDPOINTS.marginInterest.path, window: 'standard', finsCap: false,
  handle(ctx) {
    const a = codeDateArgs(ctx, 'standard', true);
    if (isAnswer(a)) return a;
    const { v } = ctx;
    const out: object[] = [];
    if (a.code !== undefined && a.k < 0) return { kind: 'data', rows: arrayRows(out), paginate: true };
    const weeks = a.byDate ? [weekEndingOn(v, a.span.from)].filter((w) => w >= 0) : Array.from(v.weeks.keys());
    const codes = a.k >= 0 ? [a.k] : Array.from(v.m.bars.codes.keys());
    for (const k of codes) {
      for (const w of weeks) {
        const d = v.m.days[v.weeks[w]![1] - 1]!;
        if (d < a.span.from || d > a.span.to || d > ctx.today) continue;
        const r = marginInterestRecord(v, k, w);
        if (r !== null) out.push(r);
      }
    }
    return { kind: 'data', rows: arrayRows(out), paginate: true };
  },
};

// fins/summary takes code or date only (no from/to): by code it returns the code's whole history in the window.
export const SYNTHETIC_ROUTES: readonly Route[] = [
  investorTypes,
  marginInterest,
  perDayRoute(ENDPOINTS.marginAlert.path, 'standard', false, true, marginAlertRecordsOn),
  perDayRoute(ENDPOINTS.finsSummary.path, 'bars', true, false, summaryRecordsOn, summaryRecordsOnClosedDay),
  perDayRoute(ENDPOINTS.finsDividend.path, 'premium', false, true, dividendRecord),
];
