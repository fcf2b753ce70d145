/** Fetching a per-date snapshot (the listed master) through the raw cache. */
import { formatDay } from '../../engine/dates.ts';
import { isCovered } from './coverage.ts';
import type { Endpoint } from './endpoints.ts';
import type { Fetched } from './fetch-code-date.ts';
import { fetchTasks, recordsOf, type FetchContext } from './fetch-context.ts';
import type { Task } from './planner.ts';

/**
 * Returns the snapshot of `day` (fetched unless a final copy is cached), filtered to `codes` when given.
 * With `latest`, the request carries no date (the API answers its latest snapshot) and is cached as `day`'s.
 * With `fields`, each record holds only those of them it has (and Code when `codes` filters): the cache builds less.
 */
export async function fetchSnapshot(
  ctx: FetchContext, e: Endpoint, day: number, codes: readonly string[] | null, latest: boolean, signal?: AbortSignal, fields?: readonly string[],
): Promise<Fetched> {
  const before = ctx.req.state.requests;
  const cache = await ctx.cache();
  const cached = cache.pieces(e.name, '*').find((p) => p.from === day && p.to === day);
  const tasks: Task[] = cached !== undefined && isCovered(cached, [], day)
    ? []
    : [{ series: '*', from: day, to: day, params: latest ? {} : { date: formatDay(day) } }];
  const plan = { endpoint: e.path, strategy: tasks.length === 0 ? 'cached' as const : 'snapshot' as const, requests: tasks.length, days: 1, codes: codes === null ? 'all' as const : codes.length, tasks };
  ctx.emit({ type: 'plan', endpoint: e.path, strategy: plan.strategy, requests: plan.requests, days: 1, codes: plan.codes });
  const fresh = await fetchTasks(ctx, e, tasks, signal);
  const piece = cache.pieces(e.name, '*').find((p) => p.from === day && p.to === day);
  const asked = fields !== undefined && codes !== null && !fields.includes('Code') ? [...fields, 'Code'] : fields;
  const all = piece === undefined ? [] : await recordsOf(cache, fresh, piece, asked);
  const wanted = codes === null ? null : new Set(codes);
  const records = wanted === null ? all : all.filter((r) => wanted.has(r.Code as string));
  return { records, plan, requests: ctx.req.state.requests - before };
}
