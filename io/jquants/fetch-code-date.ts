/** Fetching a code/date endpoint (bars, margins, fins) through the planner and the raw cache. */
import { parseDayMemo } from '../../engine/dates.ts';
import type { BarRecord, RawBars } from '../../engine/raw-bars.ts';
import { rawBarsFromRecords } from '../../engine/raw-from-records.ts';
import { fetchBulkFiles } from './bulk/fetch-bulk.ts';
import { planBulk } from './bulk/plan-bulk.ts';
import type { Piece } from './cache/piece.ts';
import { recordsOfColumns } from './cache/records-thread.ts';
import { ownerOf } from './coverage.ts';
import { JQuantsError } from './errors.ts';
import type { Endpoint } from './endpoints.ts';
import { countRequests, fetchTasks, recordsOf, type FetchContext } from './fetch-context.ts';
import { todayJst } from './finality.ts';
import { planCodeDate, type FetchPlan } from './planner.ts';

/** `fields`: the record fields to return (Code and the endpoint's date field are added); all when absent. */
export type CodeDateQuery = { from: number; to: number; codes: readonly string[] | null; signal?: AbortSignal; fields?: readonly string[] };
export type BusinessDays = (from: number, to: number, signal?: AbortSignal) => Promise<Int32Array>;
export type Fetched = { records: Record<string, unknown>[]; plan: FetchPlan; requests: number };
/** Where daily bars go a piece at a time as columns; `raw` may be a view of a reused buffer, so add copies it. */
export type ColumnSink = { expect(rows: number): void; appendColumns(raw: RawBars, keep: Uint8Array): void; adopt(raw: RawBars): void };

/** Cached pieces from which daily bars of every code are assembled on another thread (fewer: a thread costs more). */
const THREAD_MIN_PIECES = 64;

const NONE: readonly Piece[] = [];

/** The plan for a code/date query against the cache as it is now (may fetch the calendar, never the data). */
export async function planCodeDateQuery(ctx: FetchContext, e: Endpoint, q: CodeDateQuery, businessDays: BusinessDays): Promise<FetchPlan> {
  const queryDays = await daysOf(ctx, e, q, businessDays);
  return (await planBulk(ctx, e, await planFor(ctx, e, q, queryDays), queryDays.days, queryDays.today, false)).plan;
}

async function planFor(ctx: FetchContext, e: Endpoint, q: CodeDateQuery, { days, today }: QueryDays): Promise<FetchPlan> {
  const cache = await ctx.cache();
  return planCodeDate({
    endpoint: e, days, codes: q.codes, today, dayPieces: dayPiecesOf(cache.pieces(e.name, '*')),
    codePieces: (c) => cache.pieces(e.name, c),
  });
}

/**
 * Fetches what the cache lacks, then returns every record of the query, each (code, day) once. With `eachColumns`,
 * daily bars are handed over a piece at a time as columns instead (and `records` comes back empty).
 */
