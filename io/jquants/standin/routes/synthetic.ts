/** Stand-in routes with synthetic records derived from the market's codes and days: flows, margins, fins. */
import { ENDPOINTS } from '../../endpoints.ts';
import { dividendRecord, summaryRecord } from '../synthetic/fins.ts';
import { investorTypeRecords } from '../synthetic/investor-types.ts';
import { marginAlertRecord, marginInterestRecord, weekEndingOn } from '../synthetic/margin.ts';
import type { MarketView } from '../market-view.ts';
import { codeDateArgs, isAnswer } from './prices.ts';
import { arrayRows, type Answer, type Route, type RouteContext } from './types.ts';

type PerDay = (v: MarketView, k: number, di: number) => Record<string, unknown> | null;

/** A code/date route over a per-(code, market day) generator: by date every code, by code every day in the span. */
function perDayRoute(path: string, window: Route['window'], finsCap: boolean, range: boolean, make: PerDay): Route {
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
      for (const k of codes) {
        for (const di of dis) {
          const r = make(v, k, di);
          if (r !== null) out.push(r);
        }
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
    return { kind: 'data', rows: arrayRows(investorTypeRecords(ctx.v, a.span.from, a.span.to, section === '' ? null : section, ctx.today)), paginate: true };
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
  perDayRoute(ENDPOINTS.marginAlert.path, 'standard', false, true, marginAlertRecord),
  perDayRoute(ENDPOINTS.finsSummary.path, 'bars', true, false, summaryRecord),
  perDayRoute(ENDPOINTS.finsDividend.path, 'premium', false, true, dividendRecord),
];
