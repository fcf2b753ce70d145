/**
 * The J-Quants API V2 client: `createClient(options)` gives fetch functions per endpoint. Each call plans
 * its requests against the raw cache, fetches only what is missing or not yet final (paced to the plan's
 * per-minute limit, at most `concurrency` in flight, transient failures retried), validates every record,
 * stores each request's records as a cache piece, and returns the records asked for.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { formatDay, parseDay } from '../../engine/dates.ts';
import type { BarRecord, RawBars, TopixRecord } from '../../engine/raw-bars.ts';
import { rawBuilder } from '../../engine/raw-builder.ts';
import type { BulkMode } from './bulk/bulk-files.ts';
import { memoryCache } from './cache/memory-cache.ts';
import { openDiskCache } from './cache/disk-cache.ts';
import type { RawCache } from './cache/cache.ts';
import { DEFAULT_BASE_URL, normaliseBaseUrl } from './config.ts';
import { ENDPOINTS, endpointOfPath, type Endpoint, type EndpointName } from './endpoints.ts';
import { refreshingCache } from './cache/refresh-cache.ts';
import { JQuantsError, missingKeyMessage } from './errors.ts';
import type { ClientEvent } from './events.ts';
import { fetchCodeDate, planCodeDateQuery, type BusinessDays, type CodeDateQuery } from './fetch-code-date.ts';
import type { FetchContext } from './fetch-context.ts';
import { fetchRange } from './fetch-range.ts';
import { fetchSnapshot, fetchSnapshots } from './fetch-snapshot.ts';
import { todayJst } from './finality.ts';
import { allOf, makePacer, type Pacer } from './pacer.ts';
import { fetchAllPages } from './paginate.ts';
import type { FetchPlan } from './planner.ts';
import { FINS_RATE, PLAN_RATE, type Plan } from './plans.ts';
import type {
  CalendarRecord, FinsDividendRecord, FinsSummaryRecord, InvestorTypeRecord, MarginAlertRecord, MarginInterestRecord, MasterRecord,
} from './records.ts';
import { makeRedactor } from './redact.ts';
import type { RequestContext } from './request.ts';

export type ClientOptions = {
  apiKey: string;
  /** Default https://api.jquants.com/v2 (JQUANTS_API_BASE_URL). */
  baseUrl?: string;
  /** Sets the pacing budget (free 5, light 60, standard 120, premium 500 per minute). Default free. */
  plan?: Plan;
  /** Requests in flight at most (MAX_CONCURRENT_FETCH). Default 4. */
  concurrency?: number;
  /** Retries after the first attempt (API_RETRY_COUNT). Default 5. */
  retries?: number;
  /** First backoff delay in ms, doubled per retry, with jitter (API_RETRY_DELAY). Default 1000. */
  retryDelayMs?: number;
  /** Cap of one backoff delay. Default 30 s. */
  maxRetryDelayMs?: number;
  /** Longest Retry-After obeyed; a longer one fails the request. Default 6 min. */
  maxRetryAfterMs?: number;
  /** Stand-back after 3 consecutive 429s without Retry-After (a blocked key recovers in ~5 min). Default 310 s. */
  lockoutMs?: number;
  /** Per-attempt timeout. Default 30 s. */
  timeoutMs?: number;
  /** Raw cache folder; without it the client caches in memory for its own lifetime. */
  cacheDir?: string;
  /** Endpoints to refetch even where the cache holds them (the new records replace the cached ones). */
  refresh?: readonly EndpointName[];
  /** Pace requests to the plan's limit. Default true. */
  pacing?: boolean;
  /** Overrides the plan's limit: `limit` requests per `windowMs` (and `finsLimit` for /fins/ paths). */
  rate?: { limit: number; windowMs: number; finsLimit?: number };
  /** Clock (ms since epoch), for finality decisions. Default Date.now. */
  now?: () => number;
  /** Jitter source in [0, 1). Default Math.random. */
  random?: () => number;
  /** TSE business days in [from, to]; default: from the API's /markets/calendar (cached). */
  businessDays?: (from: number, to: number) => Int32Array | Promise<Int32Array>;
  onEvent?: (e: ClientEvent) => void;
  /** Bulk files for long first fetches of daily bars: `auto` (default) when cheaper, `off` never, `always` when listed. */
  bulk?: BulkMode;
};

