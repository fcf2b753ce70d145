/** Fetching a per-date snapshot (the listed master) through the raw cache. */
import { formatDay } from '../../engine/dates.ts';
import { isCovered } from './coverage.ts';
import type { Endpoint } from './endpoints.ts';
import type { Fetched } from './fetch-code-date.ts';
import { countRequests, fetchTasks, recordsOf, type FetchContext } from './fetch-context.ts';
import type { Task } from './planner.ts';
import type { Piece } from './cache/piece.ts';
import { recordsOfColumns } from './cache/records-thread.ts';

/**
 * Returns the snapshot of `day` (fetched unless a final copy is cached), filtered to `codes` when given.
 * With `latest`, the request carries no date (the API answers its latest snapshot) and is cached as `day`'s.
 * With `fields`, each record holds only those of them it has (and Code when `codes` filters): the cache builds less.
 */
export async function fetchSnapshot(
  given: FetchContext, e: Endpoint, day: number, codes: readonly string[] | null, latest: boolean, signal?: AbortSignal, fields?: readonly string[],
): Promise<Fetched> {
  const { ctx, requests } = countRequests(given); // this call's own requests, whatever runs beside it
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
  return { records, plan, requests: requests() };
}

/** Cached snapshots from which `fields` are read on another thread (fewer: a thread costs more). */
const THREAD_MIN_SNAPSHOTS = 32;

/**
 * The snapshots of `days` (each fetched unless a final copy is cached), their records one array per day, each record
 * holding only those of `fields` it has. Many cached snapshots are read on another thread (records-thread.ts).
 */
export async function fetchSnapshots(given: FetchContext, e: Endpoint, days: readonly number[], fields: readonly string[], signal?: AbortSignal): Promise<{ records: Record<string, unknown>[][]; requests: number }> {
  const { ctx, requests } = countRequests(given); // this call's own requests, whatever runs beside it
  const cache = await ctx.cache();
  const tasks: Task[] = [];
  for (const day of days) {
    const cached = cache.pieces(e.name, '*').find((p) => p.from === day && p.to === day);
    const fetch = !(cached !== undefined && isCovered(cached, [], day));
    ctx.emit({ type: 'plan', endpoint: e.path, strategy: fetch ? 'snapshot' : 'cached', requests: fetch ? 1 : 0, days: 1, codes: 'all' });
    if (fetch) tasks.push({ series: '*', from: day, to: day, params: { date: formatDay(day) } });
  }
  const fresh = await fetchTasks(ctx, e, tasks, signal);
  const pieces = days.map((day) => cache.pieces(e.name, '*').find((p) => p.from === day && p.to === day));
  const onThread = cache.readRecordColumns !== undefined && fields.length > 0 && fresh.size === 0 && pieces.length >= THREAD_MIN_SNAPSHOTS
    && pieces.every((p) => p !== undefined) && !fields.includes('__proto__');
  if (onThread) {
    const c = await cache.readRecordColumns!(pieces as Piece[], fields).catch(() => null); // an object value, say: read here instead
    if (c !== null) return { records: recordsOfColumns(c, fields), requests: requests() };
  }
  const records: Record<string, unknown>[][] = [];
  for (const p of pieces) records.push(p === undefined ? [] : await recordsOf(cache, fresh, p, fields));
  return { records, requests: requests() };
}