export async function fetchCodeDate(
  given: FetchContext, e: Endpoint, q: CodeDateQuery, businessDays: BusinessDays,
  eachColumns?: ColumnSink,
): Promise<Fetched> {
  const { ctx, requests } = countRequests(given); // this call's own requests, whatever runs beside it
  // One look at the calendar (and at today's date) for both the plan and the assembly of its results.
  const queryDays = await daysOf(ctx, e, q, businessDays);
  // Bulk files or requests (io/jquants/bulk/): files land as the same per-day pieces, read below as cached ones.
  const { plan, files } = await planBulk(ctx, e, await planFor(ctx, e, q, queryDays), queryDays.days, queryDays.today, true, q.signal);
  ctx.emit({ type: 'plan', endpoint: e.path, strategy: plan.strategy, requests: plan.requests, days: plan.days, codes: plan.codes, files: plan.bulk?.files });
  if (files.length > 0) await fetchBulkFiles(ctx, e, files, queryDays.days, q.signal);
  const fresh = await fetchTasks(ctx, e, plan.tasks, q.signal, eachColumns === undefined);

  const { days, to } = queryDays;
  const cache = await ctx.cache();
  const dayPieces = dayPiecesOf(cache.pieces(e.name, '*'));
  const wanted = q.codes === null ? null : new Set(q.codes);
  const pieces: Piece[] = [];
  for (const d of days) {
    const p = dayPieces.get(d);
    if (p !== undefined) pieces.push(p);
  }
  if (q.codes !== null) {
    for (const c of q.codes) for (const p of cache.pieces(e.name, c)) if (p.from <= to && p.to >= q.from) pieces.push(p);
  }
  const dayNum = parseDayMemo();
  const records: Record<string, unknown>[] = [];
  let fromCache = 0;
  let cachedRows = 0;
  const owned = (p: Piece, code: string, d: number): boolean => ownerOf(dayPieces.get(d), wanted === null ? NONE : cache.pieces(e.name, code), d) === p;
  // Every code: the pieces' rows are the output's (ownership and the range may drop a few), so it is sized once.
  if (eachColumns !== undefined && wanted === null) eachColumns.expect(pieces.reduce((n, p) => n + p.rows, 0));
  // Every code, all from the cache: the same rows assembled on another thread while the caller reads other endpoints.
  if (eachColumns !== undefined && wanted === null && cache.assembleColumns !== undefined && pieces.length >= THREAD_MIN_PIECES && !pieces.some((p) => fresh.has(p.key))) {
    const parts = pieces.map((p) => {
      const days: number[] = [];
      for (let d = Math.max(p.from, q.from); d <= Math.min(p.to, to); d++) if (ownerOf(dayPieces.get(d), NONE, d) === p) days.push(d);
      return { piece: p, days };
    });
    const r = await cache.assembleColumns(parts, q.from, to, pieces.reduce((n, p) => n + p.rows, 0)).catch((err: unknown) => {
      throw new JQuantsError('cache', (err as Error).message, { cause: err });
    });
    eachColumns.adopt(r.bars);
    ctx.emit({ type: 'cache', endpoint: e.path, pieces: pieces.length, rows: r.kept });
    return { records, plan, requests: requests() };
  }
  // Some fields of every code, all from the cache: read on another thread while the caller reads other endpoints.
  const fields = q.fields === undefined ? undefined : [...new Set([...q.fields, 'Code', e.dateField])];
  const onThread = eachColumns === undefined && fields !== undefined && wanted === null && cache.readRecordColumns !== undefined
    && pieces.length >= THREAD_MIN_PIECES && !pieces.some((p) => fresh.has(p.key)) && !fields.includes('__proto__');
  const threaded = onThread ? await cache.readRecordColumns!(pieces, fields).then((c) => recordsOfColumns(c, fields), () => null) : null;
  for (const [k, p] of pieces.entries()) {
    const isFresh = fresh.has(p.key);
    if (eachColumns !== undefined) {
      // Daily bars as columns: the piece's sidecar when it has one, else its records converted once (and saved).
      const take = (raw: RawBars): void => {
        const codeOk = raw.codes.map((c) => wanted === null || wanted.has(c));
        const keep = new Uint8Array(raw.rows);
        for (let i = 0; i < raw.rows; i++) {
          const d = raw.date[i]!;
          if (!codeOk[raw.code[i]!] || d < q.from || d > to || !owned(p, raw.codes[raw.code[i]!]!, d)) continue;
          keep[i] = 1;
          if (!isFresh) cachedRows++;
        }
        eachColumns.appendColumns(raw, keep);
      };
      if (isFresh || !(await cache.useColumns(p, take))) {
        const raw = rawBarsFromRecords((await recordsOf(cache, fresh, p)) as unknown as BarRecord[]);
        await cache.writeColumns(p, raw);
        take(raw);
      }
      if (!isFresh) fromCache++;
      continue;
    }
    const recs = threaded?.[k] ?? await recordsOf(cache, fresh, p, fields);
    if (!isFresh) fromCache++;
    for (let i = 0; i < recs.length; i++) {
      const r = recs[i]!;
      const code = r.Code as string;
      if (wanted !== null && !wanted.has(code)) continue;
      const d = dayNum(r[e.dateField] as string);
      if (d < q.from || d > to) continue;
      if (!owned(p, code, d)) continue;
      records.push(r);
      if (!isFresh) cachedRows++;
    }
  }
  if (fromCache > 0) ctx.emit({ type: 'cache', endpoint: e.path, pieces: fromCache, rows: cachedRows });
  return { records, plan, requests: requests() };
}

type QueryDays = { days: Int32Array; today: number; to: number };

/** The days a query asks for: business days, or every calendar day for an endpoint with records on closed days. */
async function daysOf(ctx: FetchContext, e: Endpoint, q: CodeDateQuery, businessDays: BusinessDays): Promise<QueryDays> {
  const today = todayJst(ctx.now());
  // Data for days after today cannot exist yet: never ask for it.
  const to = Math.min(q.to, today);
  if (q.from > to) return { days: new Int32Array(0), today, to };
  const days = e.closedDays ? Int32Array.from({ length: to - q.from + 1 }, (_, i) => q.from + i) : await businessDays(q.from, to, q.signal);
  return { days, today, to };
}

function dayPiecesOf(list: readonly Piece[]): Map<number, Piece> {
  const m = new Map<number, Piece>();
  for (const p of list) if (p.from === p.to) m.set(p.from, p);
  return m;
}