/** A day as ISO `YYYY-MM-DD` (or `YYYYMMDD`) or as days since epoch. */
export type DayInput = string | number;
/**
 * A code/date query. `fields`: each record holds only those of them it has (and Code and the endpoint's date field),
 * so that less is built; a long cached range is then read on another thread.
 */
export type CodeDateArgs = { from: DayInput; to: DayInput; codes?: readonly string[]; signal?: AbortSignal; fields?: readonly string[] };
export type RangeArgs = { from: DayInput; to: DayInput; signal?: AbortSignal };
export type FetchResult<T> = { records: T[]; plan: FetchPlan; /** HTTP requests made, pages and retries included. */ requests: number };
export type ClientStats = { requests: number; retries: number; bytes: number };

export type Client = {
  readonly plan: Plan;
  readonly baseUrl: string;
  /** Daily bars (`/equities/bars/daily`) of `codes` (default every code) over [from, to]. */
  fetchDailyBars(q: CodeDateArgs): Promise<FetchResult<BarRecord>>;
  /** Daily bars as columns, built a piece at a time so that memory never holds every record at once. */
  fetchDailyBarsColumns(q: CodeDateArgs): Promise<{ bars: RawBars; plan: FetchPlan; requests: number }>;
  /** The plan fetchDailyBars would follow now: strategy and request count, without fetching bars. */
  planDailyBars(q: CodeDateArgs): Promise<FetchPlan>;
  /** The last day of daily bars the raw cache holds for these codes (every code when omitted); no request. */
  cachedBarsThrough(codes?: readonly string[]): Promise<number | undefined>;
  /**
   * True when the raw cache is empty or holds a piece that was not final when fetched (a run over its days refetches
   * it): a hint that requests are coming. No request.
   */
  cacheHasUnfinished(): Promise<boolean>;
  /** TOPIX (`/indices/bars/daily/topix`) over [from, to], ascending. */
  fetchTopix(q: RangeArgs): Promise<FetchResult<TopixRecord>>;
  /**
   * The listed master (`/equities/master`) of `date`; without one, the latest snapshot (cached as today's). With
   * `fields`, each record holds only those fields (fewer to build from the cache).
   */
  fetchMaster(q?: { date?: DayInput; codes?: readonly string[]; fields?: readonly (keyof MasterRecord)[]; signal?: AbortSignal }): Promise<FetchResult<MasterRecord>>;
  /**
   * Listed-master snapshots of several days (each cached as fetchMaster caches it), one array of records per day,
   * each record holding only those of `fields` it has (in the order of `fields`).
   */
  fetchMasterDays(q: { days: readonly DayInput[]; fields: readonly (keyof MasterRecord)[]; signal?: AbortSignal }): Promise<{ records: MasterRecord[][]; requests: number }>;
  /** The trading calendar (`/markets/calendar`) over [from, to]; may run into the future. */
  fetchCalendar(q: RangeArgs): Promise<FetchResult<CalendarRecord>>;
  /** Investor-type flows (`/equities/investor-types`) published in [from, to], optionally of one section. */
  fetchInvestorTypes(q: RangeArgs & { section?: string }): Promise<FetchResult<InvestorTypeRecord>>;
  /** Weekly margin interest (`/markets/margin-interest`). */
  fetchMarginInterest(q: CodeDateArgs): Promise<FetchResult<MarginInterestRecord>>;
  /** Daily margin alerts (`/markets/margin-alert`), by publication date. */
  fetchMarginAlert(q: CodeDateArgs): Promise<FetchResult<MarginAlertRecord>>;
  /** Financial summaries (`/fins/summary`), by disclosure date. */
  fetchFinsSummary(q: CodeDateArgs): Promise<FetchResult<FinsSummaryRecord>>;
  /** Dividends (`/fins/dividend`), by announcement date. */
  fetchFinsDividend(q: CodeDateArgs): Promise<FetchResult<FinsDividendRecord>>;
  /** Business days in [from, to] as the client sees them (the API calendar unless overridden). */
  businessDays(from: DayInput, to: DayInput, signal?: AbortSignal): Promise<Int32Array>;
  /** Every page of a GET (no cache); records of a known endpoint are validated. 210 gives []. */
  get(path: string, params?: Record<string, string>, signal?: AbortSignal): Promise<unknown[]>;
  stats(): ClientStats;
  /** Flushes the cache manifest and closes connections. */
  close(): Promise<void>;
};

