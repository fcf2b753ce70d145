/** Stand-in routes served from the sample market itself: daily bars, TOPIX, listed master, calendar, AM bars. */
import { masterOnDay } from '../synthetic/event-cases.ts';
import { isBusinessDay } from '../../../../engine/calendar/tse-calendar.ts';
import { dayOf, formatDay } from '../../../../engine/dates.ts';
import type { BarRecord } from '../../../../engine/raw-bars.ts';
import { masterRecordOn } from '../../../sample/master-history.ts';
import { barRecord, rowsOfCode, rowsOnDay, topixRecords } from '../../../sample/records.ts';
import { ENDPOINTS } from '../../endpoints.ts';
import { planWindow } from '../../plans.ts';
import { MSG } from '../messages.ts';
import { codeParam, dayParam, isBad } from '../params.ts';
import { checkWindow } from '../window-check.ts';
import { arrayRows, bad, type Answer, type Route, type RouteContext, type Rows } from './types.ts';

const EMPTY: Rows = { length: 0, at: () => ({}) };

/** Reads code/date/from/to, checks them and the plan window; a code/date route needs one of code or date. */
export function codeDateArgs(ctx: RouteContext, kind: Route['window'], needCodeOrDate: boolean):
  { code?: string; k: number; span: { from: number; to: number }; byDate: boolean } | Answer {
  const code = codeParam(ctx.q);
  const date = dayParam(ctx.q, 'date');
  const from = dayParam(ctx.q, 'from');
  const to = dayParam(ctx.q, 'to');
  for (const x of [code, date, from, to]) if (isBad(x)) return bad(x.message);
  const c = code as string | undefined;
  const d = date as number | undefined;
  if (needCodeOrDate && c === undefined && d === undefined) return bad(MSG.missingCodeDate);
  if (from !== undefined && to !== undefined && (from as number) > (to as number)) return bad(MSG.fromAfterTo);
  const span = checkWindow(ctx.plan, kind, ctx.today, { date: d, from: from as number | undefined, to: to as number | undefined });
  if (isBad(span)) return bad(span.message);
  return { code: c, k: c === undefined ? -1 : ctx.v.codeIndex(c), span, byDate: d !== undefined };
}

/** True when a value is an Answer rather than parsed arguments. */
export function isAnswer(x: object): x is Answer {
  return 'kind' in x;
}

/** A bar record with the Premium morning/afternoon keys (synthetic: the day's prices, half the volume each). */
function withSessions(r: BarRecord): Record<string, unknown> {
  const half = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : Math.round(x / 2));
  const out: Record<string, unknown> = { ...r };
  for (const p of ['M', 'A']) {
    Object.assign(out, {
      [`${p}O`]: r.O, [`${p}H`]: r.H, [`${p}L`]: r.L, [`${p}C`]: r.C, [`${p}UL`]: r.UL, [`${p}LL`]: r.LL,
      [`${p}Vo`]: half(r.Vo), [`${p}Va`]: half(r.Va),
      [`${p}AdjO`]: r.AdjO, [`${p}AdjH`]: r.AdjH, [`${p}AdjL`]: r.AdjL, [`${p}AdjC`]: r.AdjC, [`${p}AdjVo`]: half(r.AdjVo),
    });
  }
  return out;
}

const bars: Route = {
  path: ENDPOINTS.bars.path, window: 'bars', finsCap: false,
  handle(ctx) {
    const a = codeDateArgs(ctx, 'bars', true);
    if (isAnswer(a)) return a;
    const m = ctx.v.m;
    let rows: Int32Array;
    if (a.code !== undefined && a.k < 0) return { kind: 'data', rows: EMPTY, paginate: true };
    if (a.byDate) {
      rows = rowsOnDay(m, a.span.from);
      if (a.k >= 0) rows = rows.filter((row) => m.bars.code[row] === a.k);
    } else {
      const [s, e] = rowsOfCode(m, a.k, a.span.from, a.span.to);
      rows = Int32Array.from({ length: e - s }, (_, i) => s + i);
    }
    const at = ctx.sessions ? (i: number) => withSessions(barRecord(m, rows[i]!)) : (i: number) => barRecord(m, rows[i]!);
    return { kind: 'data', rows: { length: rows.length, at }, paginate: true };
  },
};

