/** Fetching a range endpoint (TOPIX, calendar, investor types) in calendar-year pieces through the raw cache. */
import { ownerOf } from './coverage.ts';
import type { Endpoint } from './endpoints.ts';
import { type Fetched } from './fetch-code-date.ts';
import { parseDayMemo } from '../../engine/dates.ts';
import { countRequests, fetchTasks, recordsOf, type FetchContext } from './fetch-context.ts';
import { todayJst } from './finality.ts';
import { planRange } from './planner.ts';

export type RangeQuery = {
  from: number;
  to: number;
  /** Fixed query parameters (e.g. `section`); they name the cache series. */
  params?: Record<string, string>;
  /** Data endpoints stop at today; the calendar also runs into the future. */
  future?: boolean;
  signal?: AbortSignal;
};

/** Fetches what the cache lacks, then returns the records of [from, to], each day once. */
export async function fetchRange(given: FetchContext, e: Endpoint, q: RangeQuery): Promise<Fetched> {
  const { ctx, requests } = countRequests(given); // this call's own requests, whatever runs beside it
  const to = q.future === true ? q.to : Math.min(q.to, todayJst(ctx.now()));
  const params = q.params ?? {};
  const series = seriesOf(params);
  const cache = await ctx.cache();
  const plan = planRange({ endpoint: e, from: q.from, to, series, params, pieces: cache.pieces(e.name, series) });
  ctx.emit({ type: 'plan', endpoint: e.path, strategy: plan.strategy, requests: plan.requests, days: plan.days, codes: 'all' });
  const fresh = await fetchTasks(ctx, e, plan.tasks, q.signal);
  const pieces = cache.pieces(e.name, series);
  const dayNum = parseDayMemo();
  const records: Record<string, unknown>[] = [];
  for (const p of pieces) {
    if (p.to < q.from || p.from > to) continue;
    const recs = await recordsOf(cache, fresh, p);
    for (const r of recs) {
      const d = dayNum(r[e.dateField] as string);
      if (d < q.from || d > to) continue;
      if (ownerOf(undefined, pieces, d) === p) records.push(r);
    }
  }
  records.sort((a, b) => dayNum(a[e.dateField] as string) - dayNum(b[e.dateField] as string));
  return { records, plan, requests: requests() };
}

/** The cache series of a parameter set: `*` when there is none, else `k=v` pairs. */
function seriesOf(params: Record<string, string>): string {
  const keys = Object.keys(params).sort();
  return keys.length === 0 ? '*' : keys.map((k) => `${k}=${params[k]}`).join('&');
}
