/**
 * Bulk files or requests for one code/date fetch: takes the request plan the planner made, the days without final
 * per-day pieces, and the cost model of choose-path.ts; lists the files (one request) only when they can pay off.
 * The plan it returns has strategy `bulk`, the files to download, and by-date tasks for the days no file covers.
 */
import { formatDay } from '../../../engine/dates.ts';
import type { Piece } from '../cache/piece.ts';
import { isCovered } from '../coverage.ts';
import type { Endpoint } from '../endpoints.ts';
import type { FetchContext } from '../fetch-context.ts';
import type { FetchPlan, Task } from '../planner.ts';
import { planHasAccess } from '../plans.ts';
import { listBulkFiles } from './bulk-api.ts';
import { BULK_ENDPOINTS, type BulkFile } from './bulk-files.ts';
import { choosePath, estimateFiles, worthListing, type PathInput } from './choose-path.ts';

export type BulkPlan = { plan: FetchPlan; files: BulkFile[] };

/**
 * The plan to follow: `plan` itself, or a `bulk` plan. With `list` false (a plan shown before fetching), no request
 * is made and a bulk plan counts its lower bound of requests.
 */
export async function planBulk(
  ctx: FetchContext, e: Endpoint, plan: FetchPlan, days: Int32Array, today: number, list: boolean, signal?: AbortSignal,
): Promise<BulkPlan> {
  if (!BULK_ENDPOINTS.has(e.name) || plan.requests === 0) return { plan, files: [] };
  const cache = await ctx.cache();
  const dayPieces = new Map<number, Piece>();
  for (const p of cache.pieces(e.name, '*')) if (p.from === p.to) dayPieces.set(p.from, p);
  const missing: number[] = [];
  for (const d of days) if (!isCovered(dayPieces.get(d), [], d)) missing.push(d);
  const input: PathInput = {
    mode: ctx.bulk.mode, access: planHasAccess(ctx.req.plan, 'light'), intervalMs: ctx.bulk.intervalMs,
    requests: plan.requests, missing, today,
  };
  const first = worthListing(input);
  if (!first.worth) return { plan, files: [] };
  const requestPlan = { strategy: plan.strategy, requests: plan.requests };
  if (!list) {
    const n = 1 + estimateFiles(missing, today);
    return { plan: { ...plan, strategy: 'bulk', requests: n, tasks: [], bulk: { files: n - 1, bytes: 0, listed: false, requestPlan } }, files: [] };
  }
  const choice = choosePath(input, await listBulkFiles(ctx, e, signal));
  if (choice.path === 'requests') return { plan, files: [] };
  const tasks: Task[] = choice.rest.map((d) => ({ series: '*', from: d, to: d, params: { date: formatDay(d) } }));
  const bytes = choice.files.reduce((s, f) => s + (f.size ?? 0), 0);
  return {
    plan: { ...plan, strategy: 'bulk', requests: 1 + choice.files.length + tasks.length, tasks, bulk: { files: choice.files.length, bytes, listed: true, requestPlan } },
    files: choice.files,
  };
}