const topix: Route = {
  path: ENDPOINTS.topix.path, window: 'light', finsCap: false,
  handle(ctx) {
    const a = codeDateArgs(ctx, 'light', false);
    if (isAnswer(a)) return a;
    return { kind: 'data', rows: arrayRows(topixRecords(ctx.v.m, a.span.from, a.span.to)), paginate: true };
  },
};

const master: Route = {
  path: ENDPOINTS.master.path, window: 'bars', finsCap: false,
  handle(ctx) {
    const code = codeParam(ctx.q);
    const date = dayParam(ctx.q, 'date');
    if (isBad(code)) return bad(code.message);
    if (isBad(date)) return bad(date.message);
    // Without a date the latest snapshot the plan may see is served (the free plan's lags 12 weeks).
    const span = checkWindow(ctx.plan, 'bars', ctx.today, { date });
    if (isBad(span)) return bad(span.message);
    const day = date ?? Math.min(ctx.today, span.to);
    const di = ctx.v.dayAtOrBefore(day);
    const out: object[] = [];
    if (di >= 0) {
      const only = code === undefined ? -1 : ctx.v.codeIndex(code);
      if (code !== undefined && only < 0) return { kind: 'data', rows: EMPTY, paginate: true };
      for (let k = 0; k < ctx.v.m.master.length; k++) {
        if ((only >= 0 && k !== only) || !ctx.v.listedOn(k, di)) continue;
        // Before 2022-04-04 codes of the new segments are listed on the old ones (event-cases.ts).
        out.push({ ...masterOnDay(masterRecordOn(ctx.v.m.master, ctx.v.m.masterChanges ?? [], k, di), day), Date: formatDay(day) });
      }
    }
    return { kind: 'data', rows: arrayRows(out), paginate: true };
  },
};

// The rule-based calendar covers 2000-2099; J-Quants' calendar data starts 2008-01-01 (spec §4.5).
const CAL_FIRST = dayOf(2008, 1, 1);
const CAL_LAST = dayOf(2099, 12, 31);

const calendar: Route = {
  path: ENDPOINTS.calendar.path, window: 'calendar', finsCap: false,
  handle(ctx) {
    const holDiv = ctx.q.get('hol_div');
    if (holDiv !== null && holDiv !== '' && !['0', '1', '2', '3'].includes(holDiv)) return bad(MSG.badHolDiv);
    const a = codeDateArgs(ctx, 'calendar', false);
    if (isAnswer(a)) return a;
    const w = planWindow(ctx.plan, 'calendar', ctx.today)!;
    const yearEnd = dayOf(new Date(ctx.today * 86_400_000).getUTCFullYear() + 1, 12, 31);
    const from = Math.max(a.span.from, CAL_FIRST);
    const to = Math.min(a.span.to, w.to ?? yearEnd, CAL_LAST);
    const market = new Set(ctx.v.m.days);
    const out: object[] = [];
    for (let d = from; d <= to; d++) {
      const div = market.has(d) || isBusinessDay(d) ? '1' : '0';
      if (holDiv === null || holDiv === '' || holDiv === div) out.push({ Date: formatDay(d), HolDiv: div });
    }
    return { kind: 'data', rows: arrayRows(out), paginate: false };
  },
};

/** `/equities/bars/daily/am` (Premium, latest day only): 210 for an unknown code, as the spec documents. */
const morning: Route = {
  path: '/equities/bars/daily/am', window: 'premium', finsCap: false,
  handle(ctx) {
    const code = codeParam(ctx.q);
    if (isBad(code)) return bad(code.message);
    const m = ctx.v.m;
    const k = code === undefined ? -1 : ctx.v.codeIndex(code);
    if (code !== undefined && k < 0) {
      return { kind: 'error', status: 210, body: { message: 'No content due to outside the target time or a stock code does not exist.' } };
    }
    const last = m.days[m.days.length - 1]!;
    const rows = rowsOnDay(m, last).filter((row) => k < 0 || m.bars.code[row] === k);
    const at = (i: number): object => {
      const r = barRecord(m, rows[i]!);
      return { Date: r.Date, Code: r.Code, MO: r.O, MH: r.H, ML: r.L, MC: r.C, MVo: r.Vo === null ? null : Math.round(r.Vo / 2), MVa: r.Va === null ? null : Math.round(r.Va / 2) };
    };
    return { kind: 'data', rows: { length: rows.length, at }, paginate: true };
  },
};

/** Routes served from the market itself. */
export const PRICE_ROUTES: readonly Route[] = [bars, topix, master, calendar, morning];