/** A client for the J-Quants API V2 (or a stand-in at `baseUrl`). */
export function createClient(o: ClientOptions): Client {
  if (typeof o.apiKey !== 'string' || o.apiKey.trim() === '') throw new JQuantsError('config', missingKeyMessage());
  const baseUrl = normaliseBaseUrl(o.baseUrl ?? DEFAULT_BASE_URL);
  const plan = o.plan ?? 'free';
  const concurrency = Math.max(1, o.concurrency ?? 4);
  const redact = makeRedactor([o.apiKey]);
  const emit = (e: ClientEvent): void => {
    if (o.onEvent === undefined) return;
    const copy: Record<string, unknown> = { ...e };
    for (const k of Object.keys(copy)) if (typeof copy[k] === 'string') copy[k] = redact(copy[k] as string);
    o.onEvent(copy as ClientEvent);
  };
  const dispatcher = new Agent({ connections: concurrency, keepAliveTimeout: 10_000 });
  const req: RequestContext = {
    dispatcher, baseUrl, apiKey: o.apiKey, plan,
    retries: o.retries ?? 5,
    retryDelayMs: o.retryDelayMs ?? 1000,
    maxRetryDelayMs: o.maxRetryDelayMs ?? 30_000,
    maxRetryAfterMs: o.maxRetryAfterMs ?? 360_000,
    lockoutMs: o.lockoutMs ?? 310_000,
    lockoutAfter: 3,
    timeoutMs: o.timeoutMs ?? 30_000,
    random: o.random ?? Math.random,
    emit, redact,
    state: { requests: 0, retries: 0, bytes: 0, streak429: 0 },
  };
  const pacing = o.pacing ?? true;
  const windowMs = o.rate?.windowMs ?? 60_000;
  const planPacer = makePacer(pacing ? o.rate?.limit ?? PLAN_RATE[plan] : Number.POSITIVE_INFINITY, windowMs);
  const finsPacer = allOf([planPacer, makePacer(pacing ? o.rate?.finsLimit ?? FINS_RATE : Number.POSITIVE_INFINITY, windowMs)]);
  // The server caps fins/summary and fins/details at 60/min; pacing every /fins/ path so costs little.
  const pacerFor = (e: Endpoint): Pacer => (e.path.startsWith('/fins/') ? finsPacer : planPacer);

  let cachePromise: Promise<RawCache> | undefined;
  const cache = (): Promise<RawCache> => {
    cachePromise ??= (o.cacheDir === undefined ? Promise.resolve(memoryCache()) : openDiskCache(o.cacheDir, baseUrl))
      .then((c) => (o.refresh === undefined || o.refresh.length === 0 ? c : refreshingCache(c, o.refresh)));
    return cachePromise;
  };
  const now = o.now ?? Date.now;
  let downloads: string | undefined;
  const bulk = {
    mode: o.bulk ?? 'auto', intervalMs: pacing ? (windowMs / (o.rate?.limit ?? PLAN_RATE[plan])) * 1.02 : 0,
    downloadsDir: () => (downloads ??= o.cacheDir === undefined ? mkdtempSync(join(tmpdir(), 'gq-bulk-')) : join(o.cacheDir, 'bulk-downloads')),
  };
  const ctx: FetchContext = { req, cache, pacerFor, concurrency, now, emit, bulk };

  const calendarDays: BusinessDays = async (from, to, signal) => {
    if (o.businessDays !== undefined) return o.businessDays(from, to);
    const { records } = await fetchRange(ctx, ENDPOINTS.calendar, { from, to, future: true, signal });
    const out: number[] = [];
    for (const r of records) if (r.HolDiv === '1' || r.HolDiv === '2') out.push(parseDay(r.Date as string));
    return Int32Array.from(out).sort();
  };
  const codeDate = async (e: Endpoint, q: CodeDateArgs): Promise<FetchResult<never>> => {
    const r = await fetchCodeDate(ctx, e, codeDateQuery(q), calendarDays);
    return r as FetchResult<never>;
  };
  const range = async (e: Endpoint, q: RangeArgs, params?: Record<string, string>, future = false): Promise<FetchResult<never>> => {
    const [from, to] = dayRange(q.from, q.to);
    return (await fetchRange(ctx, e, { from, to, params, future, signal: q.signal })) as FetchResult<never>;
  };

  return {
    plan,
    baseUrl,
    fetchDailyBars: (q) => codeDate(ENDPOINTS.bars, q),
    async fetchDailyBarsColumns(q) {
      const builder = rawBuilder();
      const r = await fetchCodeDate(ctx, ENDPOINTS.bars, codeDateQuery(q), calendarDays, builder);
      return { bars: builder.finish(), plan: r.plan, requests: r.requests };
    },
    planDailyBars: (q) => planCodeDateQuery(ctx, ENDPOINTS.bars, codeDateQuery(q), calendarDays),
    async cachedBarsThrough(codes) {
      const c = await cache();
      const want = codes === undefined ? undefined : new Set(codes.map(normaliseCode));
      let last: number | undefined;
      for (const series of c.series('bars')) {
        if (series !== '*' && want !== undefined && !want.has(series)) continue;
        for (const p of c.pieces('bars', series)) if (p.rows > 0 && (last === undefined || p.to > last)) last = p.to;
      }
      return last;
    },
    async cacheHasUnfinished() {
      const c = await cache();
      let any = false;
      for (const e of Object.keys(ENDPOINTS) as EndpointName[]) {
        for (const series of c.series(e)) {
          for (const p of c.pieces(e, series)) {
            any = true;
            if (p.finalThrough < p.to) return true;
          }
        }
      }
      return !any;
    },
    fetchTopix: (q) => range(ENDPOINTS.topix, q),
    async fetchMaster(q = {}) {
      const day = q.date === undefined ? todayJst(now()) : toDay(q.date, 'date');
      const codes = q.codes === undefined ? null : q.codes.map(normaliseCode);
      return (await fetchSnapshot(ctx, ENDPOINTS.master, day, codes, q.date === undefined, q.signal, q.fields)) as FetchResult<never>;
    },
    async fetchMasterDays(q) {
      return (await fetchSnapshots(ctx, ENDPOINTS.master, q.days.map((d) => toDay(d, 'date')), q.fields, q.signal)) as { records: never[][]; requests: number };
    },
    fetchCalendar: (q) => range(ENDPOINTS.calendar, q, undefined, true),
    fetchInvestorTypes: (q) => range(ENDPOINTS.investorTypes, q, q.section === undefined ? undefined : { section: q.section }),
    fetchMarginInterest: (q) => codeDate(ENDPOINTS.marginInterest, q),
    fetchMarginAlert: (q) => codeDate(ENDPOINTS.marginAlert, q),
    fetchFinsSummary: (q) => codeDate(ENDPOINTS.finsSummary, q),
    fetchFinsDividend: (q) => codeDate(ENDPOINTS.finsDividend, q),
    businessDays: (from, to, signal) => {
      const [a, b] = dayRange(from, to);
      return calendarDays(a, b, signal);
    },
    async get(path, params = {}, signal) {
      const e = endpointOfPath(path);
      return fetchAllPages(req, e === undefined ? planPacer : pacerFor(e), path, params, signal, e);
    },
    stats: () => ({ requests: req.state.requests, retries: req.state.retries, bytes: req.state.bytes }),
    async close() {
      if (cachePromise !== undefined) await (await cachePromise).close();
      await dispatcher.close();
    },
  };
}

