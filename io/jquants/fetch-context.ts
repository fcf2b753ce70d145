/** What the fetch functions share: the request context, the cache, pacing per endpoint, the clock. */
import type { BulkMode } from './bulk/bulk-files.ts';
import type { RawCache } from './cache/cache.ts';
import type { Piece } from './cache/piece.ts';
import { project } from './cache/project.ts';
import { finalMinutes, type Endpoint } from './endpoints.ts';
import type { ClientEvent } from './events.ts';
import { lastFinalDay } from './finality.ts';
import type { Pacer } from './pacer.ts';
import { fetchAllPages } from './paginate.ts';
import type { Task } from './planner.ts';
import type { RequestContext } from './request.ts';
import { runTasks } from './run-tasks.ts';

export type FetchContext = {
  req: RequestContext;
  cache: () => Promise<RawCache>;
  pacerFor: (e: Endpoint) => Pacer;
  concurrency: number;
  now: () => number;
  emit: (e: ClientEvent) => void;
  /** Bulk files: the mode, the pacing interval the cost model charges per request (0 unpaced), where downloads go. */
  bulk: { mode: BulkMode; intervalMs: number; downloadsDir: () => string };
};

/**
 * Pieces fetched in this call, by key, with their records so assembly need not read back what it just wrote; null
 * when the caller asked not to keep them (a large fetch then reads them back one at a time, bounding memory).
 */
export type Fresh = Map<string, Record<string, unknown>[] | null>;

/**
 * A copy of `ctx` whose requests are also counted on their own, and that count: what one fetch call made, even while
 * other calls of the same client run at the same time (a difference of the client's total would count theirs too).
 */
export function countRequests(ctx: FetchContext): { ctx: FetchContext; requests: () => number } {
  const call = { requests: 0, outer: ctx.req.call };
  return { ctx: { ...ctx, req: { ...ctx.req, call } }, requests: () => call.requests };
}

/** Fetches every task (all pages), stores each as a cache piece, and returns the pieces by key. */
export async function fetchTasks(ctx: FetchContext, e: Endpoint, tasks: readonly Task[], signal?: AbortSignal, keep = true): Promise<Fresh> {
  const cache = await ctx.cache();
  const fresh: Fresh = new Map();
  const pacer = ctx.pacerFor(e);
  await runTasks(tasks, ctx.concurrency, async (t) => {
    signal?.throwIfAborted();
    const records = await fetchAllPages(ctx.req, pacer, e.path, t.params, signal, e);
    const now = ctx.now();
    const finalThrough = Math.min(t.to, lastFinalDay(now, finalMinutes(e)));
    const piece = await cache.write({ endpoint: e.name, series: t.series, from: t.from, to: t.to, finalThrough, fetchedAt: now },
      records, ctx.req.redact(new URLSearchParams(t.params).toString()));
    fresh.set(piece.key, keep ? records : null);
    ctx.emit({ type: 'piece', endpoint: e.path, key: piece.key, rows: records.length, final: finalThrough >= t.to });
  });
  return fresh;
}

/** The records of a piece (only `fields` of each when given): from this call's fetches when there, else from the cache. */
export async function recordsOf(cache: RawCache, fresh: Fresh, p: Piece, fields?: readonly string[]): Promise<Record<string, unknown>[]> {
  const kept = fresh.get(p.key);
  if (kept !== undefined && kept !== null) {
    fresh.set(p.key, null); // handed over once: do not keep it alive for the rest of the call
    return fields === undefined ? kept : project(kept, fields);
  }
  return cache.read(p, fields);
}