function codeDateQuery(q: CodeDateArgs): CodeDateQuery {
  const [from, to] = dayRange(q.from, q.to);
  const codes = q.codes === undefined ? null : [...new Set(q.codes.map(normaliseCode))];
  return { from, to, codes, signal: q.signal, fields: q.fields };
}

function dayRange(from: DayInput, to: DayInput): [number, number] {
  const a = toDay(from, 'from');
  const b = toDay(to, 'to');
  if (a > b) throw new JQuantsError('config', `date range is empty: from ${formatDay(a)} is after to ${formatDay(b)}`);
  return [a, b];
}

function toDay(x: DayInput, name: string): number {
  const d = typeof x === 'number' ? x : parseDay(x);
  if (!Number.isInteger(d)) throw new JQuantsError('config', `${name} "${String(x)}" is not a date (expected YYYY-MM-DD)`);
  return d;
}

/** A code as the API writes it: 5 characters; a 4-character code gets the common-stock 0 (spec §2.1). */
export function normaliseCode(c: string): string {
  const s = String(c).trim().toUpperCase();
  if (!/^[0-9][0-9A-Z][0-9][0-9A-Z][0-9]?$/.test(s)) {
    throw new JQuantsError('config', `"${c}" is not a J-Quants code (4 or 5 characters such as 7203, 72030 or 130A0)`);
  }
  return s.length === 4 ? `${s}0` : s;
}
